"""Devices set up from a linked account, with the fake cloud and the simulator.

The emulators are bound to the fake cloud's account with their own keys; once
the account is linked, every device Bluetooth sees is offered for setup with no
key to type, and the entry keeps the cloud's category and DP model.
"""

from __future__ import annotations

from collections.abc import Callable
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_BLUETOOTH,
    SOURCE_INTEGRATION_DISCOVERY,
    ConfigEntryState,
)
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_ENTITY_ID, STATE_ON
from homeassistant.core import HomeAssistant

from custom_components.tuya_bluetooth.const import DOMAIN
from custom_components.tuya_bluetooth.tuya.cloud import DataCenter, TuyaCloudError
from simulator.products import SENSOR, SWITCH, Product

from .common import Cloud, Simulated, entity_id_of, link_by_qr, menu


def _flows(hass: HomeAssistant, source: str) -> list[dict[str, object]]:
    return [
        dict(flow)
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == source
    ]


async def _dismiss_bluetooth_offers(hass: HomeAssistant) -> None:
    """Bluetooth discovery offered the devices first; the user closes those."""
    await hass.async_block_till_done(wait_background_tasks=True)
    for flow in _flows(hass, SOURCE_BLUETOOTH):
        hass.config_entries.flow.async_abort(str(flow["flow_id"]))


def _in_account(cloud: Cloud, device: Simulated, **kwargs: object) -> None:
    cloud.fake.add_device(device.emulator.identity, cloud.account, **kwargs)  # type: ignore[arg-type]


async def test_linked_account_offers_every_nearby_device(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    switch, sensor = simulate(SWITCH), simulate(SENSOR)
    for device in (switch, sensor):
        _in_account(cloud, device, name=f"Kitchen {device.emulator.product_id}")
    await _dismiss_bluetooth_offers(hass)

    await link_by_qr(hass, cloud)
    await hass.async_block_till_done(wait_background_tasks=True)
    offered = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    assert {flow["context"]["unique_id"] for flow in offered} == {  # type: ignore[index]
        switch.emulator.uuid,
        sensor.emulator.uuid,
    }
    for flow in offered:
        result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]))
        assert result["step_id"] == "cloud_device"
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
        assert result["type"] == "create_entry", result
    await hass.async_block_till_done(wait_background_tasks=True)

    entry = hass.config_entries.async_entry_for_domain_unique_id(
        DOMAIN, switch.emulator.uuid
    )
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED
    assert entry.title == f"Kitchen {SWITCH.product_id}"
    assert entry.data["category"] == "kg"
    assert entry.data["local_key"] == switch.emulator.identity.local_key
    codes = {dp["code"] for dp in entry.data["dp_model"]["dps"]}
    assert {"switch_1", "countdown_1", "relay_status"} <= codes
    # The catalog's entities, controllable.
    gang = entity_id_of(hass, switch, "switch", "dp_1")
    assert hass.states.get(gang).attributes[ATTR_DEVICE_CLASS] == "outlet"  # type: ignore[union-attr]
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: gang}, blocking=True
    )
    assert switch.emulator.dp_values[1] is True
    assert hass.states.get(gang).state == STATE_ON  # type: ignore[union-attr]


async def test_device_discovered_over_bluetooth_uses_the_account_keys(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await link_by_qr(hass, cloud)
    await hass.async_block_till_done(wait_background_tasks=True)
    # The Bluetooth flow came first; the account's offer of the same device
    # waits behind it (one flow per device).
    (flow,) = [
        f
        for f in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if f["context"].get("unique_id") == device.emulator.uuid
    ]
    assert flow["context"]["source"] == SOURCE_BLUETOOTH
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    # Confirmed: no key asked for, the account's were tried and kept.
    assert result["type"] == "create_entry", result
    assert result["data"]["category"] == "kg"
    assert result["data"]["device_id"] == device.emulator.identity.device_id
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_account_without_the_local_key_says_so(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SENSOR)
    _in_account(cloud, device, sharing_local_key=False)
    await _dismiss_bluetooth_offers(hass)
    await link_by_qr(hass, cloud)
    await hass.async_block_till_done(wait_background_tasks=True)
    (flow,) = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]))
    assert result["step_id"] == "cloud_device"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "no_local_key"
    assert result["description_placeholders"] == {
        "name": device.emulator.identity.name
        or result["description_placeholders"]["name"],
        "account": "alice@example.com",
    }
    assert device.emulator.connections == 0


async def test_cloud_device_errors(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Out of range at the moment of setup; a cloud that fails the DP model."""
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await _dismiss_bluetooth_offers(hass)
    await link_by_qr(hass, cloud)
    await hass.async_block_till_done(wait_background_tasks=True)
    (flow,) = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]))
    with patch(
        "custom_components.tuya_bluetooth.config_flow_cloud_device.async_discovered_service_info",
        return_value=[],
    ):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "device_not_reachable"}
    with patch(
        "custom_components.tuya_bluetooth.config_flow_cloud_device.async_cloud_dp_model",
        side_effect=TuyaCloudError("down"),
    ):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    # Set up with what the device reported instead of the cloud's model.
    assert result["type"] == "create_entry"
    assert result["data"]["dp_model"]["source"] == "reported"
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_offer_from_an_account_that_is_gone(
    hass: HomeAssistant, cloud: Cloud
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={"account_entry_id": "nope", "device_id": "nope"},
    )
    assert result["type"] == "abort"
    assert result["reason"] == "account_gone"


async def _offered(hass: HomeAssistant) -> str:
    await hass.async_block_till_done(wait_background_tasks=True)
    (flow,) = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]))
    assert result["step_id"] == "cloud_device"
    return result["flow_id"]


async def test_developer_project_offers_devices_with_the_thing_model(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SENSOR)
    _in_account(cloud, device)
    await _dismiss_bluetooth_offers(hass)
    result = await menu(hass, "project")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "access_id": cloud.project.client_id,
            "access_secret": cloud.project.client_secret,
            "data_center": DataCenter.CENTRAL_EUROPE.value,
            "uid": cloud.account.uid,
        },
    )
    assert result["type"] == "create_entry", result
    flow_id = await _offered(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] == "create_entry", result
    assert result["data"]["category"] == "wsdcg"
    assert result["data"]["dp_model"]["source"] == "thing_model"
    await hass.async_block_till_done(wait_background_tasks=True)
    temperature = hass.states.get(entity_id_of(hass, device, "sensor", "dp_1"))
    assert temperature is not None
    assert temperature.attributes[ATTR_DEVICE_CLASS] == "temperature"


async def test_stale_account_key_is_refused_by_the_device(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Re-paired in the app since the account was listed: the key is refused."""
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await _dismiss_bluetooth_offers(hass)
    await link_by_qr(hass, cloud)
    flow_id = await _offered(hass)
    device.emulator._keys.login_key = b"other!"
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["errors"] == {"base": "invalid_key"}
    assert (
        hass.config_entries.async_entry_for_domain_unique_id(
            DOMAIN, device.emulator.uuid
        )
        is None
    )

"""Devices set up from a linked account, with the fake cloud and the simulator.

The emulators are bound to the fake cloud's account with their own keys; once
the account is linked, every device Bluetooth sees is offered for setup with no
key to type, and the entry keeps the cloud's category and DP model.
"""

from __future__ import annotations

from collections.abc import Callable
from unittest.mock import patch

from homeassistant.components.bluetooth import async_rediscover_address
from homeassistant.config_entries import (
    SOURCE_BLUETOOTH,
    SOURCE_INTEGRATION_DISCOVERY,
    SOURCE_REAUTH,
    ConfigEntryState,
)
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_ENTITY_ID, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.tuya_bluetooth.const import ACCOUNT_REFRESH_INTERVAL, DOMAIN
from custom_components.tuya_bluetooth.tuya.cloud import DataCenter, TuyaCloudError
from simulator.products import SENSOR, SWITCH, Product

from .common import (
    Cloud,
    Simulated,
    entity_id_of,
    link_by_project,
    link_by_qr,
    menu,
    set_up_from_account,
)


def _flows(hass: HomeAssistant, source: str) -> list[dict[str, object]]:
    return [
        dict(flow)
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == source
    ]


async def _dismiss_offers(hass: HomeAssistant, source: str) -> None:
    """Offers the user closes (without ignoring the devices)."""
    await hass.async_block_till_done(wait_background_tasks=True)
    for flow in _flows(hass, source):
        hass.config_entries.flow.async_abort(str(flow["flow_id"]))


async def _dismiss_bluetooth_offers(hass: HomeAssistant) -> None:
    """Bluetooth discovery offered the devices first; the user closes those."""
    await _dismiss_offers(hass, SOURCE_BLUETOOTH)


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
    # The device registry shows the product as the app names it.
    registered = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, switch.emulator.uuid), entry.entry_id
    )
    assert registered is not None
    assert (registered.model, registered.model_id) == (SWITCH.name, SWITCH.product_id)
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


async def test_account_offer_replaces_the_bluetooth_offer(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Bluetooth offered the device under a made-up name; the account's offer,
    with the app's name and no key to type, takes its place."""
    device = simulate(SWITCH)
    _in_account(cloud, device, name="Hall switch")
    await hass.async_block_till_done(wait_background_tasks=True)
    (before,) = _flows(hass, SOURCE_BLUETOOTH)
    assert before["context"]["title_placeholders"]["name"].startswith("Tuya ")  # type: ignore[index]

    await link_by_qr(hass, cloud)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert _flows(hass, SOURCE_BLUETOOTH) == []
    (flow,) = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    assert flow["context"]["title_placeholders"] == {"name": "Hall switch"}  # type: ignore[index]
    assert flow["context"]["unique_id"] == device.emulator.uuid  # type: ignore[index]


async def test_device_seen_after_linking_is_set_up_with_the_account_keys(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    await link_by_qr(hass, cloud)
    device = simulate(SWITCH)
    _in_account(cloud, device, name="Porch switch")
    # The account listed its devices when it was set up: list them again.
    assert await hass.config_entries.async_reload(
        hass.config_entries.async_entries(DOMAIN)[0].entry_id
    )
    await _dismiss_offers(hass, SOURCE_INTEGRATION_DISCOVERY)
    # Comes into range again after that: Bluetooth discovery finds it anew.
    async_rediscover_address(hass, device.emulator.address)
    device.advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    (flow,) = _flows(hass, SOURCE_BLUETOOTH)
    # Matched by uuid at discovery: the app's name, one confirmation, no keys.
    assert flow["context"]["title_placeholders"] == {"name": "Porch switch"}  # type: ignore[index]
    assert flow["step_id"] == "cloud_device"
    result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]), {})
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


async def test_devices_added_in_the_app_later_are_offered(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    account = await link_by_qr(hass, cloud)
    device = simulate(SWITCH)
    _in_account(cloud, device, name="New lamp")
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _flows(hass, SOURCE_INTEGRATION_DISCOVERY) == []

    async_fire_time_changed(hass, dt_util.utcnow() + ACCOUNT_REFRESH_INTERVAL)
    await hass.async_block_till_done(wait_background_tasks=True)

    (flow,) = _flows(hass, SOURCE_INTEGRATION_DISCOVERY)
    assert flow["context"]["title_placeholders"] == {"name": "New lamp"}  # type: ignore[index]
    assert _flows(hass, SOURCE_BLUETOOTH) == []  # the made-up name is gone
    assert device.emulator.uuid in account.runtime_data.devices

    # A login that died meanwhile asks for the account once.
    cloud.fake.revoke_tokens("sharing")
    for hours in (2, 3):
        async_fire_time_changed(
            hass, dt_util.utcnow() + ACCOUNT_REFRESH_INTERVAL * hours
        )
        await hass.async_block_till_done(wait_background_tasks=True)
    reauths = _flows(hass, SOURCE_REAUTH)
    assert [f["context"]["entry_id"] for f in reauths] == [account.entry_id]  # type: ignore[index]


async def test_a_removed_device_is_offered_again(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    _in_account(cloud, device, name="Desk switch")
    await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)

    assert await hass.config_entries.async_remove(entry.entry_id)
    device.advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    (flow,) = _flows(hass, SOURCE_BLUETOOTH)
    assert flow["context"]["title_placeholders"] == {"name": "Desk switch"}  # type: ignore[index]


async def test_keys_the_cloud_cannot_give_now(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """A developer project asks the thing API for the key when the device is
    added; when that fails the offer says so and nothing is created."""
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await _dismiss_bluetooth_offers(hass)
    await link_by_project(hass, cloud)
    flow_id = await _offered(hass)
    cloud.fake.faults.server_error(503, api="openapi", path="/cloud/thing/", count=5)

    result = await hass.config_entries.flow.async_configure(flow_id, {})

    assert result["errors"] == {"base": "cloud_unreachable"}
    assert device.emulator.connections == 0


async def test_device_picked_from_the_list_uses_its_account(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Add a device seen nearby: one a linked account has needs no keys either."""
    device = simulate(SWITCH)
    _in_account(cloud, device, name="Garage switch")
    await _dismiss_bluetooth_offers(hass)
    await link_by_qr(hass, cloud)
    await _dismiss_offers(hass, SOURCE_INTEGRATION_DISCOVERY)

    result = await menu(hass, "pick_device")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"uuid": device.emulator.uuid}
    )
    assert result["step_id"] == "cloud_device"
    assert result["description_placeholders"]["name"] == "Garage switch"  # type: ignore[index]
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry", result
    assert result["title"] == "Garage switch"
    await hass.async_block_till_done(wait_background_tasks=True)

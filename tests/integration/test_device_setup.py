"""Device entries with manual keys, through Home Assistant and the simulator.

Each simulated product is discovered over the virtual proxy, set up with its
keys (tried on the emulator before the entry exists), and then controlled with
`tuya_bluetooth.send_dp`; the emulator's own reports flow back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import logging
from unittest.mock import patch

from homeassistant.components import bluetooth
from homeassistant.config_entries import (
    SOURCE_BLUETOOTH,
    ConfigEntryState,
)
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.tuya_bluetooth.const import (
    DOMAIN,
    RECONNECT_CAP,
)
from custom_components.tuya_bluetooth.tuya.errors import ConnectError, DeviceInfoError
from simulator.products import LIGHT, LOCK, SENSOR, SWITCH, Product
from simulator.scanner import VirtualRemoteScanner

from .common import Simulated, device_id_of, discovered_flow, send_dp, set_up


@pytest.mark.parametrize(
    "product", [LIGHT, SWITCH, SENSOR, LOCK], ids=lambda p: p.category
)
async def test_discovered_device_with_keys_is_controllable(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    product: Product,
) -> None:
    device = simulate(product)
    entry = await set_up(hass, device)
    # What the device needs to run without the cloud was stored.
    assert entry.data["local_key"] == device.emulator.identity.local_key
    assert entry.data["firmware_version"] == product.firmware_version
    stored_ids = {dp["dp_id"] for dp in entry.data["dp_model"]["dps"]}
    assert stored_ids == set(device.emulator.dp_values)
    registered = dr.async_get(hass).async_get(device_id_of(hass, device))
    assert registered is not None
    assert registered.sw_version == product.firmware_version
    assert (DOMAIN, device.emulator.uuid) in registered.identifiers

    writable = [s for s in product.dps if s.writable and s.dp_type == 1]
    if writable:
        dp_id = writable[0].dp_id
        before = device.emulator.dp_values[dp_id]
        await hass.services.async_call(
            DOMAIN,
            "send_dp",
            {
                "device_id": device_id_of(hass, device),
                "dp_id": dp_id,
                "value": not before,
            },
            blocking=True,
        )
        assert device.emulator.dp_values[dp_id] is (not before)
        writes = [w for w in device.emulator.dp_writes if dp_id in w.values]
        assert len(writes) == 1  # applied exactly once

    # A change on the device side reaches Home Assistant.
    response = await hass.services.async_call(
        DOMAIN,
        "query_dps",
        {"device_id": device_id_of(hass, device)},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    reported = response["dps"]
    assert set(reported) == {str(dp_id) for dp_id in device.emulator.dp_values}


async def test_wrong_key_is_refused_before_any_entry(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    flow_id = await discovered_flow(hass, device)
    wrong = {**device.keys, "local_key": "0123456789abcdef"}
    result = await hass.config_entries.flow.async_configure(flow_id, wrong)
    assert result["type"] == "form"
    assert result["errors"] == {"base": "invalid_key"}
    assert hass.config_entries.async_entries(DOMAIN) == []
    # The right key then works in the same flow.
    result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_short_key_is_a_format_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    flow_id = await discovered_flow(hass, device)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**device.keys, "local_key": "abc"}
    )
    assert result["errors"] == {"base": "invalid_key_format"}
    assert device.emulator.connections == 0


async def test_send_dp_validates_against_the_model(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    await set_up(hass, device)
    device_id = device_id_of(hass, device)
    for dp_id, value, key in (
        (99, True, "unknown_dp"),
        (1, "yes", "dp_value_not_bool"),
    ):
        with pytest.raises(ServiceValidationError) as caught:
            await hass.services.async_call(
                DOMAIN,
                "send_dp",
                {"device_id": device_id, "dp_id": dp_id, "value": value},
                blocking=True,
            )
        assert caught.value.translation_key == key
    assert device.emulator.dp_writes == []


async def test_refused_write_is_a_translated_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    await set_up(hass, device)
    # The model built from reports knows DP 7 as a value of any range; the device
    # itself refuses 999999 (over 86400).
    with pytest.raises(HomeAssistantError) as caught:
        await send_dp(hass, device, 7, 999_999)
    assert caught.value.translation_key == "command_failed"


async def test_unload_and_reload(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not device.emulator.connected  # the link is closed at unload
    device.advertise()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await send_dp(hass, device, 20, False)
    assert device.emulator.dp_values[20] is False


async def test_entry_without_keys_asks_for_them(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """An entry of the discovery-only 0.1 flow is migrated and leads to reauth."""
    device = simulate(SWITCH)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=device.emulator.uuid,
        version=1,
        minor_version=1,
        data={
            "address": device.emulator.address,
            "uuid": device.emulator.uuid,
            "product_id": SWITCH.product_id,
            "protocol_version": 3,
        },
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.minor_version == 2
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    reauth = [f for f in flows if f["context"]["source"] == "reauth"]
    assert len(reauth) == 1
    result = await hass.config_entries.flow.async_configure(
        reauth[0]["flow_id"], device.keys
    )
    assert result["type"] == "abort"
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["local_key"] == device.emulator.identity.local_key


async def test_diagnostics_and_logs_hold_no_secret(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
    await send_dp(hass, device, 20, False)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = str(diagnostics)
    identity = device.emulator.identity
    secrets = [identity.local_key, identity.local_key[:6], identity.auth_key]
    for secret in secrets:
        assert secret not in text
        assert secret not in caplog.text
    assert diagnostics["entry"]["data"]["local_key"] == "**REDACTED**"
    assert diagnostics["device"]["connected"] in (True, False)
    assert "20" in diagnostics["device"]["dps"]


async def test_unreachable_device_raises_a_repair_until_it_is_back(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    # Home Assistant forgets the device (out of range of every proxy).
    with patch(
        "homeassistant.components.bluetooth.async_ble_device_from_address",
        return_value=None,
    ):
        await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, f"device_unreachable_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["address"] == device.emulator.address
    assert issue.translation_placeholders["reason"]
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert (
        issues.async_get_issue(DOMAIN, f"device_unreachable_{entry.entry_id}") is None
    )


async def test_missing_scan_response_asks_for_an_active_scan(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    virtual_scanner: VirtualRemoteScanner,
) -> None:
    device = simulate(LIGHT)
    await hass.async_block_till_done(wait_background_tasks=True)
    info = bluetooth.async_last_service_info(hass, device.emulator.address, True)
    assert info is not None
    # The same sighting without its scan response (a passive scanner's view).
    passive = bluetooth.BluetoothServiceInfoBleak(
        name=info.name,
        address=info.address,
        rssi=info.rssi,
        manufacturer_data={},
        service_data=info.service_data,
        service_uuids=info.service_uuids,
        source=info.source,
        device=info.device,
        advertisement=info.advertisement,
        connectable=True,
        time=info.time,
        tx_power=info.tx_power,
    )
    for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN):
        hass.config_entries.flow.async_abort(flow["flow_id"])
    with patch(
        "custom_components.tuya_bluetooth.config_flow.async_request_active_scan"
    ) as active_scan:
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=passive
        )
    active_scan.assert_awaited_once()
    # The scan response had arrived by then: the flow goes on.
    assert result["type"] == "form"
    assert result["step_id"] == "bluetooth_confirm"


async def test_stop_closes_the_link(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """Nothing is held open across a restart (the next start: test_unload_and_reload)."""
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
    assert device.emulator.connected
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not device.emulator.connected
    assert not entry.runtime_data.coordinator.device.is_connected


async def test_key_rejected_after_setup_starts_one_reauth(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """The device was paired again in the app: its key changed under us."""
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
    # Re-paired elsewhere: the device now holds another login key.
    device.emulator._keys.login_key = b"other!"
    device.emulator.power_off()
    device.emulator.power_on()
    device.advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP))
    await hass.async_block_till_done(wait_background_tasks=True)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    reauth = [f for f in flows if f["context"]["source"] == "reauth"]
    assert len(reauth) == 1
    assert reauth[0]["context"]["entry_id"] == entry.entry_id
    assert not entry.runtime_data.coordinator.device.is_connected


async def test_query_failure_is_a_translated_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    await set_up(hass, device)
    device.emulator.power_off()
    await hass.async_block_till_done(wait_background_tasks=True)
    with (
        patch.object(
            type(
                hass.config_entries.async_entries(DOMAIN)[
                    0
                ].runtime_data.coordinator.device
            ),
            "ensure_connected",
            side_effect=ConnectError("gone"),
        ),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await hass.services.async_call(
            DOMAIN,
            "query_dps",
            {"device_id": device_id_of(hass, device)},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "query_failed"


async def test_keys_step_errors_for_unreachable_and_failed_connections(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    flow_id = await discovered_flow(hass, device)
    with patch(
        "custom_components.tuya_bluetooth.device_probe.async_ble_device_from_address",
        return_value=None,
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["errors"] == {"base": "device_not_reachable"}
    device.emulator.power_off()
    result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["errors"] == {"base": "cannot_connect"}
    with patch(
        "custom_components.tuya_bluetooth.device_probe.TuyaBLEDevice.ensure_connected",
        side_effect=DeviceInfoError("odd answer"),
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["errors"] == {"base": "cannot_connect"}
    device.emulator.power_on()
    device.advertise()
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**device.keys, "sec_key": "  sec0123456789ab "}
    )
    assert result["type"] == "create_entry"
    assert result["data"]["sec_key"] == "sec0123456789ab"
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_reauth_with_a_wrong_key_shows_the_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    # A device takes one connection at a time; the entry's own is closed (as when
    # the device rejected the key).
    await entry.runtime_data.coordinator.device.disconnect()
    entry.async_start_reauth(hass)
    await hass.async_block_till_done()
    (flow,) = [
        f
        for f in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if f["context"]["source"] == "reauth"
    ]
    result = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**device.keys, "local_key": "0123456789abcdef"}
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], device.keys
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_bluetooth_flow_for_a_non_tuya_sighting_aborts(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    await hass.async_block_till_done(wait_background_tasks=True)
    info = bluetooth.async_last_service_info(hass, device.emulator.address, True)
    assert info is not None
    foreign = bluetooth.BluetoothServiceInfoBleak(
        name="other",
        address="C0:00:00:00:00:99",
        rssi=-60,
        manufacturer_data={0x1234: b"\x01"},
        service_data={},
        service_uuids=[],
        source=info.source,
        device=info.device,
        advertisement=info.advertisement,
        connectable=True,
        time=info.time,
        tx_power=None,
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=foreign
    )
    assert result["reason"] == "not_supported"
    passive = bluetooth.BluetoothServiceInfoBleak(
        name=info.name,
        address="C0:00:00:00:00:98",
        rssi=info.rssi,
        manufacturer_data={},
        service_data=info.service_data,
        service_uuids=info.service_uuids,
        source=info.source,
        device=info.device,
        advertisement=info.advertisement,
        connectable=True,
        time=info.time,
        tx_power=info.tx_power,
    )
    with patch(
        "custom_components.tuya_bluetooth.config_flow.async_request_active_scan"
    ):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_BLUETOOTH}, data=passive
        )
    assert result["reason"] == "scan_response_missing"


async def test_actions_name_devices_they_cannot_reach(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    other = MockConfigEntry(domain="other_domain")
    other.add_to_hass(hass)
    foreign = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_domain", "x")}
    )
    for device_id, key in ((foreign.id, "unknown_device"), ("nope", "unknown_device")):
        with pytest.raises(ServiceValidationError) as caught:
            await hass.services.async_call(
                DOMAIN,
                "query_dps",
                {"device_id": device_id},
                blocking=True,
                return_response=True,
            )
        assert caught.value.translation_key == key
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    with pytest.raises(ServiceValidationError) as caught:
        await send_dp(hass, device, 1, True)
    assert caught.value.translation_key == "entry_not_loaded"
    assert device.emulator.dp_writes == []


async def test_entry_of_a_newer_version_is_not_migrated(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=device.emulator.uuid,
        version=2,
        data={"address": device.emulator.address, "uuid": device.emulator.uuid},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert device.emulator.connections == 0


async def test_entry_of_a_newer_minor_version_still_loads(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """After a downgrade: a newer minor version only added what we ignore."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    await hass.config_entries.async_unload(entry.entry_id)
    hass.config_entries.async_update_entry(entry, minor_version=9)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.minor_version == 9
    await send_dp(hass, device, 1, True)
    assert device.emulator.dp_values[1] is True

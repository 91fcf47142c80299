"""Device entries with manual keys, through Home Assistant and the simulator.

Each simulated product is discovered over the virtual proxy, set up with its
keys (tried on the emulator before the entry exists), and then controlled with
`tuya_bluetooth.send_dp`; the emulator's own reports flow back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import timedelta
import logging
from typing import Any
from unittest.mock import patch

from homeassistant.components import bluetooth
from homeassistant.config_entries import (
    SOURCE_BLUETOOTH,
    ConfigEntry,
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
    RECONNECT_BASE,
    RECONNECT_CAP,
)
from custom_components.tuya_bluetooth.coordinator import backoff_delay
from custom_components.tuya_bluetooth.tuya.errors import ConnectError, DeviceInfoError
from simulator.advertising import advertising_of
from simulator.device import DeviceEmulator
from simulator.factory import make_virtual_device
from simulator.products import LIGHT, LOCK, SENSOR, SWITCH, Product
from simulator.scanner import VirtualRemoteScanner


@dataclass
class Simulated:
    """One emulated device advertising through the virtual proxy."""

    emulator: DeviceEmulator
    details: dict[str, Any]
    scanner: VirtualRemoteScanner

    def advertise(self) -> None:
        self.scanner.inject_advertising(
            self.emulator.address, advertising_of(self.emulator), details=self.details
        )

    @property
    def keys(self) -> dict[str, str]:
        identity = self.emulator.identity
        return {"device_id": identity.device_id, "local_key": identity.local_key}


@pytest.fixture
async def simulate(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> AsyncGenerator[Callable[[Product], Simulated]]:
    made: list[Simulated] = []

    def factory(product: Product) -> Simulated:
        emulator, ble_device = make_virtual_device(
            product,
            bound=True,
            scheduler=asyncio.get_running_loop(),
            seed="ha",
            index=len(made),
        )
        simulated = Simulated(emulator, dict(ble_device.details), virtual_scanner)
        simulated.advertise()
        made.append(simulated)
        return simulated

    yield factory
    await hass.async_block_till_done(wait_background_tasks=True)
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _discovered_flow(hass: HomeAssistant, device: Simulated) -> str:
    await hass.async_block_till_done(wait_background_tasks=True)
    flows = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"].get("unique_id") == device.emulator.uuid
    ]
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_BLUETOOTH
    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {})
    assert result["step_id"] == "keys"
    return result["flow_id"]


async def _set_up(hass: HomeAssistant, device: Simulated) -> ConfigEntry:
    flow_id = await _discovered_flow(hass, device)
    result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    return entry


def _device_id(hass: HomeAssistant, device: Simulated) -> str:
    (found,) = dr.async_get(hass).async_get_devices(
        connections={(dr.CONNECTION_BLUETOOTH, device.emulator.address)}
    )
    return found.id


async def _send_dp(
    hass: HomeAssistant, device: Simulated, dp_id: int, value: object
) -> None:
    """Call tuya_bluetooth.send_dp for a simulated device and wait for it."""
    await hass.services.async_call(
        DOMAIN,
        "send_dp",
        {"device_id": _device_id(hass, device), "dp_id": dp_id, "value": value},
        blocking=True,
    )


def _bool_dp(product: Product) -> int:
    return next(s.dp_id for s in product.dps if s.dp_type == 1 and s.writable)


@pytest.mark.parametrize(
    "product", [LIGHT, SWITCH, SENSOR, LOCK], ids=lambda p: p.category
)
async def test_discovered_device_with_keys_is_controllable(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    product: Product,
) -> None:
    device = simulate(product)
    entry = await _set_up(hass, device)
    # What the device needs to run without the cloud was stored.
    assert entry.data["local_key"] == device.emulator.identity.local_key
    assert entry.data["firmware_version"] == product.firmware_version
    stored_ids = {dp["dp_id"] for dp in entry.data["dp_model"]["dps"]}
    assert stored_ids == set(device.emulator.dp_values)
    registered = dr.async_get(hass).async_get(_device_id(hass, device))
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
                "device_id": _device_id(hass, device),
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
        {"device_id": _device_id(hass, device)},
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
    flow_id = await _discovered_flow(hass, device)
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
    flow_id = await _discovered_flow(hass, device)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**device.keys, "local_key": "abc"}
    )
    assert result["errors"] == {"base": "invalid_key_format"}
    assert device.emulator.connections == 0


async def test_send_dp_validates_against_the_model(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    await _set_up(hass, device)
    device_id = _device_id(hass, device)
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
    await _set_up(hass, device)
    # The model built from reports knows DP 7 as a value of any range; the device
    # itself refuses 999999 (over 86400).
    with pytest.raises(HomeAssistantError) as caught:
        await _send_dp(hass, device, 7, 999_999)
    assert caught.value.translation_key == "command_failed"


async def test_unload_and_reload(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    entry = await _set_up(hass, device)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not device.emulator.connected  # the link is closed at unload
    device.advertise()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await _send_dp(hass, device, 20, False)
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
    entry = await _set_up(hass, device)
    await _send_dp(hass, device, 20, False)
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


async def test_options_set_the_connection_policy(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await _set_up(hass, device)
    assert entry.runtime_data.coordinator.policy == "always"
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"connection_policy": "on_demand", "idle_timeout": 10}
    )
    assert result["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.runtime_data.coordinator.policy == "on_demand"
    assert entry.runtime_data.coordinator.device.idle_timeout == 10


# ---- connection policy -------------------------------------------------------------


async def test_on_demand_closes_when_idle_and_reconnects_for_a_command(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """A battery device (on demand by default for its category) and one command."""
    device = simulate(SWITCH)
    entry = await _set_up(hass, device)
    hass.config_entries.async_update_entry(
        entry, options={"connection_policy": "on_demand", "idle_timeout": 30}
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    coordinator = entry.runtime_data.coordinator
    await _send_dp(hass, device, 1, True)
    assert coordinator.device.is_connected
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=31))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not coordinator.device.is_connected
    assert coordinator.device.last_disconnect_reason == "idle"
    connections = device.emulator.connections
    await _send_dp(hass, device, 1, False)
    assert device.emulator.connections == connections + 1
    assert [w.values[1] for w in device.emulator.dp_writes if 1 in w.values] == [
        True,
        False,
    ]


async def test_always_connected_reconnects_after_the_link_is_lost(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = simulate(LIGHT)
    entry = await _set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.policy == "always"
    assert coordinator.device.is_connected
    before = device.emulator.connections
    device.emulator.power_off()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not coordinator.device.is_connected
    assert coordinator.device.last_disconnect_reason == "lost"
    device.emulator.power_on()
    device.advertise()
    # The reconnect waits for its backoff, then goes through once.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.device.is_connected
    assert device.emulator.connections == before + 1


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    highest = [backoff_delay(n, uniform=lambda _low, high: high) for n in range(12)]
    assert highest[:4] == [RECONNECT_BASE * 2**n for n in range(4)]
    assert max(highest) == RECONNECT_CAP
    lowest = [backoff_delay(n, uniform=lambda low, _high: low) for n in range(12)]
    assert all(low == high / 2 for low, high in zip(lowest, highest, strict=True))


async def test_unavailable_logged_once_and_back_once(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = simulate(SENSOR)
    entry = await _set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    await coordinator.device.disconnect()
    info = bluetooth.async_last_service_info(hass, device.emulator.address, True)
    assert info is not None
    caplog.set_level(logging.INFO)
    for _ in range(3):
        coordinator._async_handle_unavailable(info)
    assert not coordinator.available
    assert caplog.text.count("is unavailable") == 1
    # The manager repeats no unchanged advertisement, so hand the coordinator
    # three as the manager would after a real absence.
    for _ in range(3):
        coordinator._async_handle_bluetooth_event(
            info, bluetooth.BluetoothChange.ADVERTISEMENT
        )
    assert coordinator.available
    assert caplog.text.count("is available again") == 1


async def test_connected_device_that_stops_advertising_stays_available(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    entry = await _set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.device.is_connected
    info = bluetooth.async_last_service_info(hass, device.emulator.address, True)
    assert info is not None
    coordinator._async_handle_unavailable(info)
    assert coordinator.available


async def test_connection_goes_through_the_proxy_with_a_free_slot(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    virtual_scanner: VirtualRemoteScanner,
) -> None:
    """Two proxies see the device; the nearer one has no free slot."""
    device = simulate(LIGHT)
    far = VirtualRemoteScanner("AA:BB:CC:00:00:02", slots=3)
    unregister = bluetooth.async_register_scanner(hass, far, source_domain="esphome")
    unsetup = far.async_setup()
    try:
        far.inject_advertising(
            device.emulator.address,
            advertising_of(device.emulator),
            rssi=-90,
            details=device.details,
        )
        # Every slot of the near proxy is taken by other devices.
        for index in range(virtual_scanner.slots.allocations().slots):
            await virtual_scanner.slots.take(f"C0:00:00:00:00:0{index}")
        entry = await _set_up(hass, device)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert entry.runtime_data.coordinator.device.is_connected
        assert device.emulator.address in far.slots.allocated
        assert device.emulator.address not in virtual_scanner.slots.allocated
    finally:
        for index in range(3):
            virtual_scanner.slots.give_back(f"C0:00:00:00:00:0{index}")
        unsetup()
        unregister()


async def test_unreachable_device_raises_a_repair_until_it_is_back(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
) -> None:
    device = simulate(SWITCH)
    entry = await _set_up(hass, device)
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
    entry = await _set_up(hass, device)
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
    entry = await _set_up(hass, device)
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
    await _set_up(hass, device)
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
            {"device_id": _device_id(hass, device)},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "query_failed"


async def test_keys_step_errors_for_unreachable_and_failed_connections(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    flow_id = await _discovered_flow(hass, device)
    with patch(
        "custom_components.tuya_bluetooth.config_flow.async_ble_device_from_address",
        return_value=None,
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["errors"] == {"base": "device_not_reachable"}
    device.emulator.power_off()
    result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["errors"] == {"base": "cannot_connect"}
    with patch(
        "custom_components.tuya_bluetooth.config_flow.TuyaBLEDevice.ensure_connected",
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
    entry = await _set_up(hass, device)
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

"""Connection policy, reconnects, availability and proxy slots, through Home Assistant.

Always-connected devices reconnect with backoff; on-demand devices (battery
categories by default) connect for commands and close when idle; a command that
finds every proxy slot taken waits for one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
import logging
from unittest.mock import patch

from homeassistant.components import bluetooth
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
)

from custom_components.tuya_bluetooth.const import (
    DEFAULT_IDLE_TIMEOUT,
    RECONNECT_BASE,
    RECONNECT_CAP,
    ConnectionPolicy,
)
from custom_components.tuya_bluetooth.coordinator import backoff_delay
from simulator.advertising import advertising_of
from simulator.products import LIGHT, SENSOR, SWITCH, Product
from simulator.scanner import VirtualRemoteScanner

from .common import Simulated, entity_id_of, send_dp, set_up

UNIT_DP = 9  # the sensor's writable temperature unit (enum c, f)


async def test_options_set_the_connection_policy(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
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


async def _as_battery_device(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Give a manual entry the category an account would store (wsdcg: battery)."""
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, "category": SENSOR.category}
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_battery_device_closes_when_idle_and_reconnects_for_a_command(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """A battery category is on demand by default: one command, one connection."""
    device = simulate(SENSOR)
    entry = await set_up(hass, device)
    await _as_battery_device(hass, entry)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.policy is ConnectionPolicy.ON_DEMAND
    assert coordinator.device.idle_timeout == DEFAULT_IDLE_TIMEOUT
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=DEFAULT_IDLE_TIMEOUT + 1)
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not coordinator.device.is_connected
    assert not device.emulator.connected
    assert coordinator.device.last_disconnect_reason == "idle"
    connections = device.emulator.connections
    await send_dp(hass, device, UNIT_DP, 1)
    assert device.emulator.connections == connections + 1
    assert [w.values[UNIT_DP] for w in device.emulator.dp_writes] == ["f"]


async def test_connection_request_flag_makes_an_on_demand_device_connect(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SENSOR)
    entry = await set_up(hass, device)
    await _as_battery_device(hass, entry)
    coordinator = entry.runtime_data.coordinator
    await coordinator.device.disconnect()
    # Past the poll debouncer's cooldown, well before the hourly poll.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=60))
    await hass.async_block_till_done(wait_background_tasks=True)
    connections = device.emulator.connections
    device.advertise()  # an ordinary advertisement: nothing to fetch
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.emulator.connections == connections
    device.advertise(connection_request=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.emulator.connections == connections + 1
    assert coordinator.device.is_connected


async def test_always_connected_reconnects_after_the_link_is_lost(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
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
    entry = await set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    await coordinator.device.disconnect()
    info = bluetooth.async_last_service_info(hass, device.emulator.address, True)
    assert info is not None
    caplog.set_level(logging.INFO)
    reading = entity_id_of(hass, device, "sensor", "dp_1")
    assert hass.states.get(reading).state != STATE_UNAVAILABLE  # type: ignore[union-attr]
    for _ in range(3):
        coordinator._async_handle_unavailable(info)
    assert not coordinator.available
    assert caplog.text.count("is unavailable") == 1
    # Its entities follow (the connection sensor says why: not connected).
    assert hass.states.get(reading).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
    # The manager repeats no unchanged advertisement, so hand the coordinator
    # three as the manager would after a real absence.
    for _ in range(3):
        coordinator._async_handle_bluetooth_event(
            info, bluetooth.BluetoothChange.ADVERTISEMENT
        )
    assert coordinator.available
    assert caplog.text.count("is available again") == 1
    assert hass.states.get(reading).state != STATE_UNAVAILABLE  # type: ignore[union-attr]


async def test_connected_device_that_stops_advertising_stays_available(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
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
        entry = await set_up(hass, device)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert entry.runtime_data.coordinator.device.is_connected
        assert device.emulator.address in far.slots.allocated
        assert device.emulator.address not in virtual_scanner.slots.allocated
    finally:
        for index in range(3):
            virtual_scanner.slots.give_back(f"C0:00:00:00:00:0{index}")
        unsetup()
        unregister()


async def test_failed_reconnects_back_off_and_keep_trying(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(LIGHT)
    entry = await set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    device.emulator.power_off()
    await hass.async_block_till_done(wait_background_tasks=True)
    attempts = device.emulator.connections
    for _ in range(2):  # the device is still off: each attempt fails
        async_fire_time_changed(
            hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP)
        )
        await hass.async_block_till_done(wait_background_tasks=True)
    assert not coordinator.device.is_connected
    assert device.emulator.connections == attempts  # nothing reached it
    assert coordinator._reconnect is not None  # still trying, later each time
    device.emulator.power_on()
    device.advertise()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.device.is_connected
    assert device.emulator.connections == attempts + 1


async def test_command_waits_for_a_free_proxy_slot(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    virtual_scanner: VirtualRemoteScanner,
) -> None:
    """Every slot of the only proxy is taken: the command waits, then goes through."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    await coordinator.device.disconnect()
    others = [
        f"C0:00:00:00:00:0{index}" for index in range(virtual_scanner.slots.limit)
    ]
    for address in others:
        await virtual_scanner.slots.take(address)
    # bleak-retry-connector backs off 4 s between out-of-slot attempts; not here.
    with patch("bleak_retry_connector.BLEAK_OUT_OF_SLOTS_BACKOFF_TIME", 0):
        command = hass.async_create_task(send_dp(hass, device, 1, True))
        # Not block_till_done: that would wait for the command's connect deadline.
        for _ in range(1000):
            if coordinator.device.waiting_for_slot or command.done():
                break
            await asyncio.sleep(0)
        assert coordinator.device.waiting_for_slot  # waiting, not failed
        assert device.emulator.dp_writes == []
        virtual_scanner.slots.give_back(others[0])
        await command
    assert device.emulator.dp_values[1] is True
    assert len(device.emulator.dp_writes) == 1
    assert device.emulator.address in virtual_scanner.slots.allocated
    for address in others[1:]:
        virtual_scanner.slots.give_back(address)

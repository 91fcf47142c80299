"""Commands through the coordinator and the device object against the bare session.

The queue adds ordering, supersession and an honest result to every write, the
coordinator (in a real, test-configured Home Assistant) the settlement report; this
prints what that costs on a warm connection (ratios of medians, latency 0), and
how many round trips a cold command costs under the on-demand policy: the link
was closed by the idle timeout, so the write connects, pairs and then writes.
"""

from __future__ import annotations

import asyncio
from functools import partial
import statistics
import time
from unittest.mock import patch

from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.tuya_bluetooth.const import (
    DEFAULT_IDLE_TIMEOUT,
    ConnectionPolicy,
)
from custom_components.tuya_bluetooth.coordinator import TuyaBluetoothCoordinator
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.device import DeviceEvent, TuyaBLEDevice
from custom_components.tuya_bluetooth.tuya.handshake import DeviceCredentials
from simulator.ble.client import VirtualBleakClient
from simulator.ble.faults import LinkSettings
from simulator.factory import make_virtual_device
from simulator.products import SWITCH

LATENCY = 0.010  # one way, per packet
WARM_RUNS = 200
COLD_RUNS = 10
IDLE_TIMEOUT = 0.05


async def _device(latency: float, index: int) -> TuyaBLEDevice:
    emulator, ble_device = make_virtual_device(
        SWITCH,
        bound=True,
        scheduler=asyncio.get_running_loop(),
        settings=LinkSettings(latency=latency),
        seed="bench-device",
        index=index,
    )
    identity = emulator.identity
    return TuyaBLEDevice(
        ble_device,
        DeviceCredentials(identity.uuid, identity.local_key, identity.device_id),
        protocol_major=SWITCH.protocol_version,
        idle_timeout=IDLE_TIMEOUT,
        session_kwargs={
            "connect_kwargs": {"backend": VirtualBleakClient, "max_attempts": 1}
        },
    )


async def _warm() -> tuple[float, float, float]:
    device = await _device(0.0, 0)
    device.idle_timeout = None
    await device.ensure_connected()
    times: tuple[list[float], list[float], list[float]] = ([], [], [])
    async with async_test_home_assistant() as hass:
        # Only the constructor asks the Bluetooth stack (is the address present?);
        # the write path measured here does not touch it.
        with patch(
            "homeassistant.components.bluetooth.update_coordinator.async_address_present",
            return_value=True,
        ):
            coordinator = TuyaBluetoothCoordinator(
                hass,
                device,
                name="bench",
                policy=ConnectionPolicy.ALWAYS,
                idle_timeout=DEFAULT_IDLE_TIMEOUT,
            )
        writers = (
            device.session.write_dps,
            device.write_dps,
            coordinator.async_write_dps,
        )
        for run in range(WARM_RUNS):
            dp = DataPoint(1, DPType.BOOL, bool(run % 2))
            for writer, measured in zip(writers, times, strict=True):
                start = time.perf_counter()
                result = await writer([dp])
                measured.append(time.perf_counter() - start)
                assert result is None or result.acknowledged
        await device.close()
        await hass.async_stop(force=True)
    session, queue, through_coordinator = (statistics.median(t) for t in times)
    return session, queue, through_coordinator


def _set_when_closed(closed: asyncio.Event, event: DeviceEvent) -> None:
    if event.connected is False:
        closed.set()


async def _cold(latency: float) -> float:
    times: list[float] = []
    for run in range(COLD_RUNS):
        device = await _device(latency, run + 1)
        closed = asyncio.Event()
        device.subscribe(partial(_set_when_closed, closed))
        await device.ensure_connected()
        await closed.wait()  # the idle timeout closed the link
        start = time.perf_counter()
        result = await device.write_dps([DataPoint(1, DPType.BOOL, True)])
        times.append(time.perf_counter() - start)
        assert result.acknowledged
        await device.close()
    return statistics.median(times)


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    session_warm, device_warm, coordinator_warm = asyncio.run(_warm())
    cold_fast = asyncio.run(_cold(0.0))
    cold_slow = asyncio.run(_cold(LATENCY))
    return [
        ("warm write, bare session (latency 0)", session_warm * 1e3, "ms"),
        ("warm write, through TuyaBLEDevice's queue", device_warm * 1e3, "ms"),
        ("warm write, queue / session", device_warm / session_warm, "×"),
        ("warm write, through the coordinator", coordinator_warm * 1e3, "ms"),
        ("warm write, coordinator / session", coordinator_warm / session_warm, "×"),
        (
            "on-demand cold write after idle close, round trips",
            (cold_slow - cold_fast) / (2 * LATENCY),
            "RTT",
        ),
    ]

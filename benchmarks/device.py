"""Commands through the device object (its queue) against the bare session.

The queue adds ordering, supersession and an honest result to every write; this
prints what that costs on a warm connection (a ratio of medians, latency 0), and
how many round trips a cold command costs under the on-demand policy: the link
was closed by the idle timeout, so the write connects, pairs and then writes.
"""

from __future__ import annotations

import asyncio
from functools import partial
import statistics
import time

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


async def _warm() -> tuple[float, float]:
    device = await _device(0.0, 0)
    device.idle_timeout = None
    await device.ensure_connected()
    session_times: list[float] = []
    device_times: list[float] = []
    for run in range(WARM_RUNS):
        dp = DataPoint(1, DPType.BOOL, bool(run % 2))
        start = time.perf_counter()
        await device.session.write_dps([dp])
        session_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = await device.write_dps([dp])
        device_times.append(time.perf_counter() - start)
        assert result.acknowledged
    await device.close()
    return statistics.median(session_times), statistics.median(device_times)


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
    session_warm, device_warm = asyncio.run(_warm())
    cold_fast = asyncio.run(_cold(0.0))
    cold_slow = asyncio.run(_cold(LATENCY))
    return [
        ("warm write, bare session (latency 0)", session_warm * 1e3, "ms"),
        ("warm write, through TuyaBLEDevice's queue", device_warm * 1e3, "ms"),
        ("warm write, queue / session", device_warm / session_warm, "×"),
        (
            "on-demand cold write after idle close, round trips",
            (cold_slow - cold_fast) / (2 * LATENCY),
            "RTT",
        ),
    ]

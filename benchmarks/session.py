"""Cold and warm commands over the virtual BLE link, against the device emulator.

Cold = connect + handshake (device info, pair) + DP write; warm = DP write on an
open session. Each runs once with zero link latency (pure overhead: our code, the
emulator and the event loop) and once with a set one-way latency per packet; the
difference divided by one round-trip time (2 × latency) is the number of
sequential round trips the command costs on a real link.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.handshake import DeviceCredentials
from custom_components.tuya_bluetooth.tuya.session import DeviceSession
from simulator.ble.client import VirtualBleakClient
from simulator.ble.faults import LinkSettings
from simulator.factory import make_virtual_device
from simulator.products import LIGHT, SWITCH, Product

LATENCY = 0.010  # one way, per packet (a BLE connection interval is 7.5–50 ms)
RUNS = 15


async def _measure(product: Product, latency: float) -> tuple[float, float]:
    loop = asyncio.get_running_loop()
    cold: list[float] = []
    warm: list[float] = []
    switch_dp = next(
        spec for spec in product.dps if spec.dp_type == 1 and spec.writable
    )
    for run in range(RUNS):
        device, ble_device = make_virtual_device(
            product,
            bound=True,
            scheduler=loop,
            settings=LinkSettings(latency=latency),
            seed="bench",
            index=run,
        )
        identity = device.identity
        session = DeviceSession(
            ble_device,
            DeviceCredentials(identity.uuid, identity.local_key, identity.device_id),
            protocol_major=product.protocol_version,
            connect_kwargs={"backend": VirtualBleakClient, "max_attempts": 1},
        )
        start = time.perf_counter()
        await session.connect()
        await session.write_dps([DataPoint(switch_dp.dp_id, DPType.BOOL, True)])
        cold.append(time.perf_counter() - start)
        for value in (False, True, False):
            start = time.perf_counter()
            await session.write_dps([DataPoint(switch_dp.dp_id, DPType.BOOL, value)])
            warm.append(time.perf_counter() - start)
        await session.disconnect()
    return statistics.median(cold), statistics.median(warm)


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    rows: list[tuple[str, float, str]] = []
    for product in (SWITCH, LIGHT):
        base_cold, base_warm = asyncio.run(_measure(product, 0.0))
        slow_cold, slow_warm = asyncio.run(_measure(product, LATENCY))
        rtt = 2 * LATENCY
        label = f"v{product.protocol_version} {product.category}"
        rows += [
            (f"{label} cold command, latency 0 (overhead)", base_cold * 1e3, "ms"),
            (
                f"{label} cold command, latency {LATENCY * 1e3:.0f} ms",
                slow_cold * 1e3,
                "ms",
            ),
            (
                f"{label} cold command, round trips",
                (slow_cold - base_cold) / rtt,
                "RTT",
            ),
            (f"{label} warm command, latency 0 (overhead)", base_warm * 1e3, "ms"),
            (
                f"{label} warm command, latency {LATENCY * 1e3:.0f} ms",
                slow_warm * 1e3,
                "ms",
            ),
            (
                f"{label} warm command, round trips",
                (slow_warm - base_warm) / rtt,
                "RTT",
            ),
        ]
    return rows

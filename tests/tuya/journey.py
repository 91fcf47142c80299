"""Shared rig for the session ⇄ emulator journeys: one DeviceSession on the virtual
link to one DeviceEmulator, both on a ManualScheduler so no test sleeps.

`Rig.run` drives an awaitable: it lets the event loop run, and only when nothing
moves does it advance the scheduler, so timeouts fire without waiting; a journey
that does not finish within `limit` simulated seconds fails as hung.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
import itertools
from typing import Any

import pytest

from custom_components.tuya_bluetooth.tuya.channel import Incoming
from custom_components.tuya_bluetooth.tuya.reports import DPReport
from custom_components.tuya_bluetooth.tuya.session import (
    DeviceCredentials,
    DeviceSession,
    DisconnectReason,
)
from simulator.ble.client import VirtualBleakClient
from simulator.ble.faults import LinkSettings
from simulator.device import DeviceEmulator, EmulatorOptions, ManualScheduler
from simulator.factory import link_settings, make_virtual_device
from simulator.products import DpSpec, DpType, Product

# 2024-03-10 09:02:03.456 at +08:00 (a Sunday).
NOW = datetime(2024, 3, 10, 9, 2, 3, 456000, tzinfo=timezone(timedelta(hours=8)))
NOW_MS = 1710032523456


def _all_types(major: int) -> Product:
    """A test-only product with one writable DP of every type."""
    return Product(
        product_id=f"simAT0{major}0",
        category="qt",
        name=f"All DP types v{major}",
        protocol_version=major,
        protocol_minor=major,
        firmware_version="1.0.0",
        firmware_update="1.0.1",
        hardware_version="1.0.0",
        source="test-only product",
        dps=(
            DpSpec(1, "raw", DpType.RAW, default=b"\x00"),
            DpSpec(2, "bool", DpType.BOOL, default=False),
            DpSpec(3, "value", DpType.VALUE, minimum=-1000, maximum=1000, default=0),
            DpSpec(4, "string", DpType.STRING, default=""),
            DpSpec(5, "enum", DpType.ENUM, enum_range=("a", "b", "c"), default="a"),
            DpSpec(
                6,
                "bitmap",
                DpType.BITMAP,
                labels=tuple(f"b{i}" for i in range(10)),
                default=0,
            ),
        ),
    )


ALL_TYPES_V3 = _all_types(3)
ALL_TYPES_V4 = _all_types(4)


async def run_simulated[T](
    scheduler: ManualScheduler,
    awaitable: Awaitable[T],
    *,
    step: float = 0.5,
    limit: float = 120,
) -> T:
    """Await, advancing simulated time whenever nothing else moves.

    Fails the test when `awaitable` has not finished after `limit` simulated
    seconds, so a hang shows as a failure rather than a stuck run.
    """
    task = asyncio.ensure_future(awaitable)
    elapsed = 0.0
    while True:
        for _ in range(200):
            if task.done():
                return task.result()
            await asyncio.sleep(0)
        if elapsed >= limit:
            task.cancel()
            pytest.fail(f"hung for {limit} simulated seconds")
        scheduler.advance(step)
        elapsed += step


def counting_random() -> Any:
    """Deterministic "random" bytes for the emulator (srand, IVs)."""
    counter = itertools.count(1)
    return lambda n: next(counter).to_bytes(n, "big")


@dataclass
class Rig:
    """A session, its emulator and what the session reported."""

    device: DeviceEmulator
    session: DeviceSession
    scheduler: ManualScheduler
    settings: LinkSettings
    reports: list[DPReport] = field(default_factory=list)
    events: list[Incoming] = field(default_factory=list)
    disconnects: int = 0
    disconnect_reasons: list[DisconnectReason] = field(default_factory=list)

    async def settle(self) -> None:
        """Let every pending packet travel (zero latency: a few loop turns)."""
        for _ in range(200):
            await asyncio.sleep(0)

    async def run[T](
        self, awaitable: Awaitable[T], *, step: float = 0.5, limit: float = 120
    ) -> T:
        """Await with simulated time; fail if it does not finish within `limit`."""
        return await run_simulated(self.scheduler, awaitable, step=step, limit=limit)

    async def connect(self, *, first_bind: bool = False) -> None:
        """Connect, pair, and let the device's after-pair requests be answered."""
        await self.run(self.session.connect(first_bind=first_bind))
        await self.settle()


def make_rig(
    product: Product,
    *,
    bound: bool = True,
    options: EmulatorOptions | None = None,
    local_key: str | None = None,
    auth_key: str | None = None,
    uuid: str | None = None,
    **session_kwargs: Any,
) -> Rig:
    """Build an emulator for `product` and a session to it with the cloud's keys."""
    scheduler = ManualScheduler()
    options = options or EmulatorOptions()
    options.random_bytes = counting_random()
    device, ble_device = make_virtual_device(
        product, bound=bound, scheduler=scheduler, options=options, seed="session"
    )
    identity = device.identity
    credentials = DeviceCredentials(
        uuid=uuid or identity.uuid,
        local_key=local_key or identity.local_key,
        virtual_id=identity.device_id,
        auth_key=auth_key or identity.auth_key,
    )
    session_kwargs.setdefault("response_timeout", 5.0)
    reports: list[DPReport] = []
    events: list[Incoming] = []
    session = DeviceSession(
        ble_device,
        credentials,
        protocol_major=product.protocol_version,
        connect_kwargs={"backend": VirtualBleakClient, "max_attempts": 1},
        scheduler=scheduler,
        clock=lambda: NOW,
        on_dp_report=reports.append,
        on_device_event=events.append,
        on_disconnect=lambda reason: _count_disconnect(rig, reason),
        **session_kwargs,
    )
    settings = link_settings(ble_device)
    settings.use_scheduler(scheduler)
    rig = Rig(device, session, scheduler, settings, reports, events)
    return rig


def _count_disconnect(rig: Rig, reason: DisconnectReason) -> None:
    rig.disconnects += 1
    rig.disconnect_reasons.append(reason)

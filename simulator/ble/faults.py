"""Fault injection for the virtual link, and the settings every link reads.

A `Fault` picks a packet on one direction of a connection, by packet index or by
frame index, both counted from 0 on every new connection:

- ``TO_DEVICE``: the hub's GATT writes; ``TO_HUB``: the device's notifications.
- ``packet=n``: the n-th packet in that direction.
- ``frame=n``: every packet of the n-th frame (a frame starts at a sub-packet
  number 0, i.e. a packet whose first byte is 0x00). DISCONNECT and GATT_ERROR
  fire at the frame's first packet.

Kinds: DROP (lost), DUPLICATE (delivered twice), CORRUPT (one byte flipped),
DELAY (extra seconds; later packets wait behind it, order is kept), DISCONNECT
(link lost before the packet; both sides see a disconnect) and GATT_ERROR
(`BleakGATTProtocolError` from `write_gatt_char`; TO_DEVICE only).
A fault fires on one connection only (the first that matches) unless
``once=False``.

`LinkSettings` is shared by every connection to one peripheral (it lives in the
`BLEDevice.details`), so faults can be planned before a client exists and
inspected afterwards (`history`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


class Direction(StrEnum):
    """Which way a packet travels."""

    TO_DEVICE = "to_device"
    TO_HUB = "to_hub"


class FaultKind(StrEnum):
    """What happens to the chosen packet."""

    DROP = "drop"
    DUPLICATE = "duplicate"
    CORRUPT = "corrupt"
    DELAY = "delay"
    DISCONNECT = "disconnect"
    GATT_ERROR = "gatt_error"


@dataclass(slots=True)
class Fault:
    """One planned fault."""

    kind: FaultKind
    direction: Direction = Direction.TO_DEVICE
    packet: int | None = None
    frame: int | None = None
    delay: float = 0.0  # seconds, for DELAY
    error_code: int = 0x0E  # ATT "unlikely error", for GATT_ERROR
    corrupt_offset: int = -1  # byte flipped, for CORRUPT
    once: bool = True
    fired: int = 0  # how many packets it hit
    _connection: int | None = None  # the connection it fired on

    def __post_init__(self) -> None:
        """Check the fault is well-formed."""
        if (self.packet is None) == (self.frame is None):
            raise ValueError("give exactly one of packet= or frame=")
        if (
            self.kind is FaultKind.GATT_ERROR
            and self.direction is not Direction.TO_DEVICE
        ):
            raise ValueError("GATT errors happen on writes (TO_DEVICE)")

    def matches(
        self, connection: int, packet: int, frame: int, frame_start: bool
    ) -> bool:
        """Whether this fault applies to the given packet."""
        if self.once and self._connection not in (None, connection):
            return False
        if self.packet is not None:
            hit = packet == self.packet
        else:
            hit = frame == self.frame and (
                frame_start
                or self.kind not in (FaultKind.DISCONNECT, FaultKind.GATT_ERROR)
            )
        if hit:
            self._connection = connection
            self.fired += 1
        return hit


@dataclass(frozen=True, slots=True)
class PacketRecord:
    """One packet as the link carried it (after faults)."""

    direction: Direction
    index: int
    data: bytes
    faults: tuple[FaultKind, ...] = ()


class SimulatedTime(Protocol):
    """A clock with timers, as simulator.device.ManualScheduler is."""

    def time(self) -> float:
        """Now, in seconds."""
        ...

    def call_later(self, delay: float, callback: Callable[[], object]) -> Any:
        """Run `callback` after `delay` seconds."""
        ...


class LinkSettings:
    """Latency, MTU, faults and history of the links to one peripheral.

    Deliberately not a dataclass: Home Assistant's JSON encoder (orjson) would
    serialise a dataclass field by field, `sleep` included, when it stores a
    remote scanner's device details; it calls `as_dict` on other objects.
    """

    def __init__(
        self,
        *,
        latency: float = 0.0,
        mtu: int = 23,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """`latency`: one-way seconds per packet (pipelined) and for connect;
        `mtu`: ATT MTU, writes up to mtu - 3 bytes; `sleep` and `clock`: inject
        both to not wait (`use_scheduler` does); the clock defaults to the loop's.
        """
        self.latency = latency
        self.mtu = mtu
        self.sleep = sleep
        self.clock = clock
        self.faults: list[Fault] = []
        self.history: list[PacketRecord] = []
        self.connections = 0

    def use_scheduler(self, scheduler: SimulatedTime) -> None:
        """Run latency and DELAY faults on simulated time (e.g. a ManualScheduler).

        Packet due times then come from the same clock the sleeps end on, so a
        packet queued behind a delayed one waits only for what is left of it.
        """
        self.clock = scheduler.time

        async def sleep(delay: float) -> None:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def wake() -> None:
                if not future.done():
                    future.set_result(None)

            scheduler.call_later(delay, wake)
            await future

        self.sleep = sleep

    def as_dict(self) -> dict[str, object]:
        """JSON-safe summary (Home Assistant stores BLEDevice details as JSON)."""
        return {"latency": self.latency, "mtu": self.mtu, "faults": len(self.faults)}

    def add_fault(
        self,
        kind: FaultKind,
        direction: Direction = Direction.TO_DEVICE,
        *,
        packet: int | None = None,
        frame: int | None = None,
        delay: float = 0.0,
        error_code: int = 0x0E,
        corrupt_offset: int = -1,
        once: bool = True,
    ) -> Fault:
        """Plan a fault (arguments as `Fault`); returns it for inspection."""
        fault = Fault(
            kind,
            direction,
            packet=packet,
            frame=frame,
            delay=delay,
            error_code=error_code,
            corrupt_offset=corrupt_offset,
            once=once,
        )
        self.faults.append(fault)
        return fault

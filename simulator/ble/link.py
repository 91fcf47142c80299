"""One live connection between a virtual client and a peripheral.

Packets go through two ordered pipes (hub→device writes, device→hub
notifications). Each packet is due `latency` (+ any DELAY fault) seconds after it
was sent and never overtakes an earlier one; with zero latency it is delivered
on a later event-loop turn, never inside the call that sent it (as with a real
radio). Ends of the link travel down the pipes too: a peripheral-side
disconnect arrives after the notifications sent before it, and a DISCONNECT
fault at packet n lets packets 0..n-1 of that direction through first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import Enum, auto
import logging
from typing import TYPE_CHECKING

from bleak.exc import BleakGATTProtocolError

from .faults import Direction, Fault, FaultKind, LinkSettings, PacketRecord

if TYPE_CHECKING:
    from .peripheral import Peripheral

_LOGGER = logging.getLogger(__name__)


class _Item(Enum):
    PACKET = auto()
    LOST = auto()  # the radio link dies here
    CLOSED = auto()  # the peripheral dropped the link here


type _Entry = tuple[float, _Item, bytes]


class _Counter:
    """Packet and frame indices of one direction."""

    def __init__(self) -> None:
        self.packets = 0
        self.frame = -1

    def next(self, data: bytes) -> tuple[int, int, bool]:
        start = data[:1] == b"\x00"  # sub-packet number 0 starts a frame
        if start:
            self.frame += 1
        index = self.packets
        self.packets += 1
        return index, max(self.frame, 0), start


class Link:
    """A connection; the peripheral sees it as its `Central`."""

    def __init__(
        self,
        peripheral: Peripheral,
        settings: LinkSettings,
        on_notify: Callable[[bytes], None],
        on_lost: Callable[[], None],
    ) -> None:
        """Wire a peripheral to a client's callbacks (needs a running loop)."""
        self._peripheral = peripheral
        self._settings = settings
        self._on_notify = on_notify
        self._on_lost = on_lost
        settings.connections += 1
        self._connection = settings.connections
        self._counters = {Direction.TO_DEVICE: _Counter(), Direction.TO_HUB: _Counter()}
        self._loop = asyncio.get_running_loop()
        self._last_due = {Direction.TO_DEVICE: 0.0, Direction.TO_HUB: 0.0}
        self._queues: dict[Direction, asyncio.Queue[_Entry]] = {
            Direction.TO_DEVICE: asyncio.Queue(),
            Direction.TO_HUB: asyncio.Queue(),
        }
        self._ending = False  # an end is on its way down a pipe: carry nothing more
        self._peripheral_gone = False
        self.open = True
        self._tasks = [
            self._loop.create_task(self._pump(Direction.TO_DEVICE)),
            self._loop.create_task(self._pump(Direction.TO_HUB)),
        ]

    # ---- carrying packets ----------------------------------------------------

    def _now(self) -> float:
        clock = self._settings.clock
        return clock() if clock is not None else self._loop.time()

    def _due(self, direction: Direction, extra: float) -> float:
        due = max(
            self._now() + self._settings.latency + extra,
            self._last_due[direction],
        )
        self._last_due[direction] = due
        return due

    def _faults(self, direction: Direction, data: bytes) -> tuple[int, list[Fault]]:
        index, frame, start = self._counters[direction].next(data)
        hits = [
            fault
            for fault in self._settings.faults
            if fault.direction is direction
            and fault.matches(self._connection, index, frame, start)
        ]
        return index, hits

    def _carry(self, direction: Direction, data: bytes) -> None:
        """Apply planned faults to one packet and queue what remains."""
        if not self.open or self._ending:
            return
        index, faults = self._faults(direction, data)
        kinds = tuple(f.kind for f in faults)
        self._settings.history.append(PacketRecord(direction, index, data, kinds))
        queue = self._queues[direction]
        for fault in faults:
            if fault.kind is FaultKind.GATT_ERROR:
                raise BleakGATTProtocolError(fault.error_code)
            if fault.kind is FaultKind.DISCONNECT:
                self._ending = True
                queue.put_nowait((self._due(direction, 0.0), _Item.LOST, b""))
                return
        if FaultKind.DROP in kinds:
            return
        for fault in faults:
            if fault.kind is FaultKind.CORRUPT and data:
                flipped = bytearray(data)
                flipped[fault.corrupt_offset] ^= 0xFF
                data = bytes(flipped)
        extra = sum(f.delay for f in faults if f.kind is FaultKind.DELAY)
        for _ in range(2 if FaultKind.DUPLICATE in kinds else 1):
            queue.put_nowait((self._due(direction, extra), _Item.PACKET, data))

    def write(self, data: bytes) -> None:
        """The client wrote a packet (raises BleakGATTProtocolError if so planned)."""
        self._carry(Direction.TO_DEVICE, data)

    # ---- Central (what the peripheral calls) ---------------------------------

    def notify(self, data: bytes) -> None:
        """The peripheral notifies a packet."""
        if not self._peripheral_gone:
            self._carry(Direction.TO_HUB, data)

    def disconnect(self) -> None:
        """The peripheral drops the link, after what it already sent."""
        if self.open and not self._peripheral_gone:
            self._peripheral_gone = True
            self._ending = True
            queue = self._queues[Direction.TO_HUB]
            queue.put_nowait((self._due(Direction.TO_HUB, 0.0), _Item.CLOSED, b""))

    # ---- ends ------------------------------------------------------------------

    def close(self) -> None:
        """The client disconnects: the peripheral hears of it at once."""
        if self._shutdown():
            self._tell_peripheral()

    async def wait_closed(self) -> None:
        """Wait until the pipes' tasks have finished."""
        current = asyncio.current_task()
        await asyncio.gather(
            *(t for t in self._tasks if t is not current), return_exceptions=True
        )

    def _shutdown(self) -> bool:
        if not self.open:
            return False
        self.open = False
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        return True

    def _tell_peripheral(self) -> None:
        if not self._peripheral_gone:
            self._peripheral_gone = True
            self._peripheral.on_disconnect()

    async def _pump(self, direction: Direction) -> None:
        queue = self._queues[direction]
        while True:
            due, item, data = await queue.get()
            delay = due - self._now()
            if delay > 0:
                await self._settings.sleep(delay)
            if item is not _Item.PACKET:
                if self._shutdown():
                    if item is _Item.LOST:
                        self._tell_peripheral()
                    self._on_lost()
                return
            try:
                if direction is Direction.TO_HUB:
                    self._on_notify(data)
                elif not self._peripheral_gone:
                    self._peripheral.on_write(data)
            except Exception:
                _LOGGER.exception("%s delivery failed", direction)

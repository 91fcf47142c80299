"""One live connection between a virtual client and a peripheral.

Packets go through two ordered pipes (hub→device writes, device→hub
notifications). Each packet is due `latency` (+ any DELAY fault) seconds after it
was sent and never overtakes an earlier one; with zero latency it is delivered
on the next event-loop turn, never inside the call that sent it (as with a
real radio). A peripheral-side disconnect travels down the notification pipe,
so notifications sent before it still arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging
from typing import TYPE_CHECKING

from bleak.exc import BleakGATTProtocolError

from .faults import Direction, Fault, FaultKind, LinkSettings, PacketRecord

if TYPE_CHECKING:
    from .peripheral import Peripheral

_LOGGER = logging.getLogger(__name__)
_CLOSE = None  # marker in the notification pipe: the peripheral dropped the link


class _Counter:
    """Packet and frame indices of one direction."""

    def __init__(self) -> None:
        self.packets = 0
        self.frame = -1

    def next(self, data: bytes) -> tuple[int, int, bool]:
        start = data[:1] == b"\x00"
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
        """Wire a peripheral to a client's callbacks."""
        self._peripheral = peripheral
        self._settings = settings
        self._on_notify = on_notify
        self._on_lost = on_lost
        settings.connections += 1
        self._connection = settings.connections
        self._counters = {Direction.TO_DEVICE: _Counter(), Direction.TO_HUB: _Counter()}
        self._loop = asyncio.get_running_loop()
        self._last_due = {Direction.TO_DEVICE: 0.0, Direction.TO_HUB: 0.0}
        self._to_device: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self._to_hub: asyncio.Queue[tuple[float, bytes | None]] = asyncio.Queue()
        self._peripheral_gone = False
        self.open = True
        self._tasks = [
            self._loop.create_task(self._pump_to_device()),
            self._loop.create_task(self._pump_to_hub()),
        ]

    # ---- faults ------------------------------------------------------------

    def _faults_for(self, direction: Direction, data: bytes) -> tuple[int, list[Fault]]:
        index, frame, start = self._counters[direction].next(data)
        hits = [
            fault
            for fault in self._settings.faults
            if fault.direction is direction
            and fault.matches(self._connection, index, frame, start)
        ]
        return index, hits

    def _due(self, direction: Direction, extra: float) -> float:
        due = max(
            self._loop.time() + self._settings.latency + extra,
            self._last_due[direction],
        )
        self._last_due[direction] = due
        return due

    def _carry(
        self, direction: Direction, data: bytes
    ) -> list[tuple[float, bytes]] | None:
        """Apply faults to one packet: what to enqueue, or None if the link died."""
        index, faults = self._faults_for(direction, data)
        kinds = tuple(f.kind for f in faults)
        self._settings.history.append(PacketRecord(direction, index, data, kinds))
        for fault in faults:
            if fault.kind is FaultKind.GATT_ERROR:
                raise BleakGATTProtocolError(fault.error_code)
            if fault.kind is FaultKind.DISCONNECT:
                self.lose()
                return None
        if FaultKind.DROP in kinds:
            return []
        for fault in faults:
            if fault.kind is FaultKind.CORRUPT and data:
                flipped = bytearray(data)
                flipped[fault.corrupt_offset] ^= 0xFF
                data = bytes(flipped)
        extra = sum(f.delay for f in faults if f.kind is FaultKind.DELAY)
        copies = 2 if FaultKind.DUPLICATE in kinds else 1
        return [(self._due(direction, extra), data) for _ in range(copies)]

    # ---- hub side ------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """The client wrote a packet (raises BleakGATTProtocolError if so planned)."""
        if not self.open:
            return
        for item in self._carry(Direction.TO_DEVICE, data) or []:
            self._to_device.put_nowait(item)

    def close(self) -> None:
        """The client disconnects: the peripheral hears of it at once."""
        if self._shutdown():
            self._tell_peripheral()

    def lose(self) -> None:
        """The radio link is lost: both ends hear of it."""
        if self._shutdown():
            self._tell_peripheral()
            self._on_lost()

    # ---- peripheral side (Central) ---------------------------------------------

    def notify(self, data: bytes) -> None:
        """The peripheral notifies a packet."""
        if not self.open or self._peripheral_gone:
            return
        for item in self._carry(Direction.TO_HUB, data) or []:
            self._to_hub.put_nowait(item)

    def disconnect(self) -> None:
        """The peripheral drops the link, after what it already sent."""
        if self.open and not self._peripheral_gone:
            self._peripheral_gone = True
            self._to_hub.put_nowait((self._due(Direction.TO_HUB, 0.0), _CLOSE))

    # ---- pumps -------------------------------------------------------------

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

    async def _wait(self, due: float) -> None:
        delay = due - self._loop.time()
        if delay > 0:
            await self._settings.sleep(delay)

    async def _pump_to_device(self) -> None:
        while True:
            due, data = await self._to_device.get()
            await self._wait(due)
            if self._peripheral_gone:
                continue
            try:
                self._peripheral.on_write(data)
            except Exception:
                _LOGGER.exception("peripheral failed on a write")

    async def _pump_to_hub(self) -> None:
        while True:
            due, data = await self._to_hub.get()
            await self._wait(due)
            if data is _CLOSE:
                if self._shutdown():
                    self._on_lost()
                return
            try:
                self._on_notify(data)
            except Exception:
                _LOGGER.exception("notification callback failed")

"""The connection slots of a virtual Bluetooth proxy, counted as an ESPHome proxy does.

An ESPHome Bluetooth proxy can hold a fixed number of connections (3 by
default). Its firmware takes a slot for an address as soon as a connection
attempt starts, gives it back when the attempt fails or the link ends, and after
each change reports how many slots are free, the limit and the addresses holding
one. bleak_esphome hands each report to habluetooth's manager as a
`bleak_retry_connector.Allocations` (``BluetoothManager.async_on_allocation_changed``),
answers ``BaseHaScanner.get_allocations`` from the last one, and lets the
connector accept a connection only while a slot is free. A client that still
finds no free slot waits a little (2 s) for one, then raises a `TimeoutError`
that names the missing connection slot, which bleak_retry_connector turns into
`BleakOutOfConnectionSlotsError`.

`ConnectionSlots` keeps that count for one virtual proxy (simulator/scanner.py);
`VirtualBleakClient` takes and frees the slots (simulator/ble/client.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging

from habluetooth import Allocations

_LOGGER = logging.getLogger(__name__)

CONNECTION_SLOTS = 3  # what an ESPHome proxy has unless configured otherwise
SLOT_WAIT = 2.0  # how long bleak_esphome waits for a free slot before giving up

type AllocationsListener = Callable[[Allocations], None]


class ConnectionSlots:
    """Who holds the connection slots of one proxy; reports every change."""

    def __init__(
        self,
        adapter: str,
        limit: int = CONNECTION_SLOTS,
        *,
        wait: float = SLOT_WAIT,
    ) -> None:
        """`adapter`: the proxy's source address, as habluetooth knows it;
        `limit`: how many connections it can hold; `wait`: seconds a connection
        attempt waits for a slot when all are taken (0: fail at once).
        """
        if limit < 0:
            msg = f"a proxy cannot have {limit} connection slots"
            raise ValueError(msg)
        self.adapter = adapter
        self.limit = limit
        self.wait = wait
        self._allocated: list[str] = []
        self._waiters: set[asyncio.Future[None]] = set()
        self._listener: AllocationsListener | None = None

    @property
    def free(self) -> int:
        """How many more connections the proxy can take now."""
        return max(self.limit - len(self._allocated), 0)

    @property
    def allocated(self) -> list[str]:
        """The addresses holding a slot, oldest first (a copy)."""
        return list(self._allocated)

    def allocations(self) -> Allocations:
        """The current state, in the form habluetooth's manager takes."""
        return Allocations(self.adapter, self.limit, self.free, self.allocated)

    # ---- reporting ------------------------------------------------------------------

    def subscribe(self, listener: AllocationsListener) -> Callable[[], None]:
        """Report every change to `listener` (one at a time); returns an unsubscribe."""
        self._listener = listener

        def unsubscribe() -> None:
            if self._listener is listener:
                self._listener = None

        return unsubscribe

    def report(self) -> None:
        """Send the current state to the listener, if any."""
        listener = self._listener
        if listener is None:
            return
        try:
            listener(self.allocations())
        except Exception:
            _LOGGER.exception("%s: reporting connection slots failed", self.adapter)

    # ---- taking and freeing -----------------------------------------------------------

    async def take(self, address: str) -> None:
        """Take a slot for `address`, waiting up to `wait` seconds for one.

        Raises TimeoutError (naming the missing connection slot) if none frees up.
        """
        if not self.free:
            await self._wait_for_free()
        self._allocated.append(address)
        self.report()

    def give_back(self, address: str) -> None:
        """Free the slot `address` holds (nothing if it holds none)."""
        try:
            self._allocated.remove(address)
        except ValueError:
            return
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self.report()

    async def _wait_for_free(self) -> None:
        if self.wait <= 0:
            raise self._exhausted()
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.wait):
                while not self.free:
                    waiter: asyncio.Future[None] = loop.create_future()
                    self._waiters.add(waiter)
                    try:
                        await waiter
                    finally:
                        self._waiters.discard(waiter)
        except TimeoutError:
            raise self._exhausted() from None

    def _exhausted(self) -> TimeoutError:
        return TimeoutError(
            f"{self.adapter}: no free connection slot became available"
            f" within {self.wait:g}s ({len(self._allocated)}/{self.limit} in use)"
        )

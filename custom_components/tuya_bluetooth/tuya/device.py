"""`TuyaBLEDevice`: one Tuya Bluetooth device, its connection and its DPs.

It owns the `DeviceSession` and the connection lifecycle: connecting under one
lock with a deadline of its own and a bounded number of attempts (connect and
handshake only: a DP write that may have reached the device is never sent
again), the `BLEDevice` refreshed from every advertisement, one more attempt
after a stale GATT cache was cleared, and the reason of every disconnect. It
keeps the DP values the device reported and tells subscribers of changes.

Commands go through one queue, in order, and each ends with a `CommandResult`
(see `commands_queue`). Time comes from an injected `Scheduler`.
"""

from __future__ import annotations

import asyncio
from collections.abc import (
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
    Sequence,
)
import contextlib
from dataclasses import dataclass
import logging
from typing import Any

from bleak.backends.device import BLEDevice

from .channel import Scheduler
from .command_queue import CommandQueue, CommandResult
from .datapoints import DataPoint
from .device_info import DeviceInfo
from .errors import (
    ConnectError,
    ConnectionClosedError,
    ConnectTimeoutError,
    DeviceInfoError,
    GattServiceMissingError,
    NotifyError,
    OutOfConnectionSlotsError,
    PairError,
    ResponseTimeoutError,
    TuyaBLEError,
)
from .handshake import DeviceCredentials
from .reports import DPReport
from .session import DeviceSession, DisconnectReason

__all__ = ["DeviceEvent", "TuyaBLEDevice"]

_LOGGER = logging.getLogger(__name__)

# Worth another attempt: the link or the handshake failed on the way, not the key.
_RETRYABLE = (
    ConnectError,
    ConnectionClosedError,
    ResponseTimeoutError,
    NotifyError,
    DeviceInfoError,
)
_NOT_RETRYABLE = (PairError,)


@dataclass(frozen=True, slots=True)
class DeviceEvent:
    """What changed: DPs the device reported, or the connection."""

    dps: tuple[DataPoint, ...] = ()
    connected: bool | None = None
    disconnect_reason: DisconnectReason | None = None


type DeviceListener = Callable[[DeviceEvent], None]


class TuyaBLEDevice:
    """A Tuya BLE device: connection lifecycle, DP state, ordered commands."""

    def __init__(
        self,
        ble_device: BLEDevice,
        credentials: DeviceCredentials,
        *,
        protocol_major: int = 3,
        scheduler: Scheduler | None = None,
        connect_deadline: float = 30.0,
        connect_attempts: int = 3,
        idle_timeout: float | None = None,
        wait_for_slot: Callable[[], Awaitable[None]] | None = None,
        session_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self._ble_device = ble_device
        self._scheduler = scheduler
        self.connect_deadline = connect_deadline
        self.connect_attempts = max(1, connect_attempts)
        # Called when every path to the device is out of connection slots: it
        # returns once one may be free (the connect deadline still applies).
        self._wait_for_slot = wait_for_slot
        kwargs = dict(session_kwargs or {})
        connect_kwargs = dict(kwargs.pop("connect_kwargs", {}))
        # bleak-retry-connector asks for the newest BLEDevice between its tries.
        connect_kwargs.setdefault("ble_device_callback", lambda: self._ble_device)
        self._session = DeviceSession(
            ble_device,
            credentials,
            protocol_major=protocol_major,
            connect_kwargs=connect_kwargs,
            on_dp_report=self._reported,
            on_disconnect=self._disconnected,
            scheduler=scheduler,
            idle_timeout=idle_timeout,
            **kwargs,
        )
        self._connect_lock = asyncio.Lock()
        self._dps: dict[int, DataPoint] = {}
        self._listeners: list[DeviceListener] = []
        self._queue = CommandQueue(self)
        self.last_disconnect_reason: DisconnectReason | None = None
        # True while a connection attempt waits for a proxy or adapter slot.
        self.waiting_for_slot = False

    # --- state --------------------------------------------------------------------

    @property
    def address(self) -> str:
        """The Bluetooth address the device is reached at."""
        return self._ble_device.address

    @property
    def ble_device(self) -> BLEDevice:
        """The newest `BLEDevice` (it names the adapter or proxy to connect by)."""
        return self._ble_device

    @property
    def scheduler(self) -> Scheduler:
        """Where deadlines run (the running loop unless one was injected)."""
        return self._scheduler or asyncio.get_running_loop()

    @property
    def session(self) -> DeviceSession:
        """The session (for OTA and Wi-Fi provisioning, which run on it)."""
        return self._session

    @property
    def is_connected(self) -> bool:
        """Whether a paired session is up."""
        return self._session.is_connected

    @property
    def device_info(self) -> DeviceInfo | None:
        """The last device-info answer."""
        return self._session.device_info

    @property
    def dps(self) -> Mapping[int, DataPoint]:
        """The DP values the device reported last, by DP id."""
        return self._dps

    @property
    def idle_timeout(self) -> float | None:
        """Seconds without a request after which the link closes (None: never)."""
        return self._session.idle_timeout

    @idle_timeout.setter
    def idle_timeout(self, value: float | None) -> None:
        self._session.idle_timeout = value

    def set_ble_device(self, ble_device: BLEDevice) -> None:
        """Take the `BLEDevice` of the newest advertisement."""
        self._ble_device = ble_device
        self._session.ble_device = ble_device

    def subscribe(self, listener: DeviceListener) -> Callable[[], None]:
        """Call `listener` on every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: DeviceEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # --- connection ---------------------------------------------------------------

    async def ensure_connected(self) -> DeviceInfo:
        """Connect and pair unless already connected; one attempt at a time."""
        info = self._session.device_info
        if self._session.is_connected and info is not None:
            return info
        async with self._connect_lock:
            info = self._session.device_info
            if self._session.is_connected and info is not None:
                return info
            connected = await self._within_deadline(self._connect_with_retries())
            self._emit(DeviceEvent(connected=True))
            await self._queue.settle_uncertain()
            return connected

    async def _connect_with_retries(self) -> DeviceInfo:
        gatt_retried = False
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._session.connect()
            except GattServiceMissingError:
                # The session cleared the GATT cache: one more look at the table.
                if gatt_retried:
                    raise
                gatt_retried = True
                attempt -= 1
            except OutOfConnectionSlotsError:
                if self._wait_for_slot is None:
                    raise
                _LOGGER.debug("%s: no free connection slot, waiting", self.address)
                self.waiting_for_slot = True
                try:
                    await self._wait_for_slot()
                finally:
                    self.waiting_for_slot = False
                attempt -= 1
            except _NOT_RETRYABLE:
                raise
            except _RETRYABLE as err:
                if attempt >= self.connect_attempts:
                    raise
                _LOGGER.debug(
                    "%s: attempt %d failed (%s), trying again",
                    self.address,
                    attempt,
                    type(err).__name__,
                )

    async def _within_deadline[T](self, awaitable: Coroutine[Any, Any, T]) -> T:
        """Await `awaitable`, cancelling it at the connect deadline.

        bleak-retry-connector alone may hold a missing device for a minute; the
        deadline runs on the injected scheduler, so tests need not wait for it.
        """
        scheduler = self.scheduler
        task: asyncio.Future[T] = asyncio.ensure_future(awaitable)
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            task.cancel()

        handle = scheduler.call_later(self.connect_deadline, expire)
        try:
            return await task
        except asyncio.CancelledError:
            if expired:
                raise ConnectTimeoutError(
                    f"{self.address}: no connection within {self.connect_deadline} s"
                ) from None
            raise
        finally:
            handle.cancel()

    async def disconnect(self) -> None:
        """Close the connection (queued commands connect again when they run)."""
        await self._session.disconnect()

    async def read_device_info(self) -> DeviceInfo:
        """Device info without pairing (e.g. the firmware of an unbound device)."""
        async with self._connect_lock:
            return await self._within_deadline(self._session.read_device_info())

    # --- commands -----------------------------------------------------------------

    async def write_dps(self, dps: Iterable[DataPoint]) -> CommandResult:
        """Queue a DP write; return how it ended (see `CommandResult`)."""
        return await self._queue.write(list(dps))

    async def query_dps(self, dp_ids: Iterable[int] = ()) -> Mapping[int, DataPoint]:
        """Ask the device for DP values (all by default) and return what it has.

        Raises the error that kept the query from the device (a query changes
        nothing there, so failing it loses nothing).
        """
        result = await self._queue.query(list(dp_ids))
        if result.error is not None:
            raise result.error
        return self._dps

    async def close(self) -> None:
        """Fail what is queued and disconnect (Home Assistant stops or unloads)."""
        self._queue.close()
        with contextlib.suppress(TuyaBLEError):
            await self._session.disconnect()

    # --- from the session ---------------------------------------------------------

    def _reported(self, report: DPReport) -> None:
        for dp in report.dps:
            self._dps[dp.id] = dp
        self._queue.reported(report.dps)
        self._emit(DeviceEvent(dps=report.dps))

    def acknowledged(self, dps: Sequence[DataPoint]) -> None:
        """The device confirmed a write: take its DPs as the new state at once.

        Its own report, when one comes, has the last word.
        """
        changed = tuple(dp for dp in dps if self._dps.get(dp.id) != dp)
        self._dps.update((dp.id, dp) for dp in changed)
        if changed:
            self._emit(DeviceEvent(dps=changed))

    def _disconnected(self, reason: DisconnectReason) -> None:
        self.last_disconnect_reason = reason
        _LOGGER.debug("%s: disconnected (%s)", self.address, reason)
        self._emit(DeviceEvent(connected=False, disconnect_reason=reason))

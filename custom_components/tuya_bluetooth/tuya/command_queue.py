"""Commands to one device, one at a time and in order, each with an honest ending.

Every DP write ends as one of:

- *acknowledged*: the device answered that it applied it;
- *failed*: not applied — it never left us (no connection, the link closed
  before sending) or the device refused it;
- *uncertain*: it was sent and no answer came (the answer was lost, the link
  dropped, the last sub-packet's write failed), so the device may have applied
  it. Nothing is sent again: the DP is read back on the next connection, and the
  result's `settlement` then says whether the value arrived.

A queued write whose every DP is overwritten by a newer queued write is not sent
at all: it ends as the newer write, the one that carries its values, ends.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
import logging
from typing import TYPE_CHECKING

from .channel import Cancellable
from .datapoints import DataPoint
from .errors import (
    AnswerLostError,
    CommandRejectedError,
    ConnectionClosedError,
    DeviceBusyError,
    ResponseTimeoutError,
    TuyaBLEError,
    WriteError,
)

if TYPE_CHECKING:
    from .device import TuyaBLEDevice

__all__ = ["CommandOutcome", "CommandQueue", "CommandResult", "Settlement"]

_LOGGER = logging.getLogger(__name__)

# Sent, but whether it arrived is unknown.
_UNCERTAIN_ERRORS = (WriteError, ResponseTimeoutError, AnswerLostError)
# Reports that answer a query come in quick succession; this much quiet ends them.
QUERY_QUIET = 0.3


class CommandOutcome(StrEnum):
    """How a command ended."""

    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class Settlement(StrEnum):
    """What reading an uncertain write's DPs back showed."""

    APPLIED = "applied"
    NOT_APPLIED = "not_applied"
    SUPERSEDED = "superseded"  # a later acknowledged write set the DP again


@dataclass(slots=True)
class CommandResult:
    """The end of one command; `error` says why it failed or is uncertain."""

    outcome: CommandOutcome
    error: TuyaBLEError | None = None
    # Only for uncertain writes: resolves once the DPs were read back.
    settlement: asyncio.Future[Settlement] | None = field(default=None, repr=False)

    @property
    def acknowledged(self) -> bool:
        """Whether the device confirmed the command."""
        return self.outcome is CommandOutcome.ACKNOWLEDGED


@dataclass(slots=True, eq=False)
class _Write:
    dps: dict[int, DataPoint]
    future: asyncio.Future[CommandResult]
    # Earlier writes whose every DP this one overwrote: they end as it ends.
    carried: list[_Write] = field(default_factory=list)

    def resolve(self, result: CommandResult) -> None:
        for write in (self, *self.carried):
            if not write.future.done():
                write.future.set_result(result)


@dataclass(slots=True, eq=False)
class _Query:
    dp_ids: tuple[int, ...]
    future: asyncio.Future[CommandResult]

    def resolve(self, result: CommandResult) -> None:
        if not self.future.done():
            self.future.set_result(result)


@dataclass(slots=True, eq=False)
class _Unsettled:
    dp: DataPoint
    settlement: asyncio.Future[Settlement]


class CommandQueue:
    """The ordered, exactly-once command queue of one `TuyaBLEDevice`."""

    def __init__(self, device: TuyaBLEDevice) -> None:
        self._device = device
        self._pending: deque[_Write | _Query] = deque()
        self._worker: asyncio.Task[None] | None = None
        self._unsettled: dict[int, _Unsettled] = {}
        self._report_waiters: list[Callable[[Sequence[DataPoint]], None]] = []
        # DP ids the device reported while a write was on its way (None: no write).
        self._reported_during_write: set[int] | None = None
        self._closed = False

    @property
    def unsettled(self) -> frozenset[int]:
        """DP ids of uncertain writes not yet read back."""
        return frozenset(self._unsettled)

    # --- entry points ------------------------------------------------------------

    async def write(self, dps: list[DataPoint]) -> CommandResult:
        """Queue a DP write and wait for its result."""
        write = _Write(
            {dp.id: dp for dp in dps}, asyncio.get_running_loop().create_future()
        )
        for earlier in list(self._pending):
            if not isinstance(earlier, _Write):
                continue
            for dp_id in write.dps:
                earlier.dps.pop(dp_id, None)
            if not earlier.dps:
                self._pending.remove(earlier)
                write.carried += [earlier, *earlier.carried]
        return await self._enqueue(write)

    async def query(self, dp_ids: list[int]) -> CommandResult:
        """Queue a DP query; done once the device's reports have come."""
        query = _Query(tuple(dp_ids), asyncio.get_running_loop().create_future())
        return await self._enqueue(query)

    async def _enqueue(self, item: _Write | _Query) -> CommandResult:
        if self._closed:
            return CommandResult(
                CommandOutcome.FAILED, ConnectionClosedError("the device was closed")
            )
        self._pending.append(item)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())
        # A caller that gives up does not take the command back: it still runs.
        return await asyncio.shield(item.future)

    def close(self) -> None:
        """Fail everything still queued; nothing more is accepted."""
        self._closed = True
        while self._pending:
            self._pending.popleft().resolve(
                CommandResult(
                    CommandOutcome.FAILED,
                    ConnectionClosedError("the device was closed"),
                )
            )

    # --- the worker ----------------------------------------------------------------

    async def _work(self) -> None:
        while self._pending:
            item = self._pending.popleft()
            if isinstance(item, _Write):
                item.resolve(await self._send_write(item))
            else:
                item.resolve(await self._send_query(item))

    async def _send_write(self, write: _Write) -> CommandResult:
        try:
            await self._device.ensure_connected()
        except TuyaBLEError as err:
            return CommandResult(CommandOutcome.FAILED, err)
        dps = list(write.dps.values())
        reported: set[int] = set()
        self._reported_during_write = reported
        try:
            await self._device.session.write_dps(dps)
        except _UNCERTAIN_ERRORS as err:
            return self._uncertain(dps, err)
        except (CommandRejectedError, DeviceBusyError, TuyaBLEError) as err:
            # Refused by the device, or closed before it was sent.
            return CommandResult(CommandOutcome.FAILED, err)
        finally:
            self._reported_during_write = None
        for dp in dps:
            if (stale := self._unsettled.pop(dp.id, None)) is not None:
                _settle(stale.settlement, Settlement.SUPERSEDED)
        # A DP the device reported before the acknowledgement came back already
        # has its newest value (a fingerbot's press released at once): the
        # acknowledgement must not put the written one back.
        self._device.acknowledged([dp for dp in dps if dp.id not in reported])
        return CommandResult(CommandOutcome.ACKNOWLEDGED)

    def _uncertain(self, dps: list[DataPoint], err: TuyaBLEError) -> CommandResult:
        settlement: asyncio.Future[Settlement] = (
            asyncio.get_running_loop().create_future()
        )
        for dp in dps:
            if (stale := self._unsettled.get(dp.id)) is not None:
                _settle(stale.settlement, Settlement.SUPERSEDED)
            self._unsettled[dp.id] = _Unsettled(dp, settlement)
        _LOGGER.debug(
            "%s: DP write %s uncertain (%s); read back on the next connection",
            self._device.address,
            sorted(dp.id for dp in dps),
            type(err).__name__,
        )
        return CommandResult(CommandOutcome.UNCERTAIN, err, settlement)

    async def _send_query(self, query: _Query) -> CommandResult:
        try:
            await self._device.ensure_connected()
        except TuyaBLEError as err:
            return CommandResult(CommandOutcome.FAILED, err)
        wanted = set(query.dp_ids)
        done = asyncio.get_running_loop().create_future()
        scheduler = self._device.scheduler
        quiet: list[Cancellable] = []

        def finish() -> None:
            if not done.done():
                done.set_result(None)

        def on_report(dps: Sequence[DataPoint]) -> None:
            wanted.difference_update(dp.id for dp in dps)
            if query.dp_ids and not wanted:
                finish()
            elif not query.dp_ids:
                for handle in quiet:
                    handle.cancel()
                quiet[:] = [scheduler.call_later(QUERY_QUIET, finish)]

        self._report_waiters.append(on_report)
        deadline = scheduler.call_later(self._device.session.response_timeout, finish)
        try:
            await self._device.session.query_dps(query.dp_ids)
            await done
        except TuyaBLEError as err:
            # A query changes nothing on the device: failing it is always safe.
            return CommandResult(CommandOutcome.FAILED, err)
        finally:
            deadline.cancel()
            for handle in quiet:
                handle.cancel()
            self._report_waiters.remove(on_report)
        return CommandResult(CommandOutcome.ACKNOWLEDGED)

    # --- reading uncertain writes back -------------------------------------------

    async def settle_uncertain(self) -> None:
        """After connecting: ask for the DPs of uncertain writes (reports settle)."""
        if not self._unsettled:
            return
        try:
            await self._device.session.query_dps(sorted(self._unsettled))
        except TuyaBLEError as err:
            _LOGGER.debug("%s: read-back failed (%s)", self._device.address, err)

    def reported(self, dps: Sequence[DataPoint]) -> None:
        """The device reported these DPs (settles uncertain writes of them)."""
        if self._reported_during_write is not None:
            self._reported_during_write.update(dp.id for dp in dps)
        for dp in dps:
            unsettled = self._unsettled.pop(dp.id, None)
            if unsettled is None or unsettled.settlement.done():
                continue
            applied = dp.value == unsettled.dp.value
            if not applied or not any(
                other.settlement is unsettled.settlement
                for other in self._unsettled.values()
            ):
                _settle(
                    unsettled.settlement,
                    Settlement.APPLIED if applied else Settlement.NOT_APPLIED,
                )
        for waiter in list(self._report_waiters):
            waiter(dps)


def _settle(future: asyncio.Future[Settlement], settlement: Settlement) -> None:
    if not future.done():
        future.set_result(settlement)

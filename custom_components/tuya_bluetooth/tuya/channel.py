"""A frame channel over one connection: sequence numbers, sealed writes in
sub-packets, reassembly of notifications, and matching answers to requests.

It knows nothing of handshakes or commands; `DeviceSession` builds on it. Time
comes from an injected `Scheduler` (an asyncio loop fits), so tests drive
timeouts by hand instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import logging
from typing import Protocol

from bleak.exc import BleakError

from .const import DEFAULT_WRITE_SIZE, SecurityMode, max_frame_size
from .crypto import KeyRing
from .errors import (
    AnswerLostError,
    ConnectionClosedError,
    ResponseTimeoutError,
    TuyaBLEError,
    WriteError,
)
from .frames import Frame, decode_frame, encode_frame
from .framing import Reassembler, split_frame

_LOGGER = logging.getLogger(__name__)


class Cancellable(Protocol):
    """A scheduled call that can be called off (asyncio.TimerHandle fits)."""

    def cancel(self) -> None:
        """Call it off."""


class Scheduler(Protocol):
    """Monotonic time plus delayed calls; an asyncio event loop satisfies it."""

    def time(self) -> float:
        """Monotonic seconds."""
        ...

    def call_later(
        self, delay: float, callback: Callable[[], object], /
    ) -> Cancellable:
        """Run `callback` after `delay` seconds."""
        ...


@dataclass(frozen=True, slots=True)
class Incoming:
    """A decoded frame from the device and the mode it arrived in."""

    frame: Frame
    mode: SecurityMode


type WritePacket = Callable[[bytes], Awaitable[None]]
type RequestHandler = Callable[[Incoming], None]


class FrameChannel:
    """Send frames, receive frames, and pair answers with requests."""

    def __init__(
        self,
        write_packet: WritePacket,
        keys: KeyRing,
        *,
        protocol_major: int,
        scheduler: Scheduler,
        on_request: RequestHandler,
        write_size: int = DEFAULT_WRITE_SIZE,
    ) -> None:
        self._write_packet = write_packet
        self.keys = keys
        self.protocol_major = protocol_major
        self._scheduler = scheduler
        self._on_request = on_request
        self._write_size = write_size
        self._reassembler = Reassembler(max_frame_size(protocol_major))
        self._write_lock = asyncio.Lock()
        self._next_sn = 1
        self._seq = 0
        self._last_peer_sn = 0
        self._by_sn: dict[int, tuple[int, asyncio.Future[Incoming]]] = {}
        self._by_cmd: dict[int, asyncio.Future[Incoming]] = {}
        self._by_cmd_locks: dict[int, asyncio.Lock] = {}
        self._closed: str | None = None
        self.dropped = 0

    @property
    def pending(self) -> int:
        """How many requests await an answer."""
        return len(self._by_sn) + len(self._by_cmd)

    # --- receiving ----------------------------------------------------------------

    def feed(self, packet: bytes | bytearray) -> None:
        """Handle one notification; malformed or undecryptable frames are dropped."""
        if self._closed is not None:
            return
        try:
            raw = self._reassembler.feed(packet)
            if raw is None:
                return
            mode, plain = self.keys.open(raw)
            frame = decode_frame(plain)
        except TuyaBLEError as err:
            # A wrong key, a corrupted or a duplicated packet: drop, as the device does.
            self.dropped += 1
            _LOGGER.debug("Dropped an incoming packet: %s", type(err).__name__)
            return
        if frame.sn <= self._last_peer_sn:
            _LOGGER.debug("Dropped a repeated frame (sn %d)", frame.sn)
            return
        self._last_peer_sn = frame.sn
        self._dispatch(Incoming(frame, mode))

    def _dispatch(self, incoming: Incoming) -> None:
        frame = incoming.frame
        waiter = self._by_sn.get(frame.ack_sn) if frame.ack_sn else None
        if waiter is not None and waiter[0] == frame.cmd and not waiter[1].done():
            waiter[1].set_result(incoming)
            return
        # OTA answers carry ack_sn 0 and 0x801C answers 0x801B: match by command.
        future = self._by_cmd.get(frame.cmd)
        if future is not None and not future.done():
            future.set_result(incoming)
            return
        if frame.ack_sn:
            _LOGGER.debug("Unexpected answer 0x%04X to sn %d", frame.cmd, frame.ack_sn)
            return
        self._on_request(incoming)

    # --- sending ------------------------------------------------------------------

    async def send(
        self,
        cmd: int,
        data: bytes,
        mode: SecurityMode,
        *,
        ack_sn: int = 0,
        on_sn: Callable[[int], None] | None = None,
    ) -> int:
        """Seal and write one frame; return its sn.

        If a write fails before the frame's last sub-packet, the device cannot
        have received the frame, so it is sent again whole with a new sn (never a
        single sub-packet again: the device would append it twice). A failure on
        the last sub-packet may or may not have delivered it: raise WriteError.
        """
        async with self._write_lock:
            for attempt in range(2):
                self._check_open()
                sn = self._next_sn
                self._next_sn += 1
                packets = split_frame(
                    self.keys.seal(mode, encode_frame(Frame(sn, ack_sn, cmd, data))),
                    version=min(self.protocol_major, 0x0F),
                    seq=self._seq,
                    max_size=self._write_size,
                )
                self._seq = (self._seq + 1) & 0x0F
                if on_sn is not None:
                    on_sn(sn)
                written = 0
                try:
                    for packet in packets:
                        await self._write_packet(packet)
                        written += 1
                except (BleakError, OSError) as err:
                    last = written == len(packets) - 1
                    if last or attempt or self._closed is not None:
                        raise WriteError(
                            f"writing command 0x{cmd:04X} failed: {type(err).__name__}"
                        ) from err
                    _LOGGER.debug("Write of 0x%04X failed early; sending it again", cmd)
                    continue
                return sn
        raise AssertionError("unreachable")  # pragma: no cover

    async def request(
        self,
        cmd: int,
        data: bytes,
        mode: SecurityMode,
        *,
        wait: float,
        response_cmd: int | None = None,
        by_command: bool = False,
    ) -> Incoming:
        """Send a request and wait for its answer (by ack_sn, or by command).

        An answer matched by command carries nothing that says which request it
        answers, so a second request awaiting the same command waits its turn
        rather than taking the first one's place.
        """
        expect = cmd if response_cmd is None else response_cmd
        if not by_command:
            return await self._request(cmd, data, mode, wait, expect, by_command=False)
        lock = self._by_cmd_locks.setdefault(expect, asyncio.Lock())
        async with lock:
            return await self._request(cmd, data, mode, wait, expect, by_command=True)

    async def _request(
        self,
        cmd: int,
        data: bytes,
        mode: SecurityMode,
        wait: float,
        expect: int,
        *,
        by_command: bool,
    ) -> Incoming:
        future: asyncio.Future[Incoming] = asyncio.get_running_loop().create_future()
        registered: list[int] = []

        def register(sn: int) -> None:
            for old in registered:
                self._by_sn.pop(old, None)
            registered.append(sn)
            self._by_sn[sn] = (expect, future)

        if by_command:
            self._by_cmd[expect] = future
        handle: Cancellable | None = None
        try:
            await self.send(cmd, data, mode, on_sn=None if by_command else register)

            def expire() -> None:
                if not future.done():
                    future.set_exception(
                        ResponseTimeoutError(f"no answer to command 0x{cmd:04X}")
                    )

            handle = self._scheduler.call_later(wait, expire)
            try:
                return await future
            except ConnectionClosedError as err:
                raise AnswerLostError(str(err)) from err
        finally:
            if handle is not None:
                handle.cancel()
            for sn in registered:
                self._by_sn.pop(sn, None)
            if self._by_cmd.get(expect) is future:
                del self._by_cmd[expect]

    def close(self, reason: str = "the connection closed") -> None:
        """Fail every waiting request with ConnectionClosedError."""
        if self._closed is not None:
            return
        self._closed = reason
        waiters = [f for _, f in self._by_sn.values()] + list(self._by_cmd.values())
        for future in waiters:
            if not future.done():
                future.set_exception(ConnectionClosedError(reason))

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed is not None

    def _check_open(self) -> None:
        if self._closed is not None:
            raise ConnectionClosedError(self._closed)

"""`DeviceSession`: one connection to one Tuya BLE device, from connect to close.

It connects with bleak_retry_connector (the connect step is injectable), picks the
GATT UUIDs of the generation, subscribes, runs the handshake (`handshake`), then
answers time requests, acknowledges DP reports and hands them to a callback, and
runs requests: DP write / query, unbind, OTA (answers matched by command), Wi-Fi
provisioning. Timeouts and the idle timer run on an injected `Scheduler`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import UTC, datetime
from enum import StrEnum
import logging
import os
from typing import Any

from bleak import BleakClient
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
import bleak_retry_connector
from bleak_retry_connector import (
    BleakNotFoundError,
    BleakOutOfConnectionSlotsError,
    establish_connection,
)

from . import handshake
from .channel import Cancellable, FrameChannel, Incoming, Scheduler
from .const import (
    DEFAULT_WRITE_SIZE,
    GATT_V4,
    OTA_COMMANDS,
    REPORT_COMMANDS,
    SecurityMode,
)
from .crypto import KeyRing
from .device_info import DeviceInfo
from .errors import (
    ConnectError,
    ConnectionClosedError,
    DeviceBusyError,
    DeviceNotFoundError,
    NotifyError,
    OutOfConnectionSlotsError,
    TuyaBLEError,
)
from .gatt import pick_gatt_profile
from .handshake import DeviceCredentials, HandshakeOptions
from .inbound import handle_device_frame
from .reports import DPReport
from .session_requests import SessionRequests

__all__ = ["Connector", "DeviceCredentials", "DeviceSession", "DisconnectReason"]

_LOGGER = logging.getLogger(__name__)

type Connector = Callable[
    [BLEDevice, str, Callable[[BleakClient], None]], Awaitable[BleakClient]
]


class DisconnectReason(StrEnum):
    """Why a connection ended."""

    IDLE = "idle"  # the idle timeout passed with no request
    ASKED = "asked"  # `disconnect` was called
    LOST = "lost"  # the device or the link went away


def _local_now() -> datetime:
    return datetime.now(UTC).astimezone()


class DeviceSession(SessionRequests):
    """A connection to one device; create a new one per BLEDevice owner, reuse it
    across reconnects (each `connect` builds a fresh BleakClient)."""

    def __init__(
        self,
        ble_device: BLEDevice,
        credentials: DeviceCredentials,
        *,
        protocol_major: int = 3,
        connector: Connector | None = None,
        connect_kwargs: Mapping[str, Any] | None = None,
        on_dp_report: Callable[[DPReport], None] | None = None,
        on_disconnect: Callable[[DisconnectReason], None] | None = None,
        on_device_event: Callable[[Incoming], None] | None = None,
        scheduler: Scheduler | None = None,
        clock: Callable[[], datetime] = _local_now,
        response_timeout: float = 5.0,
        ota_timeout: float = 10.0,
        device_info_attempts: int = 2,
        idle_timeout: float | None = None,
        write_size: int = DEFAULT_WRITE_SIZE,
        notify_size: int = DEFAULT_WRITE_SIZE,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.ble_device = ble_device
        self._credentials = credentials
        self._protocol_major = protocol_major
        self._connector = connector or self._establish
        self._connect_kwargs = dict(connect_kwargs or {})
        self._on_dp_report = on_dp_report
        self._on_disconnect = on_disconnect
        self._on_device_event = on_device_event
        self._scheduler = scheduler
        self._clock = clock
        self.response_timeout = response_timeout
        self.ota_timeout = ota_timeout
        self._device_info_attempts = max(1, device_info_attempts)
        self.idle_timeout = idle_timeout
        self._write_size = write_size
        self._notify_size = notify_size
        self._random_bytes = random_bytes
        self._connect_lock = asyncio.Lock()
        self._client: BleakClient | None = None
        self._channel: FrameChannel | None = None
        self._info: DeviceInfo | None = None
        self._ready = False
        self._idle: Cancellable | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._dp_sn = 0
        self._ota_active = False

    # --- state --------------------------------------------------------------------

    @property
    def is_connected(self) -> bool:
        """Whether the session is paired and its link up."""
        client, channel = self._client, self._channel
        return (
            self._ready
            and client is not None
            and client.is_connected
            and channel is not None
            and not channel.closed
        )

    @property
    def device_info(self) -> DeviceInfo | None:
        """The last device-info answer."""
        return self._info

    @property
    def ota_active(self) -> bool:
        """Whether a firmware transfer has started and not ended."""
        return self._ota_active

    # --- connect ------------------------------------------------------------------

    async def _establish(
        self, device: BLEDevice, name: str, disconnected: Callable[[BleakClient], None]
    ) -> BleakClient:
        # Looked up at each call: Home Assistant's bluetooth stack swaps in its own
        # wrapper class (connection paths through proxies) when it starts.
        return await establish_connection(
            bleak_retry_connector.BleakClientWithServiceCache,
            device,
            name,
            disconnected_callback=disconnected,
            **self._connect_kwargs,
        )

    async def connect(self, *, first_bind: bool = False) -> DeviceInfo:
        """Connect and pair; `first_bind` binds an unbound device with auth_key."""
        async with self._connect_lock:
            if self.is_connected and self._info is not None:
                return self._info
            step = handshake.first_bind if first_bind else handshake.login
            info = await self._open(step)
            self._info, self._ready = info, True
            self._protocol_major = info.protocol_major or self._protocol_major
            self._touch()
            return info

    async def read_device_info(self) -> DeviceInfo:
        """Connect, read the device info without pairing, and disconnect.

        The request goes in mode 4 under the credentials' local_key. An unbound
        device keeps an all-zero login key, so credentials whose local_key is six
        NUL characters read one, e.g. its firmware version before activation.
        """
        async with self._connect_lock:
            if self.is_connected and self._info is not None:
                return self._info
            try:
                return await self._open(handshake.device_info_only)
            finally:
                await self._teardown(notify=None)

    async def _open(self, step: handshake.HandshakeStep) -> DeviceInfo:
        """A fresh link, the notify subscription and one handshake `step`."""
        await self._teardown(notify=None)
        if self._scheduler is None:
            self._scheduler = asyncio.get_running_loop()
        name = self.ble_device.name or self.ble_device.address
        try:
            client = await self._connector(self.ble_device, name, self._disconnected)
        except BleakNotFoundError as err:
            raise DeviceNotFoundError(f"{name} is not reachable") from err
        except BleakOutOfConnectionSlotsError as err:
            raise OutOfConnectionSlotsError(
                f"no free connection slot to reach {name}"
            ) from err
        except (BleakError, TimeoutError, OSError) as err:
            raise ConnectError(
                f"connecting to {name} failed: {type(err).__name__}"
            ) from err
        self._client = client
        try:
            return await self._start(client, step)
        except BaseException:
            await self._teardown(notify=None)
            raise

    async def _start(
        self, client: BleakClient, step: handshake.HandshakeStep
    ) -> DeviceInfo:
        profile = await pick_gatt_profile(client, self._protocol_major)
        # The GATT table settles the generation (a v4 device disconnects on a
        # v3-shaped device-info request).
        self._protocol_major = (
            max(self._protocol_major, 4)
            if profile is GATT_V4
            else min(self._protocol_major, 3)
        )
        creds = self._credentials
        keys = KeyRing(
            local_key=creds.local_key,
            auth_key=creds.auth_key,
            uuid=creds.uuid,
            protocol_major=self._protocol_major,
            random_bytes=self._random_bytes,
        )

        async def write(packet: bytes) -> None:
            await client.write_gatt_char(profile.write, packet, response=False)

        assert self._scheduler is not None
        channel = FrameChannel(
            write,
            keys,
            protocol_major=self._protocol_major,
            scheduler=self._scheduler,
            on_request=self._device_request,
            write_size=self._write_size,
        )
        self._channel = channel
        try:
            await client.start_notify(profile.notify, self._notified)
        except (BleakError, OSError) as err:
            raise NotifyError(f"subscribing failed: {type(err).__name__}") from err
        options = HandshakeOptions(
            self._protocol_major,
            self._notify_size,
            self.response_timeout,
            self._device_info_attempts,
        )
        return await step(channel, creds, options)

    # --- requests -----------------------------------------------------------------

    @property
    def _linked(self) -> bool:
        return self._client is not None

    def _ready_channel(self) -> FrameChannel:
        if not self.is_connected or self._channel is None:
            raise ConnectionClosedError("the session is not connected")
        return self._channel

    async def request(
        self, cmd: int, data: bytes = b"", *, wait: float | None = None
    ) -> bytes:
        """Send a mode-5 request and return its answer's payload."""
        channel = self._ready_channel()
        if self._ota_active and cmd not in OTA_COMMANDS:
            raise DeviceBusyError
        self._touch()
        try:
            answer = await channel.request(
                cmd,
                data,
                SecurityMode.SESSION,
                wait=wait or self.response_timeout,
            )
        finally:
            self._touch()
        return answer.frame.data

    # --- device-originated frames ---------------------------------------------------

    def _notified(self, _char: BleakGATTCharacteristic, data: bytearray) -> None:
        # No idle bookkeeping per packet: the idle timer measures the hub's own
        # requests (re-armed when one is sent and when it ends), so the receive
        # path reads no clock and schedules nothing.
        channel = self._channel
        if channel is not None:
            channel.feed(data)

    def _device_request(self, incoming: Incoming) -> None:
        frame = incoming.frame
        reply, report = handle_device_frame(frame, self._clock())
        if reply is not None:
            self._reply(reply.cmd, reply.ack_sn, reply.data)
        if report is not None and self._on_dp_report is not None:
            self._on_dp_report(report)
        if frame.cmd not in REPORT_COMMANDS:
            _LOGGER.debug("Device sent command 0x%04X", frame.cmd)
            if self._on_device_event is not None:
                self._on_device_event(incoming)

    def _reply(self, cmd: int, ack_sn: int, data: bytes) -> None:
        channel = self._channel
        if channel is not None:
            self._spawn(channel.send(cmd, data, SecurityMode.SESSION, ack_sn=ack_sn))

    def _spawn(self, coro: Coroutine[Any, Any, object]) -> None:
        async def run() -> None:
            try:
                await coro
            except TuyaBLEError as err:
                _LOGGER.debug("Reply failed: %s", type(err).__name__)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- idle timer and closing -----------------------------------------------------

    def _touch(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if (
            self.idle_timeout is not None
            and self._ready
            and self._scheduler is not None
        ):
            self._idle = self._scheduler.call_later(
                self.idle_timeout, self._idle_expired
            )

    def _idle_expired(self) -> None:
        self._idle = None
        channel = self._channel
        if channel is not None and (channel.pending or self._ota_active):
            self._touch()
            return
        _LOGGER.debug("Disconnecting %s after idle time", self.ble_device.address)
        self._spawn(self._teardown(notify=DisconnectReason.IDLE))

    def _disconnected(self, client: BleakClient) -> None:
        if client is self._client:
            self._closed("the device disconnected", notify=DisconnectReason.LOST)

    def _closed(self, reason: str, *, notify: DisconnectReason | None) -> None:
        was_open = self._client is not None
        if self._channel is not None:
            self._channel.close(reason)
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        self._ready = False
        self._ota_active = False
        self._client = None
        if notify is not None and was_open and self._on_disconnect is not None:
            self._on_disconnect(notify)

    async def _teardown(self, *, notify: DisconnectReason | None) -> None:
        client = self._client
        self._closed("the session closed", notify=notify)
        if client is not None:
            try:
                await client.disconnect()
            except (BleakError, TimeoutError, OSError) as err:
                _LOGGER.debug("Disconnect failed: %s", type(err).__name__)

    async def disconnect(self) -> None:
        """Close the connection; waiting requests fail with ConnectionClosedError."""
        await self._teardown(notify=DisconnectReason.ASKED)

"""The connection handshake: device info, then pair.

See docs/protocol.md §6.2, §6.3 and §11.

- Bound device (we hold its local_key): device info in mode 4, pair in mode 5.
- First bind of an unbound device (we hold its auth_key and a new local_key; the
  device's stored login key is all zeros, so modes 4/5 cannot reach it): device
  info in mode 1, register-key check, pair in mode 2 carrying uuid ‖ new login
  key ‖ virtual id; the device answers in mode 5 under the new login key.

A device drops frames it cannot decrypt, so an unanswered device-info request on
a live link means the device does not accept our key: `KeyRejectedError`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from . import commands
from .channel import FrameChannel
from .const import Command, SecurityMode
from .crypto import login_key_from_local_key
from .device_info import (
    DeviceInfo,
    build_device_info_request,
    parse_device_info,
    proves_auth_key,
)
from .errors import (
    DeviceInfoError,
    KeyRejectedError,
    MissingKeyError,
    PairError,
    PayloadError,
    RegisterKeyMismatchError,
    ResponseTimeoutError,
)


@dataclass(frozen=True, slots=True)
class DeviceCredentials:
    """What the cloud knows about a device. Keys stay out of repr.

    `local_key` is the device's cloud local_key (its first 6 characters are the
    login key); for a first bind it is the new key the device will store.
    """

    uuid: str
    local_key: str = field(repr=False)
    virtual_id: str
    auth_key: str | None = field(default=None, repr=False)
    beacon_key: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class HandshakeOptions:
    """Generation, sizes and timing of a handshake."""

    protocol_major: int
    notify_size: int = 20
    wait: float = 5.0
    device_info_attempts: int = 2


async def request_device_info(
    channel: FrameChannel, mode: SecurityMode, options: HandshakeOptions
) -> DeviceInfo:
    """Send device info in `mode` (re-sent once by default); store srand."""
    payload = build_device_info_request(options.protocol_major, options.notify_size)
    for _attempt in range(max(1, options.device_info_attempts)):
        try:
            answer = await channel.request(
                Command.DEVICE_INFO, payload, mode, wait=options.wait
            )
            break
        except ResponseTimeoutError:
            # A lost frame is healed by sending again; lasting silence means the
            # device cannot decrypt what we send.
            continue
    else:
        raise KeyRejectedError(
            "the device ignored the device-info request: it does not accept our key"
        )
    try:
        info = parse_device_info(answer.frame.data)
    except PayloadError as err:
        raise DeviceInfoError(str(err)) from err
    if not any(info.srand):
        raise DeviceInfoError("the device sent an all-zero srand")
    channel.keys.srand = info.srand
    return info


async def _pair(
    channel: FrameChannel,
    credentials: DeviceCredentials,
    info: DeviceInfo,
    mode: SecurityMode,
    options: HandshakeOptions,
) -> None:
    payload = commands.build_pair_request(
        credentials.uuid,
        login_key_from_local_key(credentials.local_key),
        credentials.virtual_id,
        credentials.beacon_key if info.has_beacon_key else None,
    )
    answer = await channel.request(Command.PAIR, payload, mode, wait=options.wait)
    try:
        result = commands.parse_pair_result(answer.frame.data)
    except PayloadError as err:
        raise PairError(str(err)) from err
    if not result.paired:
        raise PairError("the device refused to pair: the uuid does not match")


type HandshakeStep = Callable[
    [FrameChannel, DeviceCredentials, HandshakeOptions], Awaitable[DeviceInfo]
]


async def device_info_only(
    channel: FrameChannel, _credentials: DeviceCredentials, options: HandshakeOptions
) -> DeviceInfo:
    """Device info in mode 4 and nothing more: the device stays unpaired."""
    return await request_device_info(channel, SecurityMode.LOGIN, options)


async def login(
    channel: FrameChannel, credentials: DeviceCredentials, options: HandshakeOptions
) -> DeviceInfo:
    """Handshake with a bound device: device info in mode 4, pair in mode 5."""
    info = await request_device_info(channel, SecurityMode.LOGIN, options)
    await _pair(channel, credentials, info, SecurityMode.SESSION, options)
    return info


async def first_bind(
    channel: FrameChannel, credentials: DeviceCredentials, options: HandshakeOptions
) -> DeviceInfo:
    """Bind an unbound device: device info in mode 1, check, pair in mode 2."""
    if credentials.auth_key is None:
        raise MissingKeyError("binding an unbound device needs its auth_key")
    info = await request_device_info(channel, SecurityMode.KEY_1, options)
    # Only here: a bound device answering in mode 4 after a reboot computes its
    # register key from a zero service_rand (docs/protocol.md §11.5).
    expected = channel.keys.register_key()
    if not proves_auth_key(info, credentials.auth_key.encode(), expected):
        raise RegisterKeyMismatchError("the device did not prove it holds the auth_key")
    if info.bound:
        raise PairError("the device is already bound: connect with its local_key")
    if info.has_beacon_key and credentials.beacon_key is None:
        raise PairError("this device needs a beacon key to be bound")
    await _pair(channel, credentials, info, SecurityMode.KEY_2, options)
    return info

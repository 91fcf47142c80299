"""Handshake decisions against a scripted channel (the journeys cover the happy paths)."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.tuya_bluetooth.tuya.channel import Incoming
from custom_components.tuya_bluetooth.tuya.const import Command, SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import KeyRing, derive_register_key
from custom_components.tuya_bluetooth.tuya.errors import (
    DeviceInfoError,
    KeyRejectedError,
    PairError,
    RegisterKeyMismatchError,
    ResponseTimeoutError,
)
from custom_components.tuya_bluetooth.tuya.frames import Frame
from custom_components.tuya_bluetooth.tuya.handshake import (
    DeviceCredentials,
    HandshakeOptions,
    first_bind,
    login,
)

AUTH_KEY = "0123456789abcdef" * 2
SERVICE_RAND = bytes(range(16))
SRAND = b"srand!"
CREDENTIALS = DeviceCredentials(
    "u" * 16, "abcdef0123456789", "v" * 22, auth_key=AUTH_KEY
)
OPTIONS = HandshakeOptions(protocol_major=3, device_info_attempts=3)


def device_info(
    *,
    flags: int = 0x05,
    bound: int = 0,
    srand: bytes = SRAND,
    proof: bytes | None = None,
) -> bytes:
    register_key = (
        derive_register_key(AUTH_KEY.encode(), SERVICE_RAND) if proof is None else proof
    )
    return (
        bytes([1, 0, 3, 2, flags, bound])
        + srand
        + b"\x01\x00"
        + register_key
        + bytes(16)
    )


class ScriptedChannel:
    """Answers requests from a per-command script (bytes, or an exception)."""

    def __init__(self, **script: Any) -> None:
        self.keys = KeyRing(local_key=CREDENTIALS.local_key, auth_key=AUTH_KEY)
        self.keys.service_rand = SERVICE_RAND
        self.script = {Command.DEVICE_INFO: device_info(), Command.PAIR: b"\x00"} | {
            Command[name.upper()]: answer for name, answer in script.items()
        }
        self.sent: list[tuple[int, bytes, SecurityMode]] = []

    async def request(
        self, cmd: int, payload: bytes, mode: SecurityMode, *, wait: float
    ) -> Incoming:
        self.sent.append((cmd, payload, mode))
        answer = self.script[cmd]
        if isinstance(answer, Exception):
            raise answer
        return Incoming(Frame(len(self.sent), len(self.sent), cmd, answer), mode)


async def test_first_bind_modes_and_payloads() -> None:
    channel = ScriptedChannel()
    info = await first_bind(channel, CREDENTIALS, OPTIONS)  # type: ignore[arg-type]
    assert [(c, m) for c, _, m in channel.sent] == [
        (Command.DEVICE_INFO, SecurityMode.KEY_1),
        (Command.PAIR, SecurityMode.KEY_2),
    ]
    assert channel.sent[1][1] == b"u" * 16 + b"abcdef" + b"v" * 22
    assert channel.keys.srand == SRAND
    assert info.protocol_version == "3.2"


async def test_register_key_mismatch() -> None:
    channel = ScriptedChannel(device_info=device_info(proof=bytes(16)))
    with pytest.raises(RegisterKeyMismatchError) as caught:
        await first_bind(channel, CREDENTIALS, OPTIONS)  # type: ignore[arg-type]
    assert caught.value.code == 104
    assert len(channel.sent) == 1  # no pair request


async def test_beacon_key_required_and_sent() -> None:
    channel = ScriptedChannel(device_info=device_info(flags=0x15))
    with pytest.raises(PairError):
        await first_bind(channel, CREDENTIALS, OPTIONS)  # type: ignore[arg-type]
    with_beacon = DeviceCredentials(
        CREDENTIALS.uuid,
        CREDENTIALS.local_key,
        CREDENTIALS.virtual_id,
        AUTH_KEY,
        b"B" * 16,
    )
    channel = ScriptedChannel(device_info=device_info(flags=0x15))
    await first_bind(channel, with_beacon, OPTIONS)  # type: ignore[arg-type]
    assert len(channel.sent[1][1]) == 61


@pytest.mark.parametrize(
    "answer",
    [device_info()[:13], device_info(srand=bytes(6))],
    ids=["too-short", "zero-srand"],
)
async def test_unusable_device_info(answer: bytes) -> None:
    with pytest.raises(DeviceInfoError):
        await login(ScriptedChannel(device_info=answer), CREDENTIALS, OPTIONS)  # type: ignore[arg-type]


async def test_device_info_is_sent_as_often_as_configured() -> None:
    channel = ScriptedChannel(device_info=ResponseTimeoutError())
    with pytest.raises(KeyRejectedError):
        await login(channel, CREDENTIALS, OPTIONS)  # type: ignore[arg-type]
    assert [c for c, _, _ in channel.sent] == [Command.DEVICE_INFO] * 3
    assert {m for _, _, m in channel.sent} == {SecurityMode.LOGIN}


@pytest.mark.parametrize(
    "answer", [b"", b"\x07", b"\x01"], ids=["empty", "unknown", "uuid"]
)
async def test_pair_refused(answer: bytes) -> None:
    with pytest.raises(PairError):
        await login(ScriptedChannel(pair=answer), CREDENTIALS, OPTIONS)  # type: ignore[arg-type]


async def test_pair_timeout_is_a_timeout() -> None:
    with pytest.raises(ResponseTimeoutError):
        await login(ScriptedChannel(pair=ResponseTimeoutError()), CREDENTIALS, OPTIONS)  # type: ignore[arg-type]

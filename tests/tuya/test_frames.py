"""The inner frame and its CRC16 (docs/protocol.md §5)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.errors import (
    CrcError,
    FrameError,
    InvalidArgumentError,
    TuyaBLEError,
)
from custom_components.tuya_bluetooth.tuya.frames import (
    Frame,
    decode_frame,
    encode_frame,
)
from custom_components.tuya_bluetooth.tuya.primitives import crc16_modbus


def test_crc16_vector() -> None:
    assert crc16_modbus(b"123456789") == 0x4B37
    assert crc16_modbus(b"") == 0xFFFF


def _crc16_modbus_bitwise(data: bytes) -> int:
    """The CRC's definition, one bit at a time (the table must agree with it)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@given(st.binary(max_size=600))
def test_table_crc16_equals_the_bitwise_definition(data: bytes) -> None:
    assert crc16_modbus(data) == _crc16_modbus_bitwise(data)


def test_device_info_request_vector() -> None:
    encoded = encode_frame(Frame(sn=1, ack_sn=0, cmd=Command.DEVICE_INFO))
    assert encoded.hex() == "0000000100000000000000009269"


def test_decode_ignores_padding() -> None:
    encoded = encode_frame(Frame(sn=7, ack_sn=3, cmd=0x8001, data=b"\x01\x01\x01\x01"))
    for padding in (b"", b"\x00\x00", b"\x02\x02", b"\xff" * 15):
        frame = decode_frame(encoded + padding)
        assert frame == Frame(7, 3, 0x8001, b"\x01\x01\x01\x01")
        assert frame.command is Command.DP_REPORT


def test_unknown_command_is_kept() -> None:
    frame = decode_frame(encode_frame(Frame(1, 0, 0x7777)))
    assert frame.cmd == 0x7777
    assert frame.command is None


def test_crc_mismatch() -> None:
    encoded = bytearray(encode_frame(Frame(1, 0, 0, b"abc")))
    encoded[12] ^= 0x01
    with pytest.raises(CrcError):
        decode_frame(bytes(encoded))


def test_too_short_and_truncated() -> None:
    with pytest.raises(FrameError):
        decode_frame(bytes(13))
    encoded = encode_frame(Frame(1, 0, 0, b"abcdef"))
    with pytest.raises(FrameError):
        decode_frame(encoded[:-3])


def test_encode_validation() -> None:
    with pytest.raises(InvalidArgumentError):
        encode_frame(Frame(-1, 0, 0))
    with pytest.raises(InvalidArgumentError):
        encode_frame(Frame(0, 2**32, 0))
    with pytest.raises(InvalidArgumentError):
        encode_frame(Frame(0, 0, 0x10000))
    with pytest.raises(InvalidArgumentError):
        encode_frame(Frame(0, 0, 0, bytes(0x10000)))


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(
    sn=st.integers(0, 2**32 - 1),
    ack=st.integers(0, 2**32 - 1),
    cmd=st.integers(0, 0xFFFF),
    data=st.binary(max_size=600),
    padding=st.binary(max_size=15),
)
def test_round_trip(sn: int, ack: int, cmd: int, data: bytes, padding: bytes) -> None:
    frame = Frame(sn, ack, cmd, data)
    assert decode_frame(encode_frame(frame) + padding) == frame


@given(st.binary(max_size=64))
def test_decode_arbitrary_bytes(data: bytes) -> None:
    try:
        frame = decode_frame(data)
    except TuyaBLEError:
        return
    assert len(frame.data) <= len(data) - 14

"""OTA request / answer codecs 0x000C-0x0010 (docs/protocol.md §6.10)."""

from __future__ import annotations

import contextlib

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.errors import (
    InvalidArgumentError,
    PayloadError,
    TuyaBLEError,
)
from custom_components.tuya_bluetooth.tuya.ota_messages import (
    OtaFileInfoResponse,
    OtaStartResponse,
    build_ota_data,
    build_ota_end,
    build_ota_file_info,
    build_ota_offset,
    build_ota_start,
    parse_ota_file_info_response,
    parse_ota_offset_response,
    parse_ota_start_response,
    parse_ota_state_response,
    version_from_int,
    version_to_int,
)
from custom_components.tuya_bluetooth.tuya.primitives import crc16_modbus


def test_start() -> None:
    assert build_ota_start() == b"\x00"
    assert build_ota_start(1) == b"\x01"
    assert build_ota_start(15) == b"\x0f"
    for bad in (2, 9, 20):
        with pytest.raises(InvalidArgumentError):
            build_ota_start(bad)
    # The SDK demo's answer: accept, OTA v3, type 0, firmware, 192-byte packets.
    answer = bytes.fromhex("0003000001020300c0")
    assert parse_ota_start_response(answer) == OtaStartResponse(
        True, 3, 0, 0x010203, 192
    )
    assert not parse_ota_start_response(b"\x01" + answer[1:]).accepted


def test_file_info() -> None:
    payload = build_ota_file_info(
        target=0,
        product_id="abcd1234",
        version=0x010204,
        md5=bytes(range(16)),
        length=4096,
        crc32=0xDEADBEEF,
    )
    assert len(payload) == 37
    assert payload[1:9] == b"abcd1234"
    assert payload[9:13] == bytes.fromhex("00010204")
    assert payload[13:29] == bytes(range(16))
    assert payload[29:33] == (4096).to_bytes(4, "big")
    assert payload[33:37] == bytes.fromhex("deadbeef")
    answer = bytes.fromhex("00000000040011223344") + bytes(16)
    assert parse_ota_file_info_response(answer) == OtaFileInfoResponse(
        0, 0, 1024, 0x11223344, bytes(16)
    )
    with pytest.raises(InvalidArgumentError):
        build_ota_file_info(
            target=0, product_id="x" * 9, version=1, md5=bytes(16), length=1, crc32=0
        )
    with pytest.raises(InvalidArgumentError):
        build_ota_file_info(
            target=0, product_id="x", version=1, md5=bytes(15), length=1, crc32=0
        )


def test_offset_data_end() -> None:
    assert build_ota_offset(0, 1024) == bytes.fromhex("0000000400")
    assert parse_ota_offset_response(bytes.fromhex("0000000200")) == (0, 512)
    chunk = b"firmware!"
    payload = build_ota_data(0, 3, chunk)
    assert payload[:5] == bytes.fromhex("0000030009")
    assert payload[5:7] == crc16_modbus(chunk).to_bytes(2, "big")
    assert payload[7:] == chunk
    assert parse_ota_state_response(b"\x00\x03") == (0, 3)
    assert build_ota_end() == b"\x00"
    with pytest.raises(InvalidArgumentError):
        build_ota_data(0, 0x10000, chunk)
    with pytest.raises(InvalidArgumentError):
        build_ota_data(0, 0, b"")


def test_versions() -> None:
    assert version_to_int("1.2.3") == 0x010203
    assert version_to_int("1.2") == 0x010200
    assert version_to_int("1.2.3.4") == 0x01020304
    assert version_from_int(0x010203) == "1.2.3"
    assert version_from_int(0x01020304) == "1.2.3.4"
    for bad in ("", "1.x", "256.0.0", "1.2.3.4.5"):
        with pytest.raises(InvalidArgumentError):
            version_to_int(bad)


def test_short_answers() -> None:
    with pytest.raises(PayloadError):
        parse_ota_start_response(bytes(8))
    with pytest.raises(PayloadError):
        parse_ota_file_info_response(bytes(9))
    with pytest.raises(PayloadError):
        parse_ota_offset_response(bytes(4))
    with pytest.raises(PayloadError):
        parse_ota_state_response(b"\x00")


_PARSERS = [
    parse_ota_start_response,
    parse_ota_file_info_response,
    parse_ota_offset_response,
    parse_ota_state_response,
]


@given(st.binary(max_size=30))
def test_arbitrary_answers(data: bytes) -> None:
    for parser in _PARSERS:
        with contextlib.suppress(TuyaBLEError):
            parser(data)

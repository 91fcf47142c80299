"""Pair, DP write / query, bind management and combo provisioning payloads.

See docs/protocol.md §6.
"""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.commands import (
    DPWriteV4Response,
    PairResult,
    TransparentResponse,
    build_dp_query,
    build_dp_write_v3,
    build_dp_write_v4,
    build_net_config,
    build_pair_request,
    build_unbind_request,
    build_wifi_config,
    parse_dp_query_response,
    parse_dp_write_v3_response,
    parse_dp_write_v4_response,
    parse_net_config_response,
    parse_net_config_result,
    parse_network_status,
    parse_pair_result,
    parse_status_response,
    parse_transparent_response,
)
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import (
    InvalidArgumentError,
    PayloadError,
    TuyaBLEError,
)

UUID = "tuya0123456789ab"
VIRTUAL_ID = "vdevo1234567890123"


def test_pair_request_is_exactly_44_bytes() -> None:
    payload = build_pair_request(UUID, "abcdef", VIRTUAL_ID)
    assert len(payload) == 44
    assert payload[:16] == UUID.encode()
    assert payload[16:22] == b"abcdef"
    assert payload[22:] == VIRTUAL_ID.encode() + bytes(4)


def test_pair_request_with_beacon_key_is_61_bytes() -> None:
    payload = build_pair_request(UUID, b"abcdef", VIRTUAL_ID, beacon_key=b"B" * 16)
    assert len(payload) == 61
    assert payload[44] == 16
    assert payload[45:] == b"B" * 16


@pytest.mark.parametrize(
    ("uuid", "login", "vid", "beacon"),
    [
        ("short", "abcdef", VIRTUAL_ID, None),
        (UUID, "abcde", VIRTUAL_ID, None),
        (UUID, "abcdef", "v" * 23, None),
        (UUID, "abcdef", VIRTUAL_ID, b"B" * 15),
    ],
)
def test_pair_request_validation(
    uuid: str, login: str, vid: str, beacon: bytes | None
) -> None:
    with pytest.raises(InvalidArgumentError):
        build_pair_request(uuid, login, vid, beacon)


def test_pair_result() -> None:
    assert parse_pair_result(b"\x00") is PairResult.PAIRED
    assert parse_pair_result(b"\x02").paired
    assert not parse_pair_result(b"\x01").paired
    with pytest.raises(PayloadError):
        parse_pair_result(b"\x03")
    with pytest.raises(PayloadError):
        parse_pair_result(b"")


def test_dp_write_v3() -> None:
    payload = build_dp_write_v3(
        [DataPoint(1, DPType.BOOL, True), DataPoint(2, DPType.VALUE, 7)]
    )
    assert payload.hex() == "0101010102020400000007"
    assert parse_dp_write_v3_response(b"\x00") == 0
    assert parse_dp_write_v3_response(b"\x01") == 1
    with pytest.raises(InvalidArgumentError):
        build_dp_write_v3([])


def test_dp_write_v4() -> None:
    payload = build_dp_write_v4([DataPoint(1, DPType.BOOL, True)], dp_sn=0x01020304)
    assert payload.hex() == "00010203040101000101"
    response = parse_dp_write_v4_response(bytes.fromhex("000102030400"))
    assert response == DPWriteV4Response(0, 0x01020304, 0)
    with pytest.raises(PayloadError):
        parse_dp_write_v4_response(b"\x00\x01")
    with pytest.raises(InvalidArgumentError):
        build_dp_write_v4([DataPoint(1, DPType.BOOL, True)], dp_sn=2**32)
    with pytest.raises(InvalidArgumentError):
        build_dp_write_v4([], dp_sn=1)


def test_dp_query() -> None:
    assert build_dp_query() == b""
    assert build_dp_query([1, 2, 20]) == b"\x01\x02\x14"
    assert parse_dp_query_response(b"\x00") == 0
    with pytest.raises(InvalidArgumentError):
        build_dp_query([256])


def test_bind_management() -> None:
    assert build_unbind_request() == b""
    assert parse_status_response(b"\x00") == 0
    with pytest.raises(PayloadError):
        parse_status_response(b"")


def test_wifi_config_0x801b() -> None:
    payload = build_wifi_config("home", "secret", "tok")
    assert payload[:4] == bytes([0, 1, 0, 1])
    assert json.loads(payload[4:]) == {"ssid": "home", "pwd": "secret", "token": "tok"}
    assert build_wifi_config("a", "b", "c", want_response=False)[1] == 0
    assert parse_transparent_response(
        bytes.fromhex("00 00 0001 00")
    ) == TransparentResponse(1, 0)
    with pytest.raises(PayloadError):
        parse_transparent_response(b"\x00\x00\x00\x01")


def test_net_config_0x0021_0x0022_and_status_0x001e() -> None:
    assert build_net_config('{"a":1}') == b'{"a":1}'
    with pytest.raises(InvalidArgumentError):
        build_net_config(b"")
    assert parse_net_config_response(b"\x00") == 0
    assert parse_net_config_result(b"\xff\xfe") == -2
    assert parse_net_config_result(b"\x00\x00") == 0
    with pytest.raises(PayloadError):
        parse_net_config_result(b"\x00")
    assert parse_network_status(b"\x02") == 2


_PARSERS = [
    parse_pair_result,
    parse_dp_write_v3_response,
    parse_dp_write_v4_response,
    parse_dp_query_response,
    parse_status_response,
    parse_transparent_response,
    parse_net_config_response,
    parse_net_config_result,
    parse_network_status,
]


@given(st.binary(max_size=12))
def test_response_parsers_arbitrary_bytes(data: bytes) -> None:
    for parser in _PARSERS:
        with contextlib.suppress(TuyaBLEError):
            parser(data)

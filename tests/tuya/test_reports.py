"""DP reports 0x8001-0x8007 and their exact acknowledgements.

See docs/protocol.md §6.7 and §10.
"""

from __future__ import annotations

import contextlib

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.const import REPORT_COMMANDS, Command
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import (
    InvalidArgumentError,
    PayloadError,
    ProtocolError,
    TuyaBLEError,
)
from custom_components.tuya_bluetooth.tuya.reports import (
    build_report_ack,
    parse_report,
    report_wants_ack,
)

DPS_V3 = bytes.fromhex("010101010202040000002a")
DPS_V4 = bytes.fromhex("0101000101020200040000002a")
EXPECTED = (DataPoint(1, DPType.BOOL, True), DataPoint(2, DPType.VALUE, 42))
MILLIS = b"1700000000123"
SECONDS = (1_700_000_000).to_bytes(4, "big")


def test_0x8001() -> None:
    report = parse_report(0x8001, DPS_V3)
    assert report.cmd is Command.DP_REPORT
    assert report.dps == EXPECTED
    assert report.timestamp is None
    assert build_report_ack(0x8001, DPS_V3) == b"\x00"


@pytest.mark.parametrize(
    ("time", "stamp"),
    [(b"\x01" + SECONDS, 1_700_000_000.0), (b"\x00" + MILLIS, 1_700_000_000.123)],
)
def test_0x8003(time: bytes, stamp: float) -> None:
    report = parse_report(0x8003, time + DPS_V3)
    assert report.dps == EXPECTED
    assert report.timestamp == pytest.approx(stamp)
    assert build_report_ack(0x8003, time + DPS_V3, status=1) == b"\x01"


def test_0x8004_dps_start_at_offset_3() -> None:
    payload = bytes.fromhex("010203") + DPS_V3
    report = parse_report(0x8004, payload)
    assert report.dps == EXPECTED
    assert report.report_sn == 0x0102
    assert report.mode == 3
    assert build_report_ack(0x8004, payload) == bytes.fromhex("01020300")


def test_0x8005() -> None:
    payload = bytes.fromhex("000900") + b"\x01" + SECONDS + DPS_V3
    report = parse_report(0x8005, payload)
    assert report.dps == EXPECTED
    assert report.timestamp == 1_700_000_000.0
    assert report.report_sn == 9
    assert build_report_ack(0x8005, payload) == bytes.fromhex("00090000")


def test_0x8006() -> None:
    payload = bytes.fromhex("000000000b0102") + DPS_V4
    report = parse_report(0x8006, payload)
    assert report.dps == EXPECTED
    assert report.report_sn == 11
    assert report.flags == 1
    assert report.passive
    assert report.mode == 2
    assert report.wants_ack
    assert build_report_ack(0x8006, payload) == bytes.fromhex("000000000b010200")


def test_0x8006_without_response_wanted() -> None:
    payload = bytes.fromhex("000000000b8000") + DPS_V4
    assert not parse_report(0x8006, payload).wants_ack
    assert not parse_report(0x8006, payload).passive
    assert not report_wants_ack(0x8006, payload)
    assert report_wants_ack(0x8001, DPS_V3)


def test_0x8007() -> None:
    payload = bytes.fromhex("000000000c0001") + b"\x00" + MILLIS + DPS_V4
    report = parse_report(0x8007, payload)
    assert report.dps == EXPECTED
    assert report.timestamp == pytest.approx(1_700_000_000.123)
    assert report.report_sn == 12
    ack = build_report_ack(0x8007, payload, status=0)
    assert ack == bytes.fromhex("000000000c000100")
    assert len(ack) == 8


@pytest.mark.parametrize(
    ("cmd", "payload"),
    [
        (0x8003, b""),
        (0x8003, b"\x02" + SECONDS),
        (0x8003, b"\x01\x00\x00"),
        (0x8003, b"\x00" + b"17000000001x3"),
        (0x8004, b"\x00\x01"),
        (0x8006, bytes(6)),
        (0x8007, bytes(7)),
        (0x8001, b"\x01\x01\x05\x00"),
        (0x0002, b""),
        (0x9999, b""),
    ],
)
def test_malformed_reports(cmd: int, payload: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_report(cmd, payload)


def test_ack_errors() -> None:
    with pytest.raises(PayloadError):
        build_report_ack(0x8004, b"\x00")
    with pytest.raises(PayloadError):
        build_report_ack(0x8007, bytes(6))
    with pytest.raises(InvalidArgumentError):
        build_report_ack(0x0002, b"")
    with pytest.raises(InvalidArgumentError):
        build_report_ack(0x8001, b"", status=256)


@given(st.sampled_from(sorted(REPORT_COMMANDS)), st.binary(max_size=48))
def test_arbitrary_report_payloads(cmd: int, data: bytes) -> None:
    with contextlib.suppress(TuyaBLEError):
        parse_report(cmd, data)
    with contextlib.suppress(TuyaBLEError):
        build_report_ack(cmd, data)

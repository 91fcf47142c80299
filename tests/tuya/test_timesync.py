"""Time replies 0x8011-0x8014 with an injected clock (docs/protocol.md §6.8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.errors import InvalidArgumentError
from custom_components.tuya_bluetooth.tuya.timesync import (
    build_time_dst,
    build_time_response,
    timezone_field,
    unix_millis,
)

PLUS8 = timezone(timedelta(hours=8))
# 2024-03-10 (a Sunday) 01:02:03.456 UTC = 09:02:03.456 at +08:00.
NOW = datetime(2024, 3, 10, 9, 2, 3, 456000, tzinfo=PLUS8)


def test_timezone_field() -> None:
    assert timezone_field(NOW) == (800).to_bytes(2, "big")
    assert (
        timezone_field(NOW.astimezone(timezone(timedelta(hours=5, minutes=30))))
        == b"\x02\x26"
    )
    assert timezone_field(NOW.astimezone(timezone(timedelta(hours=-3)))) == (
        -300
    ).to_bytes(2, "big", signed=True)


def test_0x8011_millis() -> None:
    assert unix_millis(NOW) == 1710032523456
    assert build_time_response(Command.TIME_MS, NOW) == b"1710032523456" + b"\x03\x20"


def test_0x8012_utc_calendar() -> None:
    assert (
        build_time_response(Command.TIME_UTC, NOW)
        == bytes([24, 3, 10, 1, 2, 3, 0]) + b"\x03\x20"
    )


def test_0x8013_local_calendar() -> None:
    assert (
        build_time_response(Command.TIME_LOCAL, NOW)
        == bytes([24, 3, 10, 9, 2, 3, 0]) + b"\x03\x20"
    )
    monday = NOW + timedelta(days=1)
    assert build_time_response(Command.TIME_LOCAL, monday)[6] == 1


def test_0x8014_dst() -> None:
    assert (
        build_time_response(Command.TIME_DST, NOW)
        == b"1710032523" + b"\x03\x20" + b"\x00"
    )
    entry = bytes(range(20))
    assert build_time_dst(NOW, [entry, entry]).endswith(b"\x02" + entry + entry)
    with pytest.raises(InvalidArgumentError):
        build_time_dst(NOW, [b"short"])


def test_naive_time_refused() -> None:
    naive = datetime(2024, 1, 1)  # noqa: DTZ001
    for cmd in (
        Command.TIME_MS,
        Command.TIME_UTC,
        Command.TIME_LOCAL,
        Command.TIME_DST,
    ):
        with pytest.raises(InvalidArgumentError):
            build_time_response(cmd, naive)


def test_not_a_time_command() -> None:
    with pytest.raises(InvalidArgumentError):
        build_time_response(Command.DP_REPORT, NOW)


def test_out_of_range_year() -> None:
    with pytest.raises(InvalidArgumentError):
        build_time_response(Command.TIME_LOCAL, datetime(1999, 12, 31, tzinfo=UTC))

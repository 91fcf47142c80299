"""Answers to the device's time requests 0x8011-0x8014 (docs/protocol.md §6.8).

The current time is always an argument (an aware datetime), never read here, so
callers and tests decide what "now" is. The time zone is sent as a signed 16-bit
count of hundredths of an hour (+8 h = 800, +5:30 = 550).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from .const import Command
from .errors import InvalidArgumentError

DST_ENTRY_LEN = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _check_aware(now: datetime) -> timedelta:
    offset = now.utcoffset()
    if offset is None:
        raise InvalidArgumentError("the time must carry a time zone")
    return offset


def timezone_field(now: datetime) -> bytes:
    """The 2-byte time-zone field: signed hundredths of an hour, big-endian."""
    offset = _check_aware(now)
    hundredths = round(offset.total_seconds() / 36)
    return hundredths.to_bytes(2, "big", signed=True)


def unix_millis(now: datetime) -> int:
    """Milliseconds since the epoch, exact (no float rounding)."""
    _check_aware(now)
    return (now - _EPOCH) // timedelta(milliseconds=1)


def _calendar(moment: datetime) -> bytes:
    if not 2000 <= moment.year <= 2255:
        raise InvalidArgumentError(f"year {moment.year} cannot be sent")
    # Weekday: 0 = Sunday.
    return bytes(
        [
            moment.year - 2000,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            moment.second,
            moment.isoweekday() % 7,
        ]
    )


def build_time_ms(now: datetime) -> bytes:
    """0x8011: 13 ASCII digits of unix milliseconds ‖ tz."""
    millis = unix_millis(now)
    if not 0 <= millis < 10**13:
        raise InvalidArgumentError("time outside the 13-digit millisecond range")
    return f"{millis:013d}".encode() + timezone_field(now)


def build_time_utc(now: datetime) -> bytes:
    """0x8012: yy mm dd hh mi ss weekday (UTC) ‖ tz."""
    _check_aware(now)
    return _calendar(now.astimezone(UTC)) + timezone_field(now)


def build_time_local(now: datetime) -> bytes:
    """0x8013: yy mm dd hh mi ss weekday (local time of `now`) ‖ tz."""
    _check_aware(now)
    return _calendar(now) + timezone_field(now)


def build_time_dst(now: datetime, dst_entries: Sequence[bytes] = ()) -> bytes:
    """0x8014: 10 ASCII digits of unix seconds ‖ tz ‖ n ‖ n x 20-byte DST entries.

    The layout of a DST entry is not documented in our sources, so entries are
    passed pre-encoded; by default none are sent.
    """
    seconds = unix_millis(now) // 1000
    if not 0 <= seconds < 10**10:
        raise InvalidArgumentError("time outside the 10-digit second range")
    if len(dst_entries) > 0xFF or any(len(e) != DST_ENTRY_LEN for e in dst_entries):
        raise InvalidArgumentError("DST entries must be 20 bytes each, at most 255")
    table = b"".join(dst_entries)
    return (
        f"{seconds:010d}".encode()
        + timezone_field(now)
        + bytes([len(dst_entries)])
        + table
    )


def build_time_response(cmd: int, now: datetime) -> bytes:
    """The answer to time request `cmd` for the moment `now`."""
    match cmd:
        case Command.TIME_MS:
            return build_time_ms(now)
        case Command.TIME_UTC:
            return build_time_utc(now)
        case Command.TIME_LOCAL:
            return build_time_local(now)
        case Command.TIME_DST:
            return build_time_dst(now)
        case _:
            raise InvalidArgumentError(f"0x{cmd:04X} is not a time request")

"""DP reports from the device (0x8001/0x8003/0x8004/0x8005 for protocol 3,
0x8006/0x8007 for protocol 4) and the hub's exact acknowledgements
(docs/protocol.md §6.7).

Acknowledgements are built from the report's raw header only, so a report whose DP
list cannot be decoded can still be acknowledged (with a failure status).
"""

from __future__ import annotations

from dataclasses import dataclass

from .const import Command
from .datapoints import DataPoint, decode_dps_v3, decode_dps_v4
from .errors import InvalidArgumentError, PayloadError

TIME_TYPE_MILLIS_ASCII = 0
TIME_TYPE_SECONDS = 1
_MILLIS_DIGITS = 13
V4_FLAG_NO_RESPONSE = 0x80
V4_TYPE_MASK = 0x0F
V4_TYPE_PASSIVE = 1


@dataclass(frozen=True, slots=True)
class DPReport:
    """One decoded report. `timestamp` is unix seconds when the device sent one."""

    cmd: Command
    dps: tuple[DataPoint, ...]
    timestamp: float | None = None
    report_sn: int | None = None
    mode: int | None = None
    flags: int | None = None

    @property
    def wants_ack(self) -> bool:
        """0x8006 with flag bit7 set asks for no acknowledgement."""
        return not (self.flags or 0) & V4_FLAG_NO_RESPONSE

    @property
    def passive(self) -> bool:
        """A v4 report answering a query (passive) rather than a change (active)."""
        return ((self.flags or 0) & V4_TYPE_MASK) == V4_TYPE_PASSIVE


def _parse_time(data: bytes, offset: int) -> tuple[float, int]:
    """Parse time type + time at `offset`; return (unix seconds, offset after)."""
    if offset >= len(data):
        raise PayloadError("report ends before its time type")
    time_type = data[offset]
    offset += 1
    if time_type == TIME_TYPE_SECONDS:
        if offset + 4 > len(data):
            raise PayloadError("report ends inside its timestamp")
        return float(int.from_bytes(data[offset : offset + 4], "big")), offset + 4
    if time_type == TIME_TYPE_MILLIS_ASCII:
        digits = data[offset : offset + _MILLIS_DIGITS]
        if len(digits) != _MILLIS_DIGITS or not digits.isdigit():
            raise PayloadError("report timestamp is not 13 ASCII digits")
        return int(digits) / 1000, offset + _MILLIS_DIGITS
    raise PayloadError(f"unknown report time type {time_type}")


def _need(data: bytes, length: int, cmd: Command) -> None:
    if len(data) < length:
        raise PayloadError(f"report 0x{cmd:04X} of {len(data)} bytes is too short")


def parse_report(cmd: int, data: bytes) -> DPReport:
    """Parse the payload of a report command."""
    data = bytes(data)
    try:
        command = Command(cmd)
    except ValueError:
        raise PayloadError(f"0x{cmd:04X} is not a report command") from None
    match command:
        case Command.DP_REPORT:
            return DPReport(command, tuple(decode_dps_v3(data)))
        case Command.DP_REPORT_TIME:
            stamp, offset = _parse_time(data, 0)
            return DPReport(command, tuple(decode_dps_v3(data[offset:])), stamp)
        case Command.DP_REPORT_FLAG:
            _need(data, 3, command)
            dps = tuple(decode_dps_v3(data[3:]))
            return DPReport(
                command, dps, None, int.from_bytes(data[0:2], "big"), data[2]
            )
        case Command.DP_REPORT_FLAG_TIME:
            _need(data, 3, command)
            stamp, offset = _parse_time(data, 3)
            dps = tuple(decode_dps_v3(data[offset:]))
            return DPReport(
                command, dps, stamp, int.from_bytes(data[0:2], "big"), data[2]
            )
        case Command.DP_SEND_V4 | Command.DP_SEND_TIME_V4:
            _need(data, 7, command)
            v4_stamp: float | None = None
            offset = 7
            if command is Command.DP_SEND_TIME_V4:
                v4_stamp, offset = _parse_time(data, 7)
            return DPReport(
                command,
                tuple(decode_dps_v4(data[offset:])),
                v4_stamp,
                int.from_bytes(data[1:5], "big"),
                data[6],
                data[5],
            )
        case _:
            raise PayloadError(f"0x{cmd:04X} is not a report command")


def report_wants_ack(cmd: int, data: bytes) -> bool:
    """Whether the hub should acknowledge this report (from its raw header)."""
    if cmd in (Command.DP_SEND_V4, Command.DP_SEND_TIME_V4) and len(data) > 5:
        return not data[5] & V4_FLAG_NO_RESPONSE
    return True


def build_report_ack(cmd: int, data: bytes, status: int = 0) -> bytes:
    """The exact acknowledgement of a report, from the report's raw payload.

    0x8001/0x8003: status. 0x8004/0x8005: sn(2) mode status. 0x8006/0x8007:
    version sn(4) flags mode status (8 bytes).
    """
    if not 0 <= status <= 0xFF:
        raise InvalidArgumentError(f"status out of range: {status}")
    data = bytes(data)
    match cmd:
        case Command.DP_REPORT | Command.DP_REPORT_TIME:
            return bytes([status])
        case Command.DP_REPORT_FLAG | Command.DP_REPORT_FLAG_TIME:
            if len(data) < 3:
                raise PayloadError("report too short to acknowledge")
            return data[0:3] + bytes([status])
        case Command.DP_SEND_V4 | Command.DP_SEND_TIME_V4:
            if len(data) < 7:
                raise PayloadError("report too short to acknowledge")
            return data[0:7] + bytes([status])
        case _:
            raise InvalidArgumentError(f"0x{cmd:04X} is not a report command")

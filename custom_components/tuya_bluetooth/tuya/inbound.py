"""What the hub does with frames the device starts: time requests and DP reports.

Pure: given a frame (and the current time), return the reply to send, if any,
and the decoded report, if any. The session does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import logging

from .const import REPORT_COMMANDS, TIME_COMMANDS
from .errors import ProtocolError, TuyaBLEError
from .frames import Frame
from .reports import DPReport, build_report_ack, parse_report, report_wants_ack
from .timesync import build_time_response

_LOGGER = logging.getLogger(__name__)
ACK_OK = 0
ACK_FAILED = 1


@dataclass(frozen=True, slots=True)
class Reply:
    """A frame to send back: same command, ack_sn = the device's sn."""

    cmd: int
    ack_sn: int
    data: bytes


def handle_device_frame(
    frame: Frame, now: datetime
) -> tuple[Reply | None, DPReport | None]:
    """Answer a device-originated frame; return (reply, report)."""
    if frame.cmd in TIME_COMMANDS:
        return Reply(frame.cmd, frame.sn, build_time_response(frame.cmd, now)), None
    if frame.cmd not in REPORT_COMMANDS:
        return None, None
    report: DPReport | None = None
    try:
        report = parse_report(frame.cmd, frame.data)
    except ProtocolError as err:
        _LOGGER.debug("Undecodable report 0x%04X: %s", frame.cmd, err)
    reply = None
    if report_wants_ack(frame.cmd, frame.data):
        status = ACK_OK if report is not None else ACK_FAILED
        try:
            reply = Reply(
                frame.cmd, frame.sn, build_report_ack(frame.cmd, frame.data, status)
            )
        except TuyaBLEError:
            # Too short to carry the header the acknowledgement echoes.
            reply = None
    return reply, report

"""Replies to device-originated frames (pure)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from custom_components.tuya_bluetooth.tuya.const import REPORT_COMMANDS, TIME_COMMANDS
from custom_components.tuya_bluetooth.tuya.frames import Frame
from custom_components.tuya_bluetooth.tuya.inbound import Reply, handle_device_frame

from .journey import NOW


def test_time_request() -> None:
    reply, report = handle_device_frame(Frame(7, 0, 0x8011), NOW)
    assert reply == Reply(0x8011, 7, b"1710032523456\x03\x20")
    assert report is None


def test_report_is_decoded_and_acknowledged() -> None:
    reply, report = handle_device_frame(
        Frame(8, 0, 0x8001, bytes.fromhex("01010101")), NOW
    )
    assert reply == Reply(0x8001, 8, b"\x00")
    assert report is not None
    assert report.dps[0].value is True


def test_undecodable_report_is_acknowledged_with_failure() -> None:
    reply, report = handle_device_frame(Frame(9, 0, 0x8001, b"\x01\x01\x09"), NOW)
    assert reply == Reply(0x8001, 9, b"\x01")
    assert report is None
    v4 = bytes.fromhex("00 0000000a 00 00") + b"\x01\x01\x00"
    reply, report = handle_device_frame(Frame(10, 0, 0x8006, v4), NOW)
    assert reply == Reply(0x8006, 10, v4[:7] + b"\x01")


def test_report_too_short_to_acknowledge() -> None:
    assert handle_device_frame(Frame(9, 0, 0x8004, b"\x00"), NOW) == (None, None)


def test_no_response_wanted() -> None:
    payload = bytes.fromhex("00 0000000a 80 00 01010001 01")
    reply, report = handle_device_frame(Frame(11, 0, 0x8006, payload), NOW)
    assert reply is None
    assert report is not None


def test_other_commands() -> None:
    assert handle_device_frame(Frame(12, 0, 0x001E, b"\x00"), NOW) == (None, None)


@given(
    st.sampled_from(sorted(REPORT_COMMANDS | TIME_COMMANDS | {0x001E, 0x0022, 0x801C})),
    st.integers(0, 2**32 - 1),
    st.binary(max_size=48),
)
def test_arbitrary_device_frames_never_raise(cmd: int, sn: int, data: bytes) -> None:
    reply, _report = handle_device_frame(Frame(sn, 0, cmd, data), NOW)
    if reply is not None:
        assert reply.cmd == cmd
        assert reply.ack_sn == sn

"""DP write, query and reports of the emulator (docs/protocol.md §6.6, §6.7, §7)."""

from __future__ import annotations

import struct

import pytest

from simulator.device import DeviceEmulator, ManualScheduler, ReportFormat, TimeType
from simulator.products import (
    FEEDER,
    LIGHT,
    LOCK,
    SENSOR,
    SWITCH,
    DpType,
    Product,
    make_devices,
)

from .conftest import counting_random
from .hub import Hub, Received


def paired_hub(product: Product, scheduler: ManualScheduler | None = None) -> Hub:
    identity = make_devices(product, 1, seed="dps")[0]
    device = DeviceEmulator(
        identity, scheduler or ManualScheduler(), counting_random(), bound=True
    )
    hub = Hub(device, local_key=identity.local_key)
    hub.handshake()
    hub.receive()
    return hub


def v3_entry(dp_id: int, dp_type: int, value: bytes) -> bytes:
    return bytes([dp_id, dp_type, len(value)]) + value


def v4_entry(dp_id: int, dp_type: int, value: bytes) -> bytes:
    return bytes([dp_id, dp_type]) + struct.pack(">H", len(value)) + value


def v4_write(entries: bytes, sn: int = 7) -> bytes:
    return b"\x00" + struct.pack(">I", sn) + entries


def test_v3_write_and_confirming_report() -> None:
    hub = paired_hub(SWITCH)
    hub.send(0x0002, v3_entry(1, 1, b"\x01") + v3_entry(7, 2, struct.pack(">i", 60)))
    reply, report = hub.receive()
    assert (reply.cmd, reply.ack_sn, reply.data) == (0x0002, hub.sn, b"\x00")
    assert report.cmd == 0x8001
    assert report.ack_sn == 0
    assert report.data == v3_entry(1, 1, b"\x01") + v3_entry(
        7, 2, struct.pack(">i", 60)
    )
    assert hub.device.dp_values[1] is True
    assert hub.device.dp_values[7] == 60
    hub.send(0x8001, b"\x00", ack_sn=report.sn)
    assert hub.device.report_replies[-1].ack_sn == report.sn


@pytest.mark.parametrize(
    "entry",
    [
        v3_entry(99, 1, b"\x01"),  # unknown dp
        v3_entry(1, 2, b"\x00\x00\x00\x01"),  # wrong type
        v3_entry(7, 2, struct.pack(">i", 90000)),  # out of range
        v3_entry(14, 4, b"\x07"),  # enum index out of range
        v3_entry(1, 1, b"\x01") + b"\x02",  # truncated list
    ],
)
def test_v3_write_refused_applies_nothing(entry: bytes) -> None:
    hub = paired_hub(SWITCH)
    before = dict(hub.device.dp_values)
    hub.send(0x0002, v3_entry(2, 1, b"\x01") + entry)
    (reply,) = hub.receive()
    assert reply.data == b"\x01"
    assert hub.device.dp_values == before


def test_read_only_dp_refused() -> None:
    hub = paired_hub(SENSOR)
    hub.send(0x0002, v3_entry(1, 2, struct.pack(">i", 100)))
    assert hub.receive()[0].data == b"\x01"


def test_v4_write_and_confirming_report() -> None:
    hub = paired_hub(LIGHT)
    colour = b"007803200384"
    hub.send(
        0x0027,
        v4_write(
            v4_entry(20, 1, b"\x01")
            + v4_entry(24, 3, colour)
            + v4_entry(21, 4, b"\x01")
        ),
    )
    reply, report = hub.receive()
    assert (reply.cmd, reply.mode, reply.data) == (0x0027, 5, v4_write(b"") + b"\x00")
    assert report.cmd == 0x8006
    assert report.data[5] == 0x01  # passive, response wanted
    assert report.data[7:] == v4_entry(20, 1, b"\x01") + v4_entry(
        24, 3, colour
    ) + v4_entry(21, 4, b"\x01")
    assert hub.device.dp_values[24] == "007803200384"
    assert hub.device.dp_values[21] == "colour"


def test_v4_ignores_0x0002_and_v3_ignores_0x0027() -> None:
    v4 = paired_hub(LIGHT)
    v4.send(0x0002, v3_entry(20, 1, b"\x01"))
    assert v4.receive() == []
    assert v4.device.dp_values[20] is False
    v3 = paired_hub(SWITCH)
    v3.send(0x0027, v4_write(v4_entry(1, 1, b"\x01")))
    assert v3.receive() == []
    assert v3.device.dp_values[1] is False


def test_write_only_raw_dp_is_recorded_not_stored() -> None:
    hub = paired_hub(LOCK)
    hub.send(0x0027, v4_write(v4_entry(6, 0, b"\xaa\xbb")))
    (reply,) = hub.receive()  # no report: a write-only DP has no state
    assert reply.data[-1] == 0
    assert hub.device.dp_writes[-1].values == {6: b"\xaa\xbb"}
    assert 6 not in hub.device.dp_values


def test_bitmap_and_raw_values_v4() -> None:
    hub = paired_hub(FEEDER)
    hub.send(0x0027, v4_write(v4_entry(1, 0, b"\x01\x02\x03")))
    reply, report = hub.receive()
    assert reply.data[-1] == 0
    assert report.data[7:] == v4_entry(1, 0, b"\x01\x02\x03")
    hub.device.set_dp(14, 0b101)
    (fault,) = hub.receive()
    assert fault.data[5] == 0x00  # active
    assert fault.data[7:] == v4_entry(14, int(DpType.BITMAP), b"\x05")


def test_query_all_and_some() -> None:
    hub = paired_hub(SENSOR)
    hub.send(0x0003, b"")
    reply, report = hub.receive()
    assert reply.data == b"\x00"
    assert report.cmd == 0x8001
    assert report.data[:3] == bytes([1, 2, 4])
    assert report.data[3:7] == struct.pack(">i", 215)
    hub.send(0x0003, bytes([2, 99]))
    _, report = hub.receive()
    assert report.data == v3_entry(2, 2, struct.pack(">i", 45))


def _dps_v3(dp_id: int, value: int) -> bytes:
    return v3_entry(dp_id, 2, struct.pack(">i", value))


@pytest.mark.parametrize("time_type", [TimeType.SECONDS, TimeType.MILLIS_ASCII])
def test_v3_report_formats(time_type: TimeType) -> None:
    hub = paired_hub(SENSOR)
    device = hub.device
    ts = 1_700_000_000_123
    stamp = (
        bytes([1]) + struct.pack(">I", ts // 1000)
        if time_type is TimeType.SECONDS
        else b"\x00" + b"1700000000123"
    )
    expected = {
        ReportFormat.V3: _dps_v3(1, 230),
        ReportFormat.V3_TIME: stamp + _dps_v3(1, 230),
        ReportFormat.V3_FLAG: b"\x00\x03\x00" + _dps_v3(1, 230),
        ReportFormat.V3_FLAG_TIME: b"\x00\x04\x00" + stamp + _dps_v3(1, 230),
    }
    # Every report takes the next DP sn (only 0x8004/0x8005 carry it).
    for fmt, payload in expected.items():
        sn = device.set_dp(1, 230, fmt=fmt, time_type=time_type, timestamp_ms=ts)
        (report,) = hub.receive()
        assert (report.cmd, report.sn, report.data) == (fmt, sn, payload)


def test_v4_time_report_and_reply() -> None:
    hub = paired_hub(LOCK)
    sn = hub.device.set_dp(
        8, 55, fmt=ReportFormat.V4_TIME, timestamp_ms=1_700_000_000_000
    )
    (report,) = hub.receive()
    assert report.sn == sn
    assert report.cmd == 0x8007
    assert report.data == b"\x00" + struct.pack(
        ">I", 1
    ) + b"\x00\x00" + b"\x01" + struct.pack(">I", 1_700_000_000) + v4_entry(
        8, 2, struct.pack(">i", 55)
    )
    hub.send(0x8007, report.data[:5] + b"\x00\x00\x00", ack_sn=report.sn)
    (reply,) = hub.device.report_replies
    assert (reply.cmd, reply.ack_sn, reply.data) == (
        0x8007,
        report.sn,
        report.data[:5] + bytes(3),
    )


def test_report_format_must_fit_protocol() -> None:
    with pytest.raises(ValueError, match="protocol 4"):
        paired_hub(LIGHT).device.report([20], fmt=ReportFormat.V3)
    with pytest.raises(ValueError, match="protocol 3"):
        paired_hub(SWITCH).device.report([1], fmt=ReportFormat.V4)


def test_set_dp_validates_against_model() -> None:
    device = paired_hub(SENSOR).device
    with pytest.raises(ValueError, match="does not fit"):
        device.set_dp(1, 10_000)
    with pytest.raises(ValueError, match="does not fit"):
        device.set_dp(3, "empty")
    with pytest.raises(ValueError, match="unknown dp"):
        device.set_dp(42, 1)


def test_no_report_unless_paired(scheduler: ManualScheduler) -> None:
    device = DeviceEmulator(make_devices(SENSOR, 1)[0], scheduler, bound=True)
    assert device.set_dp(2, 50) is None
    assert device.dp_values[2] == 50
    assert device.sent == []


def test_reports_use_default_format_option() -> None:
    hub = paired_hub(SWITCH)
    hub.device.options.report_format = ReportFormat.V3_FLAG
    hub.device.set_dp(2, True)
    (report,) = hub.receive()
    assert isinstance(report, Received)
    assert report.cmd == 0x8004


def test_report_with_new_values() -> None:
    hub = paired_hub(LOCK)
    hub.device.report({21: "pry", 8: 10})
    (report,) = hub.receive()
    assert report.data[7:] == v4_entry(21, 4, bytes([8])) + v4_entry(
        8, 2, struct.pack(">i", 10)
    )
    assert hub.device.dp_values[21] == "pry"

"""Emulator behaviour observed in Tuya's device SDK (docs/protocol.md §11.5, §11.7).

Each test pins one thing the SDK does that an earlier emulator did differently,
plus the emulator's own check of what the hub sends back to reports.
"""

from __future__ import annotations

import dataclasses
import struct

import pytest

from custom_components.tuya_bluetooth.tuya.device_info import parse_device_info
from simulator.device import DeviceEmulator, ManualScheduler, ReportFormat
from simulator.products import LOCK, SWITCH, Product, make_devices

from .conftest import counting_random
from .hub import Hub
from .test_ota import IMAGE, file_info_payload, ota_hub

# A protocol-3.4 build of the switch, firmware 1.2.3 (hardware 1.0.0).
SWITCH_V34 = dataclasses.replace(SWITCH, protocol_minor=4)


def paired_hub(product: Product) -> Hub:
    identity = make_devices(product, 1, seed="fidelity")[0]
    device = DeviceEmulator(identity, ManualScheduler(), counting_random(), bound=True)
    hub = Hub(device, local_key=identity.local_key)
    hub.handshake()
    hub.receive()
    return hub


def dp_sn_of(report_data: bytes, fmt: int) -> int:
    if fmt in (ReportFormat.V4, ReportFormat.V4_TIME):
        return int(struct.unpack_from(">I", report_data, 1)[0])
    return int(struct.unpack_from(">H", report_data, 0)[0])


# ---- OTA file info ------------------------------------------------------------


@pytest.mark.parametrize("product", [SWITCH, LOCK], ids=["v3", "v4"])
def test_file_info_with_nothing_stored_reports_zero_md5(product: Product) -> None:
    hub = ota_hub(product, ManualScheduler())
    hub.send(0x000C, b"\x00")
    hub.receive()
    current = hub.device.firmware_version
    version = current[0] << 16 | (current[1] + 1) << 8
    hub.send(0x000D, file_info_payload(product, IMAGE, version))
    (answer,) = hub.receive()
    assert answer.data[1] == 0  # accepted
    assert answer.data[2:10] == bytes(8)  # nothing stored, CRC32 0
    assert answer.data[10:26] == bytes(16)  # not MD5(b"")


# ---- DP sn of the device's reports ------------------------------------------------


def test_v4_write_is_echoed_with_the_writes_own_dp_sn() -> None:
    hub = paired_hub(LOCK)
    spec = next(s for s in LOCK.dps if s.dp_type == 1 and s.writable)
    entry = bytes([spec.dp_id, 1]) + struct.pack(">H", 1) + b"\x01"
    hub.send(0x0027, b"\x00" + struct.pack(">I", 0x01020304) + entry)
    reply, echo = hub.receive()
    assert reply.data == b"\x00\x01\x02\x03\x04\x00"
    assert echo.cmd == ReportFormat.V4
    assert dp_sn_of(echo.data, echo.cmd) == 0x01020304


@pytest.mark.parametrize(
    ("product", "fmt"),
    [(LOCK, None), (SWITCH, ReportFormat.V3_FLAG)],
    ids=["v4", "v3-flag"],
)
def test_query_is_answered_with_dp_sn_0(
    product: Product, fmt: ReportFormat | None
) -> None:
    hub = paired_hub(product)
    hub.device.options.report_format = fmt
    hub.device.report()  # the device's own counter moves on
    hub.receive()
    hub.send(0x0003)
    reply, *reports = hub.receive()
    assert reply.data == b"\x00"
    assert reports
    assert {dp_sn_of(r.data, r.cmd) for r in reports} == {0}


@pytest.mark.parametrize(
    ("product", "fmt"),
    [
        (LOCK, ReportFormat.V4),
        (LOCK, ReportFormat.V4_TIME),
        (SWITCH, ReportFormat.V3_FLAG),
        (SWITCH, ReportFormat.V3_FLAG_TIME),
    ],
)
def test_report_with_a_given_dp_sn(product: Product, fmt: ReportFormat) -> None:
    hub = paired_hub(product)
    frame_sn = hub.device.report(fmt=fmt, dp_sn=0x1234)
    (report,) = hub.receive()
    assert report.sn == frame_sn
    assert dp_sn_of(report.data, fmt) == 0x1234
    # The device's own counter is untouched by a given sn.
    hub.device.report(fmt=fmt)
    (following,) = hub.receive()
    assert dp_sn_of(following.data, fmt) == 1


# ---- protocol-3.4 device info ---------------------------------------------------


def device_info_answer(product: Product) -> bytes:
    identity = make_devices(product, 1, seed="fidelity")[0]
    device = DeviceEmulator(identity, ManualScheduler(), counting_random(), bound=True)
    hub = Hub(device, local_key=identity.local_key)
    (answer,) = (r for r in hub.handshake() if r.cmd == 0x0000)
    return answer.data


def test_v34_device_info_puts_low_16_bits_up_front() -> None:
    data = device_info_answer(SWITCH_V34)
    assert data[0:2] == b"\x02\x03"  # low 16 bits of 1.2.3
    assert data[2:4] == b"\x03\x04"
    assert data[4] == 0x00  # no flags
    assert data[12:14] == b"\x00\x00"  # low 16 bits of 1.0.0
    assert data[46:52] == b"\x01\x02\x03\x01\x00\x00"
    info = parse_device_info(data)
    assert (info.firmware_version, info.hardware_version) == ("1.2.3", "1.0.0")


def test_v33_device_info_keeps_major_minor_and_flags() -> None:
    data = device_info_answer(SWITCH)
    assert data[0:2] == b"\x01\x02"
    assert data[4] == 0x05


# ---- the hub's acknowledgements, as the device SDK reads them ---------------------


@pytest.mark.parametrize(
    ("product", "fmt", "ack"),
    [
        (SWITCH, ReportFormat.V3, lambda r: b"\x00"),
        (SWITCH, ReportFormat.V3_FLAG, lambda r: r[:3] + b"\x00"),
        (LOCK, ReportFormat.V4, lambda r: r[:7] + b"\x00"),
        (LOCK, ReportFormat.V4_TIME, lambda r: r[:7] + b"\x00"),
    ],
)
def test_correct_acknowledgement_is_no_protocol_error(
    product: Product, fmt: ReportFormat, ack: object
) -> None:
    hub = paired_hub(product)
    hub.device.report(fmt=fmt)
    (report,) = hub.receive()
    hub.send(fmt, ack(report.data), ack_sn=report.sn)  # type: ignore[operator]
    assert hub.device.protocol_errors == []
    assert hub.device.received[-1].outcome == "report acknowledged"


@pytest.mark.parametrize(
    ("product", "fmt", "ack", "problem"),
    [
        (SWITCH, ReportFormat.V3, lambda r: b"", "0 bytes, expected 1"),
        (SWITCH, ReportFormat.V3_TIME, lambda r: b"\x00\x00", "2 bytes, expected 1"),
        (SWITCH, ReportFormat.V3_FLAG, lambda r: b"\x00", "1 bytes, expected 4"),
        (LOCK, ReportFormat.V4, lambda r: r[:7], "7 bytes, expected 8"),
        (
            LOCK,
            ReportFormat.V4,
            lambda r: r[:1] + b"\xff" + r[2:7] + b"\x00",
            "does not repeat",
        ),
    ],
)
def test_malformed_acknowledgement_is_a_protocol_error(
    product: Product, fmt: ReportFormat, ack: object, problem: str
) -> None:
    hub = paired_hub(product)
    hub.device.report(fmt=fmt)
    (report,) = hub.receive()
    hub.send(fmt, ack(report.data), ack_sn=report.sn)  # type: ignore[operator]
    (error,) = hub.device.protocol_errors
    assert problem in error


def test_acknowledgement_of_no_open_report_is_a_protocol_error() -> None:
    hub = paired_hub(SWITCH)
    hub.device.report()
    (report,) = hub.receive()
    hub.send(ReportFormat.V3, b"\x00", ack_sn=report.sn + 5)
    hub.send(ReportFormat.V3, b"\x00", ack_sn=report.sn)
    hub.send(ReportFormat.V3, b"\x00", ack_sn=report.sn)  # twice
    assert len(hub.device.protocol_errors) == 2
    assert all("no open report" in e for e in hub.device.protocol_errors)

"""Session ⇄ emulator: DP writes and reports for every DP type and report format."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import CommandRejectedError
from simulator.device.state import ReportFormat, TimeType
from simulator.products import LOCK, SENSOR, Product

from .journey import ALL_TYPES_V3, ALL_TYPES_V4, NOW_MS, Rig

type RigFactory = Callable[..., Rig]

WRITES = [
    (DataPoint(1, DPType.RAW, b"\x01\x02\xff"), b"\x01\x02\xff"),
    (DataPoint(2, DPType.BOOL, True), True),
    (DataPoint(3, DPType.VALUE, -5), -5),
    (DataPoint(4, DPType.STRING, "héllo"), "héllo"),
    (DataPoint(5, DPType.ENUM, 2), "c"),
    (DataPoint(6, DPType.BITMAP, 0x0201, width=2), 0x0201),
]


@pytest.mark.parametrize("product", [ALL_TYPES_V3, ALL_TYPES_V4], ids=["v3", "v4"])
@pytest.mark.parametrize(
    ("dp", "device_value"), WRITES, ids=[w[0].type.name for w in WRITES]
)
async def test_write_and_report_every_type(
    rig_factory: RigFactory, product: Product, dp: DataPoint, device_value: object
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    await rig.run(rig.session.write_dps([dp]))
    await rig.settle()
    v4 = product.protocol_version >= 4
    (write,) = rig.device.dp_writes
    assert write.cmd == (Command.DP_WRITE_V4 if v4 else Command.DP_WRITE)
    assert write.values == {dp.id: device_value}
    assert rig.device.dp_values[dp.id] == device_value
    # The device confirms with a report, which the session decodes and acknowledges.
    (report,) = rig.reports
    assert report.cmd == (Command.DP_SEND_V4 if v4 else Command.DP_REPORT)
    assert report.dps == (dp,)
    (reply,) = rig.device.report_replies
    # The device SDK reads the acknowledgement as sent: nothing to misread.
    assert rig.device.protocol_errors == []
    assert reply.cmd == report.cmd
    if v4:
        assert report.passive
        assert len(reply.data) == 8
        assert reply.data[-1] == 0
    else:
        assert reply.data == b"\x00"


async def test_write_several_dps_at_once(rig_factory: RigFactory) -> None:
    rig = rig_factory(ALL_TYPES_V4)
    await rig.connect()
    await rig.run(rig.session.write_dps([w[0] for w in WRITES]))
    assert rig.device.dp_writes[0].values == {w[0].id: w[1] for w in WRITES}


@pytest.mark.parametrize(
    "fmt",
    [
        ReportFormat.V3,
        ReportFormat.V3_TIME,
        ReportFormat.V3_FLAG,
        ReportFormat.V3_FLAG_TIME,
    ],
)
@pytest.mark.parametrize("time_type", [TimeType.SECONDS, TimeType.MILLIS_ASCII])
async def test_v3_report_formats(
    rig_factory: RigFactory, fmt: ReportFormat, time_type: TimeType
) -> None:
    rig = rig_factory(SENSOR)
    await rig.connect()
    rig.device.set_dp(1, 233, fmt=fmt, time_type=time_type, timestamp_ms=NOW_MS)
    await rig.settle()
    (report,) = rig.reports
    assert report.cmd == fmt
    assert report.dps == (DataPoint(1, DPType.VALUE, 233),)
    timed = fmt in (ReportFormat.V3_TIME, ReportFormat.V3_FLAG_TIME)
    if timed:
        expected = (
            NOW_MS / 1000 if time_type is TimeType.MILLIS_ASCII else NOW_MS // 1000
        )
        assert report.timestamp == pytest.approx(expected)
    else:
        assert report.timestamp is None
    (reply,) = rig.device.report_replies
    # The device SDK reads the acknowledgement as sent: nothing to misread.
    assert rig.device.protocol_errors == []
    if fmt in (ReportFormat.V3_FLAG, ReportFormat.V3_FLAG_TIME):
        assert report.report_sn is not None
        assert report.mode is not None
        assert reply.data == report.report_sn.to_bytes(2, "big") + bytes(
            [report.mode, 0]
        )
    else:
        assert reply.data == b"\x00"
    assert reply.ack_sn == rig.device.sent[-1].sn


@pytest.mark.parametrize("fmt", [ReportFormat.V4, ReportFormat.V4_TIME])
async def test_v4_report_formats(rig_factory: RigFactory, fmt: ReportFormat) -> None:
    rig = rig_factory(LOCK)
    await rig.connect()
    rig.device.set_dp(8, 55, fmt=fmt, timestamp_ms=NOW_MS)
    await rig.settle()
    (report,) = rig.reports
    assert report.cmd == fmt
    assert report.dps == (DataPoint(8, DPType.VALUE, 55),)
    assert not report.passive
    if fmt is ReportFormat.V4_TIME:
        assert report.timestamp == NOW_MS // 1000
    (reply,) = rig.device.report_replies
    # The device SDK reads the acknowledgement as sent: nothing to misread.
    assert rig.device.protocol_errors == []
    assert report.report_sn is not None
    assert report.mode is not None
    flags = 0
    assert reply.data == (
        b"\x00" + report.report_sn.to_bytes(4, "big") + bytes([flags, report.mode, 0])
    )


async def test_v4_report_without_response_is_not_acknowledged(
    rig_factory: RigFactory,
) -> None:
    rig = rig_factory(LOCK)
    await rig.connect()
    rig.device.report([8], no_response=True)
    await rig.settle()
    assert len(rig.reports) == 1
    assert not rig.reports[0].wants_ack
    assert rig.device.report_replies == []


@pytest.mark.parametrize("product", [SENSOR, LOCK], ids=["v3", "v4"])
async def test_query(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    await rig.run(rig.session.query_dps())
    await rig.settle()
    reported = {dp.id for report in rig.reports for dp in report.dps}
    assert reported == set(rig.device.dp_values)
    rig.reports.clear()
    first = min(rig.device.dp_values)
    await rig.run(rig.session.query_dps([first]))
    await rig.settle()
    assert [dp.id for report in rig.reports for dp in report.dps] == [first]


@pytest.mark.parametrize(
    ("product", "dp_id"), [(SENSOR, 1), (LOCK, 8)], ids=["v3", "v4"]
)
async def test_write_to_read_only_dp_is_refused(
    rig_factory: RigFactory, product: Product, dp_id: int
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    with pytest.raises(CommandRejectedError):
        await rig.run(rig.session.write_dps([DataPoint(dp_id, DPType.VALUE, 1)]))
    assert rig.device.dp_writes == []
    assert rig.session.is_connected  # a refused write does not end the session

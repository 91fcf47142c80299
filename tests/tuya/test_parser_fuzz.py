"""Structured fuzzing of the command payload decoders, alone and behind the crypto.

Every decoder gets valid answers (which must decode to what was encoded), answers
with a valid header and exact length around a random body, and one-change mutants.
The property: a value of the documented type or the library's own ProtocolError
subclass, never an IndexError, struct.error, ValueError or the like.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya import commands, ota_messages as ota
from custom_components.tuya_bluetooth.tuya.const import (
    REPORT_COMMANDS,
    TIME_COMMANDS,
    Command,
    SecurityMode,
)
from custom_components.tuya_bluetooth.tuya.datapoints import (
    DataPoint,
    decode_dps,
    encode_dps,
)
from custom_components.tuya_bluetooth.tuya.device_info import (
    MIN_LEN,
    DeviceInfo,
    parse_device_info,
)
from custom_components.tuya_bluetooth.tuya.errors import (
    DataPointError,
    EnvelopeError,
    FrameError,
    InvalidArgumentError,
    PayloadError,
    ProtocolError,
)
from custom_components.tuya_bluetooth.tuya.frames import Frame, decode_frame
from custom_components.tuya_bluetooth.tuya.inbound import handle_device_frame
from custom_components.tuya_bluetooth.tuya.reports import (
    DPReport,
    build_report_ack,
    parse_report,
    report_wants_ack,
)
from custom_components.tuya_bluetooth.tuya.timesync import unix_millis

from .strategies import (
    BYTE,
    U16,
    U32,
    Sample,
    data_points,
    device_info_answers,
    dp_fields,
    exact,
    frame_sample,
    full_key_ring,
    modes,
    mutate,
    packed,
    pick,
    raw_dp_lists,
    report_answers,
    samples_or_mutants,
)

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
REPORTS = sorted(REPORT_COMMANDS)

# --- Data point lists ------------------------------------------------------------------


@given(st.lists(data_points, max_size=5), st.sampled_from([1, 2]), st.data())
def test_dp_list_round_trip_and_one_change(
    dps: list[DataPoint], length_size: int, data: st.DataObject
) -> None:
    encoded = encode_dps(dps, length_size=length_size)
    assert decode_dps(encoded, length_size=length_size) == dps
    sample = Sample(encoded, dp_fields(encoded, length_size))
    try:
        decoded = decode_dps(mutate(data.draw, sample), length_size=length_size)
    except DataPointError:
        return
    assert all(isinstance(dp, DataPoint) for dp in decoded)


@given(st.tuples(st.just(1), raw_dp_lists(1)) | st.tuples(st.just(2), raw_dp_lists(2)))
def test_dp_list_valid_headers_random_values(case: tuple[int, Sample]) -> None:
    length_size, sample = case
    try:
        decoded = decode_dps(sample.data, length_size=length_size)
    except DataPointError:
        return
    assert len(decoded) == len(sample.fields) // 2


# --- DP reports and their acknowledgements --------------------------------------------------


def _report_acks(cmd: int, data: bytes) -> bytes:
    header = {0x8004: 3, 0x8005: 3, 0x8006: 7, 0x8007: 7}.get(cmd, 0)
    return data[:header] + b"\x00"


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(report_answers())
def test_report_round_trip(case: tuple[Sample, DPReport]) -> None:
    sample, expected = case
    assert parse_report(expected.cmd, sample.data) == expected
    assert build_report_ack(expected.cmd, sample.data) == _report_acks(
        expected.cmd, sample.data
    )
    reply, report = handle_device_frame(Frame(9, 0, expected.cmd, sample.data), NOW)
    assert report == expected
    assert report_wants_ack(expected.cmd, sample.data) is expected.wants_ack
    assert (reply is not None) is expected.wants_ack


@st.composite
def _report_mutants(draw: st.DrawFn) -> tuple[int, bytes]:
    sample, expected = draw(report_answers())
    return expected.cmd, mutate(draw, sample)


@given(
    _report_mutants()
    | st.tuples(st.sampled_from(REPORTS), exact(7))
    | st.tuples(U16, st.binary(max_size=12))  # any command, reports or not
)
def test_report_with_one_change(case: tuple[int, bytes]) -> None:
    cmd, data = case
    with contextlib.suppress(ProtocolError):
        assert isinstance(parse_report(cmd, data), DPReport)
    # Acknowledging a non-report is the caller's mistake (InvalidArgumentError).
    wrong = PayloadError if cmd in REPORT_COMMANDS else InvalidArgumentError
    with contextlib.suppress(wrong):
        assert isinstance(build_report_ack(cmd, data, status=1), bytes)
    reply, _ = handle_device_frame(Frame(3, 0, cmd, data), NOW)
    assert reply is None or reply.ack_sn == 3


# --- Device info -------------------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(device_info_answers())
def test_device_info_round_trip(case: tuple[Sample, DeviceInfo]) -> None:
    sample, expected = case
    assert parse_device_info(sample.data) == expected


@st.composite
def _device_info_cut_or_changed(draw: st.DrawFn) -> bytes:
    sample, _ = draw(device_info_answers())
    match draw(st.sampled_from(("one change", "cut", "random body"))):
        case "one change":
            return mutate(draw, sample)
        case "cut":  # older firmware stops after any field
            return sample.data[: pick(draw, len(sample.data) + 1)]
        case _:
            return draw(st.binary(min_size=MIN_LEN, max_size=len(sample.data)))


@given(_device_info_cut_or_changed())
def test_device_info_cut_or_changed(data: bytes) -> None:
    try:
        info = parse_device_info(data)
    except PayloadError:
        assert len(data) < MIN_LEN
        return
    assert isinstance(info, DeviceInfo)
    assert info.srand == data[6:12]


# --- Fixed-layout answers: pairing, DP writes, bind management, Wi-Fi, OTA ----------------


def _with_md5(
    case: tuple[tuple[Sample, tuple[int, int, int, int]], bytes],
) -> tuple[Sample, ota.OtaFileInfoResponse]:
    (head, (target, state, length, crc32)), md5 = case
    expected = ota.OtaFileInfoResponse(target, state, length, crc32, md5)
    return Sample(head.data + md5, head.fields), expected


# (decoder, valid answers with what they decode to)
_ANSWERS: dict[
    int, tuple[Callable[[bytes], Any], st.SearchStrategy[tuple[Sample, Any]]]
] = {
    Command.PAIR: (
        commands.parse_pair_result,
        packed("B", [st.integers(0, 2)], commands.PairResult),
    ),
    Command.DP_WRITE: (commands.parse_dp_write_v3_response, packed("B", [BYTE], int)),
    Command.DP_WRITE_V4: (
        commands.parse_dp_write_v4_response,
        packed("BIB", [BYTE, U32, BYTE], commands.DPWriteV4Response),
    ),
    Command.DP_QUERY: (commands.parse_dp_query_response, packed("B", [BYTE], int)),
    Command.UNBIND: (commands.parse_status_response, packed("B", [BYTE], int)),
    Command.NETWORK_STATUS: (commands.parse_network_status, packed("B", [BYTE], int)),
    Command.NET_CONFIG: (commands.parse_net_config_response, packed("B", [BYTE], int)),
    Command.NET_CONFIG_RESULT: (
        commands.parse_net_config_result,
        packed("h", [st.integers(-(2**15), 2**15 - 1)], int),
    ),
    Command.TRANSPARENT_UP: (
        commands.parse_transparent_response,
        packed(
            "BBHB",
            [BYTE, BYTE, U16, BYTE],
            lambda _zero, _flags, sub, result: commands.TransparentResponse(
                sub, result
            ),
        ),
    ),
    Command.OTA_START: (
        ota.parse_ota_start_response,
        packed(
            "BBBIH",
            [BYTE, BYTE, BYTE, U32, U16],
            lambda state, *rest: ota.OtaStartResponse(state == 0, *rest),
        ),
    ),
    Command.OTA_FILE_INFO: (
        ota.parse_ota_file_info_response,
        st.tuples(
            packed("BBII", [BYTE, BYTE, U32, U32], lambda *v: v), st.binary(max_size=16)
        ).map(_with_md5),
    ),
    Command.OTA_OFFSET: (
        ota.parse_ota_offset_response,
        packed("BI", [BYTE, U32], lambda *v: v),
    ),
    Command.OTA_END: (
        ota.parse_ota_state_response,
        packed("BB", [BYTE, BYTE], lambda *v: v),
    ),
}


@st.composite
def _answers(draw: st.DrawFn) -> tuple[int, Sample, Any]:
    cmd = draw(st.sampled_from(sorted(_ANSWERS)))
    sample, expected = draw(_ANSWERS[cmd][1])
    return cmd, sample, expected


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(_answers())
def test_answer_round_trip(case: tuple[int, Sample, Any]) -> None:
    cmd, sample, expected = case
    assert _ANSWERS[cmd][0](sample.data) == expected


@given(_answers(), st.sampled_from(["one change", "random body"]), st.data())
def test_answer_with_one_change_or_random_body(
    case: tuple[int, Sample, Any], how: str, data: st.DataObject
) -> None:
    cmd, sample, expected = case
    if how == "random body":
        raw = data.draw(exact(len(sample.data)))
    else:
        raw = mutate(data.draw, sample)
    try:
        result = _ANSWERS[cmd][0](raw)
    except PayloadError:
        assert len(raw) < len(sample.data) or cmd == Command.PAIR
        return
    assert type(result) is type(expected)


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(U32)
def test_ota_version_round_trip(value: int) -> None:
    text = ota.version_from_int(value)
    assert ota.version_to_int(text) == value


_VERSION_TEXT = st.text(st.characters(), max_size=12)
_VERSION_PARTS = st.lists(st.integers(0, 300).map(str) | _VERSION_TEXT, max_size=5)


@given(_VERSION_TEXT | _VERSION_PARTS.map(".".join))
def test_ota_version_text(text: str) -> None:
    """The firmware version comes from the cloud: a bad one is InvalidArgumentError."""
    with contextlib.suppress(InvalidArgumentError):
        assert 0 <= ota.version_to_int(text) <= 0xFFFFFFFF


def test_ota_version_with_a_superscript_digit() -> None:
    with pytest.raises(InvalidArgumentError):
        ota.version_to_int("1.²")


# --- Time requests -------------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(
    st.sampled_from(sorted(TIME_COMMANDS)),
    U32,
    st.binary(max_size=24),
    st.datetimes(datetime(2001, 1, 1), datetime(2254, 12, 31)),  # noqa: DTZ001
    st.integers(-14 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q))),
)
def test_time_request_answers(
    cmd: int, sn: int, payload: bytes, moment: datetime, zone: timezone
) -> None:
    now = moment.replace(tzinfo=zone)
    reply, report = handle_device_frame(Frame(sn, 0, cmd, payload), now)
    assert report is None
    assert reply is not None
    assert (reply.cmd, reply.ack_sn) == (cmd, sn)
    hundredths = int.from_bytes(reply.data[-2:], "big", signed=True)
    if cmd == Command.TIME_DST:
        assert reply.data[:10] == f"{unix_millis(now) // 1000:010d}".encode()
        assert reply.data[12] == 0
        hundredths = int.from_bytes(reply.data[10:12], "big", signed=True)
    elif cmd == Command.TIME_MS:
        assert reply.data[:13] == f"{unix_millis(now):013d}".encode()
    else:
        local = now if cmd == Command.TIME_LOCAL else now.astimezone(UTC)
        assert (reply.data[0] + 2000, *reply.data[1:6]) == local.timetuple()[:6]
    offset = now.utcoffset()
    assert offset is not None
    assert hundredths * 36 == offset.total_seconds()


# --- Behind the crypto: sealed answers reach their decoders -------------------------------

_DECODERS: dict[int, Callable[[bytes], Any]] = {
    Command.DEVICE_INFO: parse_device_info,
    **{cmd: decoder for cmd, (decoder, _) in _ANSWERS.items()},
    **{cmd: partial(parse_report, cmd) for cmd in REPORTS},
}


def _payloads(cmd: int) -> st.SearchStrategy[bytes]:
    valid: st.SearchStrategy[tuple[Sample, Any]]
    if cmd == Command.DEVICE_INFO:
        valid = device_info_answers()
    elif cmd in REPORT_COMMANDS:
        valid = report_answers(cmd)
    else:
        valid = _ANSWERS[cmd][1]
    return samples_or_mutants(valid.map(lambda case: case[0]))


_PAYLOADS = {cmd: _payloads(cmd) for cmd in _DECODERS}


def _decode(cmd: int, payload: bytes) -> object:
    try:
        return _DECODERS[cmd](payload)
    except ProtocolError as err:
        return type(err)


@st.composite
def _answer_frames(draw: st.DrawFn) -> Frame:
    cmd = draw(st.sampled_from(sorted(_DECODERS)))
    return Frame(draw(U32), draw(U32), cmd, draw(_PAYLOADS[cmd]))


@given(
    _answer_frames(),
    modes,
    st.sampled_from(["none", "inner frame", "envelope"]),
    st.data(),
)
def test_sealed_answer_reaches_its_decoder(
    frame: Frame, mode: SecurityMode, change: str, data: st.DataObject
) -> None:
    """A valid envelope (right key) around a valid or changed frame and payload."""
    ring = full_key_ring(4)
    inner = frame_sample(frame)
    raw = mutate(data.draw, inner) if change == "inner frame" else inner.data
    sealed = ring.seal(mode, raw or b"\x00")
    if change == "envelope":
        sealed = mutate(data.draw, Sample(sealed))
    try:
        opened = decode_frame(ring.open(sealed)[1])
    except EnvelopeError, FrameError:
        assert change != "none"
        return
    if change == "none":
        assert opened == frame
    decoded = _decode(opened.cmd, opened.data) if opened.cmd in _DECODERS else None
    if opened == frame:
        assert decoded == _decode(frame.cmd, frame.data)

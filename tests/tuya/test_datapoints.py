"""DP types and their v3 / v4 list encodings (docs/protocol.md §7)."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.datapoints import (
    DataPoint,
    DPType,
    decode_dps,
    decode_dps_v3,
    decode_dps_v4,
    encode_dps,
    encode_dps_v3,
    encode_dps_v4,
)
from custom_components.tuya_bluetooth.tuya.errors import (
    DataPointError,
    InvalidArgumentError,
    TuyaBLEError,
)

EXAMPLES = [
    (DataPoint(1, DPType.RAW, b"\x01\x02"), "0100020102"),
    (DataPoint(2, DPType.BOOL, True), "02010101"),
    (DataPoint(3, DPType.BOOL, False), "03010100"),
    (DataPoint(4, DPType.VALUE, -2), "040204fffffffe"),
    (DataPoint(5, DPType.VALUE, 1000), "050204000003e8"),
    (DataPoint(6, DPType.STRING, "héllo"), "060306" + "héllo".encode().hex()),
    (DataPoint(7, DPType.ENUM, 3), "07040103"),
    (DataPoint(8, DPType.BITMAP, 5), "08050105"),
    (DataPoint(9, DPType.BITMAP, 0x1234), "0905021234"),
    (DataPoint(10, DPType.BITMAP, 0x1_0000), "0a050400010000"),
    (DataPoint(11, DPType.BITMAP, 1, width=4), "0b050400000001"),
]


@pytest.mark.parametrize(("dp", "v3_hex"), EXAMPLES)
def test_v3_encoding(dp: DataPoint, v3_hex: str) -> None:
    assert encode_dps_v3([dp]).hex() == v3_hex


@pytest.mark.parametrize(("dp", "v3_hex"), EXAMPLES)
def test_v4_encoding_has_two_byte_lengths(dp: DataPoint, v3_hex: str) -> None:
    v4_hex = v3_hex[:4] + "00" + v3_hex[4:]
    assert encode_dps_v4([dp]).hex() == v4_hex


def test_list_round_trip_both_generations() -> None:
    dps = [dp for dp, _ in EXAMPLES]
    # Decoded bitmaps remember their width; the smallest-width examples gain it.
    decoded = decode_dps_v3(encode_dps_v3(dps))
    assert [(d.id, d.type, d.value) for d in decoded] == [
        (d.id, d.type, d.value) for d in dps
    ]
    assert decode_dps_v4(encode_dps_v4(decoded)) == decoded


def test_long_values_need_v4() -> None:
    dp = DataPoint(1, DPType.RAW, bytes(300))
    with pytest.raises(InvalidArgumentError):
        encode_dps_v3([dp])
    assert decode_dps_v4(encode_dps_v4([dp])) == [dp]


@pytest.mark.parametrize(
    ("dp_type", "value", "width"),
    [
        (DPType.RAW, "text", None),
        (DPType.STRING, b"bytes", None),
        (DPType.BOOL, 1, None),
        (DPType.VALUE, True, None),
        (DPType.VALUE, 2**31, None),
        (DPType.VALUE, -(2**31) - 1, None),
        (DPType.ENUM, 256, None),
        (DPType.ENUM, -1, None),
        (DPType.BITMAP, 256, 1),
        (DPType.BITMAP, 2**32, None),
        (DPType.BITMAP, 1, 3),
        (DPType.VALUE, 1, 4),
    ],
)
def test_invalid_values(dp_type: DPType, value: object, width: int | None) -> None:
    with pytest.raises(InvalidArgumentError):
        DataPoint(1, dp_type, value, width)  # type: ignore[arg-type]


def test_invalid_id_and_type() -> None:
    with pytest.raises(InvalidArgumentError):
        DataPoint(256, DPType.BOOL, True)
    with pytest.raises(InvalidArgumentError):
        DataPoint(1, 9, True)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        encode_dps([], length_size=3)
    with pytest.raises(InvalidArgumentError):
        decode_dps(b"", length_size=0)


@pytest.mark.parametrize(
    "data",
    [
        "01",  # truncated header
        "010101",  # missing length byte... header is 3 bytes: id type len -> truncated value
        "01010201",  # bool announces 2 bytes, holds 1
        "01010200 00",  # bool of 2 bytes
        "0102020001",  # value of 2 bytes
        "010401000104020000",  # second enum has 2 bytes
        "01050300 0000",  # bitmap of 3 bytes
        "0109 0100",  # unknown type 9
    ],
)
def test_v3_decode_errors(data: str) -> None:
    with pytest.raises(DataPointError):
        decode_dps_v3(bytes.fromhex(data.replace(" ", "")))


def test_decode_non_utf8_string_does_not_fail() -> None:
    (dp,) = decode_dps_v3(bytes.fromhex("010302ff41"))
    assert dp.type is DPType.STRING
    assert dp.value == "\ufffdA"


def test_decode_bool_nonzero_is_true() -> None:
    assert decode_dps_v3(bytes.fromhex("01010107")) == [DataPoint(1, DPType.BOOL, True)]


def test_empty_list() -> None:
    assert decode_dps_v3(b"") == []
    assert encode_dps_v4([]) == b""


_dp = st.one_of(
    st.builds(
        DataPoint, st.integers(0, 255), st.just(DPType.RAW), st.binary(max_size=40)
    ),
    st.builds(DataPoint, st.integers(0, 255), st.just(DPType.BOOL), st.booleans()),
    st.builds(
        DataPoint,
        st.integers(0, 255),
        st.just(DPType.VALUE),
        st.integers(-(2**31), 2**31 - 1),
    ),
    st.builds(
        DataPoint, st.integers(0, 255), st.just(DPType.STRING), st.text(max_size=20)
    ),
    st.builds(
        DataPoint, st.integers(0, 255), st.just(DPType.ENUM), st.integers(0, 255)
    ),
    st.sampled_from([1, 2, 4]).flatmap(
        lambda w: st.builds(
            DataPoint,
            st.integers(0, 255),
            st.just(DPType.BITMAP),
            st.integers(0, 2 ** (8 * w) - 1),
            st.just(w),
        )
    ),
)


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(st.lists(_dp, max_size=6), st.sampled_from([1, 2]))
def test_round_trip_property(dps: list[DataPoint], length_size: int) -> None:
    assert (
        decode_dps(encode_dps(dps, length_size=length_size), length_size=length_size)
        == dps
    )


@given(st.binary(max_size=64))
def test_decode_v3_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(TuyaBLEError):
        decode_dps_v3(data)


@given(st.binary(max_size=64))
def test_decode_v4_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(TuyaBLEError):
        decode_dps_v4(data)

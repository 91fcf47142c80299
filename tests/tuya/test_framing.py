"""Sub-packet framing and the reassembly rules of docs/protocol.md §3."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.const import (
    MAX_FRAME_V3,
    MAX_FRAME_V4,
    Command,
    SecurityMode,
)
from custom_components.tuya_bluetooth.tuya.crypto import KeyRing
from custom_components.tuya_bluetooth.tuya.errors import (
    FramingError,
    InvalidArgumentError,
    TuyaBLEError,
)
from custom_components.tuya_bluetooth.tuya.frames import Frame, encode_frame
from custom_components.tuya_bluetooth.tuya.framing import (
    Reassembler,
    decode_varint,
    encode_varint,
    split_frame,
)

VECTOR_FRAME = bytes.fromhex(
    "04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723"
)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, "00"),
        (1, "01"),
        (127, "7f"),
        (128, "8001"),
        (300, "ac02"),
        (2**28 - 1, "ffffff7f"),
    ],
)
def test_varint(value: int, encoded: str) -> None:
    assert encode_varint(value).hex() == encoded
    assert decode_varint(bytes.fromhex(encoded)) == (value, len(encoded) // 2)


def test_varint_limits() -> None:
    with pytest.raises(InvalidArgumentError):
        encode_varint(2**28)
    with pytest.raises(InvalidArgumentError):
        encode_varint(-1)
    with pytest.raises(FramingError):
        decode_varint(b"\xff\xff\xff\xff\x01")
    with pytest.raises(FramingError):
        decode_varint(b"\x80")


def test_split_vector() -> None:
    packets = split_frame(VECTOR_FRAME, version=3)
    assert [p.hex() for p in packets] == [
        "00213004000102030405060708090a0b0c0d0e0f",
        "01f8bc69d43b1f0e3bf28ac34ec4aa2723",
    ]


def test_device_info_request_vector_end_to_end() -> None:
    """docs/protocol.md §9.3: the device-info request, end to end.

    Frame sn 1 → mode 4 with IV 00..0f and zero padding → two GATT writes.
    """
    inner = encode_frame(Frame(sn=1, ack_sn=0, cmd=Command.DEVICE_INFO))
    ring = KeyRing(local_key="abcdef0123456789")
    sealed = ring.seal(
        SecurityMode.LOGIN, inner, iv=bytes(range(16)), zero_padding=True
    )
    assert sealed == VECTOR_FRAME
    assert [p.hex() for p in split_frame(sealed, version=3)] == [
        "00213004000102030405060708090a0b0c0d0e0f",
        "01f8bc69d43b1f0e3bf28ac34ec4aa2723",
    ]


def test_split_respects_max_size_and_long_numbers() -> None:
    frame = bytes(range(256)) * 6  # 1536 bytes: > 127 sub-packets at 12 bytes
    packets = split_frame(frame, version=4, seq=5, max_size=12)
    assert all(len(p) <= 12 for p in packets)
    assert packets[0][3] == 0x45
    assert len(packets) > 128
    reassembler = Reassembler(MAX_FRAME_V4)
    results = [reassembler.feed(p) for p in packets]
    assert results[-1] == frame
    assert all(r is None for r in results[:-1])


def test_split_invalid() -> None:
    with pytest.raises(InvalidArgumentError):
        split_frame(b"", version=3)
    with pytest.raises(InvalidArgumentError):
        split_frame(b"abc", version=3, max_size=3)
    with pytest.raises(InvalidArgumentError):
        split_frame(b"abc", version=16)


def test_reassemble_vector() -> None:
    reassembler = Reassembler()
    first, second = split_frame(VECTOR_FRAME, version=3)
    assert reassembler.feed(first) is None
    assert reassembler.in_progress
    assert reassembler.feed(second) == VECTOR_FRAME
    assert not reassembler.in_progress
    assert reassembler.version == 3


def test_number_zero_restarts() -> None:
    reassembler = Reassembler()
    a = split_frame(b"A" * 40, version=3)
    b = split_frame(b"B" * 30, version=3)
    reassembler.feed(a[0])
    reassembler.feed(a[1])
    assert reassembler.feed(b[0]) is None
    assert reassembler.feed(b[1]) == b"B" * 30


def test_gap_discards_frame() -> None:
    reassembler = Reassembler()
    packets = split_frame(b"C" * 60, version=3)
    reassembler.feed(packets[0])
    with pytest.raises(FramingError):
        reassembler.feed(packets[2])
    assert not reassembler.in_progress
    with pytest.raises(FramingError):
        reassembler.feed(packets[3])  # nothing in progress any more


def test_lower_number_discards_frame() -> None:
    reassembler = Reassembler()
    packets = split_frame(b"D" * 60, version=3)
    for packet in packets[:3]:
        reassembler.feed(packet)
    with pytest.raises(FramingError):
        reassembler.feed(packets[1])
    assert not reassembler.in_progress


def test_repeated_number_is_skipped() -> None:
    reassembler = Reassembler()
    packets = split_frame(b"E" * 60, version=3)
    reassembler.feed(packets[0])
    reassembler.feed(packets[1])
    assert reassembler.feed(packets[1]) is None
    for packet in packets[2:-1]:
        reassembler.feed(packet)
    assert reassembler.feed(packets[-1]) == b"E" * 60


def test_bytes_beyond_total_dropped() -> None:
    reassembler = Reassembler()
    packet = bytes([0, 5, 0x30]) + b"12345EXTRA"
    assert reassembler.feed(packet) == b"12345"


def test_old_version_dropped() -> None:
    reassembler = Reassembler()
    with pytest.raises(FramingError):
        reassembler.feed(bytes([0, 5, 0x10]) + b"12345")
    assert not reassembler.in_progress
    assert reassembler.feed(bytes([0, 5, 0x2F]) + b"12345") == b"12345"


@pytest.mark.parametrize(("limit", "ok"), [(MAX_FRAME_V3, 1024), (MAX_FRAME_V4, 1536)])
def test_max_total(limit: int, ok: int) -> None:
    reassembler = Reassembler(limit)
    assert reassembler.feed(b"\x00" + encode_varint(ok) + b"\x30") is None
    with pytest.raises(FramingError):
        reassembler.feed(b"\x00" + encode_varint(ok + 1) + b"\x30")
    with pytest.raises(FramingError):
        reassembler.feed(b"\x00\x00\x30")  # an empty frame


def test_malformed_first_packets() -> None:
    reassembler = Reassembler()
    for packet in (b"", b"\x00", b"\x00\x05", b"\x80"):
        with pytest.raises(FramingError):
            reassembler.feed(packet)


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(
    frame=st.binary(min_size=1, max_size=MAX_FRAME_V4),
    # 5: the first sub-packet's header of a frame of 128 bytes or more is 4 bytes.
    size=st.integers(min_value=5, max_value=600),
    version=st.integers(min_value=2, max_value=15),
)
def test_split_reassemble_round_trip(frame: bytes, size: int, version: int) -> None:
    packets = split_frame(frame, version=version, max_size=size)
    assert all(len(p) <= size for p in packets)
    reassembler = Reassembler(MAX_FRAME_V4)
    out = [reassembler.feed(p) for p in packets]
    assert out[-1] == frame
    assert out[:-1] == [None] * (len(out) - 1)


@given(st.lists(st.binary(max_size=24), max_size=12))
def test_reassembler_arbitrary_packets(packets: list[bytes]) -> None:
    reassembler = Reassembler(MAX_FRAME_V3)
    for packet in packets:
        try:
            frame = reassembler.feed(packet)
        except TuyaBLEError:
            continue
        if frame is not None:
            assert 1 <= len(frame) <= MAX_FRAME_V3

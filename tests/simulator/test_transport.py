"""Device-side reassembly rules (docs/protocol.md §3.2), including the SDK's quirks."""

from __future__ import annotations

from simulator.device.transport import (
    Reassembler,
    decode_varint,
    encode_varint,
    split_frame,
)


def test_varint_round_trip_and_limits() -> None:
    for value in (0, 1, 127, 128, 300, 1536, 2**28 - 1):
        encoded = encode_varint(value)
        assert decode_varint(encoded, 0) == (value, len(encoded))
    assert decode_varint(b"\x80\x80\x80\x80\x01", 0) is None  # more than 4 bytes
    assert decode_varint(b"\x80", 0) is None


def test_reassembles_and_drops_bytes_beyond_total() -> None:
    frame = bytes(range(40))
    packets = split_frame(frame, 3, 0, 20)
    packets[-1] += b"\xee\xee"
    r = Reassembler()
    assert [r.feed(p) for p in packets][-1] == frame


def test_gap_and_lower_number_discard() -> None:
    frame = bytes(range(60))
    p = split_frame(frame, 3, 0, 20)
    r = Reassembler()
    assert r.feed(p[0]) is None
    assert r.feed(p[2]) is None  # gap
    assert r.feed(p[3]) is None  # nothing in progress any more
    assert r.discarded == 1
    r.feed(p[0])
    r.feed(p[1])
    r.feed(p[2])
    assert r.feed(p[1]) is None  # lower number
    assert r.discarded == 2


def test_repeat_is_appended() -> None:
    frame = bytes(range(60))
    p = split_frame(frame, 3, 0, 20)
    r = Reassembler()
    out = [r.feed(x) for x in (p[0], p[1], p[1], p[2], p[3])]
    assert out[3] is not None
    assert out[3] != frame  # corrupted, still "complete"


def test_number_zero_restarts() -> None:
    frame = bytes(range(60))
    p = split_frame(frame, 3, 0, 20)
    r = Reassembler()
    r.feed(p[0])
    r.feed(p[1])
    assert [r.feed(x) for x in p][-1] == frame


def test_bad_headers_dropped() -> None:
    r = Reassembler(max_frame=1024)
    assert r.feed(b"\x00\x05\x10abcde") is None  # version 1 < 2
    assert r.feed(encode_varint(0) + encode_varint(1025) + b"\x30" + bytes(10)) is None
    assert r.discarded == 2
    assert r.feed(b"\x00\x05\x20abcde") == b"abcde"  # version 2 accepted


def test_writes_cut_to_build_maximum() -> None:
    frame = bytes(range(30))
    r = Reassembler(max_write=20)
    assert r.feed(split_frame(frame, 3, 0, 40)[0]) is None  # 33-byte write cut to 20
    wide = Reassembler(max_write=64)
    assert wide.feed(split_frame(frame, 3, 0, 40)[0]) == frame

"""Per-frame cost: DP-write encode and DP-report decode, before and after.

"after" is the library's own path (`KeyRing.seal`/`open`, `encode_frame`,
`decode_frame`, the reassembler, `parse_report`); "before" redoes the per-frame
work the library did until the frame-cost work (`benchmarks.frames_baseline`).
Both run in the same process on the same frames, so the ratio is fair.
"""

from __future__ import annotations

from collections.abc import Callable
import os
import time

from benchmarks import frames_baseline as baseline
from custom_components.tuya_bluetooth.tuya.const import Command, SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import KeyRing
from custom_components.tuya_bluetooth.tuya.datapoints import (
    DataPoint,
    DPType,
    encode_dps_v4,
)
from custom_components.tuya_bluetooth.tuya.frames import (
    Frame,
    decode_frame,
    encode_frame,
)
from custom_components.tuya_bluetooth.tuya.framing import Reassembler, split_frame
from custom_components.tuya_bluetooth.tuya.reports import parse_report

FRAMES = 20_000
REPEATS = 3
LOCAL_KEY = "abcdef0123456789"
SRAND = b"srand!"


def _dps() -> bytes:
    return encode_dps_v4(
        [DataPoint(20, DPType.BOOL, True), DataPoint(22, DPType.VALUE, 500)]
    )


def _best(measure: Callable[[], float]) -> float:
    """Best of a few runs, in µs per frame (the least disturbed by other work)."""
    return min(measure() for _ in range(REPEATS)) / FRAMES * 1e6


def _encode_after(keys: KeyRing, payload: bytes) -> float:
    start = time.perf_counter()
    for sn in range(1, FRAMES + 1):
        inner = encode_frame(Frame(sn, 0, Command.DP_WRITE_V4, payload))
        split_frame(keys.seal(SecurityMode.SESSION, inner), version=4)
    return time.perf_counter() - start


def _encode_before(payload: bytes) -> float:
    login = LOCAL_KEY.encode()[:6]
    start = time.perf_counter()
    for sn in range(1, FRAMES + 1):
        # A fresh IV per frame, as KeyRing.seal draws one.
        baseline.encode(
            login, SRAND, os.urandom(16), (sn, Command.DP_WRITE_V4, payload)
        )
    return time.perf_counter() - start


def _report_packets(keys: KeyRing, report: bytes) -> list[list[bytes]]:
    return [
        split_frame(
            keys.seal(
                SecurityMode.SESSION,
                encode_frame(Frame(sn, 0, Command.DP_SEND_V4, report)),
            ),
            version=4,
        )
        for sn in range(1, FRAMES + 1)
    ]


def _decode_after(keys: KeyRing, packets: list[list[bytes]]) -> float:
    reassembler = Reassembler()
    start = time.perf_counter()
    for frame_packets in packets:
        for packet in frame_packets:
            raw = reassembler.feed(packet)
        assert raw is not None
        frame = decode_frame(keys.open(raw)[1])
        parse_report(frame.cmd, frame.data)
    return time.perf_counter() - start


def _decode_before(packets: list[list[bytes]]) -> float:
    reassembler = Reassembler()
    login = LOCAL_KEY.encode()[:6]
    start = time.perf_counter()
    for frame_packets in packets:
        for packet in frame_packets:
            raw = reassembler.feed(bytes(packet))
        assert raw is not None
        cmd, data = baseline.decode(login, SRAND, raw)
        parse_report(cmd, data)
    return time.perf_counter() - start


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    keys = KeyRing(local_key=LOCAL_KEY)
    keys.srand = SRAND
    write = b"\x00" + (7).to_bytes(4, "big") + _dps()
    report = b"\x00" + (9).to_bytes(4, "big") + b"\x00\x00" + _dps()
    packets = _report_packets(keys, report)
    encode_before = _best(lambda: _encode_before(write))
    encode_after = _best(lambda: _encode_after(keys, write))
    decode_before = _best(lambda: _decode_before(packets))
    decode_after = _best(lambda: _decode_after(keys, packets))
    writes = sum(len(p) for p in packets) / FRAMES
    return [
        ("DP-write encode per frame, before", encode_before, "µs"),
        ("DP-write encode per frame, after", encode_after, "µs"),
        ("DP-report decode per frame, before", decode_before, "µs"),
        ("DP-report decode per frame, after", decode_after, "µs"),
        ("DP-write encode speed-up", encode_before / encode_after, "×"),
        ("DP-report decode speed-up", decode_before / decode_after, "×"),
        ("GATT writes per DP frame (20-byte packets)", writes, "writes"),
    ]

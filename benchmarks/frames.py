"""Frame throughput: DP-write frame encode (frame, envelope, split) and decode."""

from __future__ import annotations

import os
import time

from custom_components.tuya_bluetooth.tuya.const import Command, SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import (
    decrypt_envelope,
    derive_session_key,
    encrypt_envelope,
)
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

FRAMES = 20_000


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    key = derive_session_key(b"abcdef", b"srand!")
    payload = (
        b"\x00"
        + (7).to_bytes(4, "big")
        + encode_dps_v4(
            [DataPoint(20, DPType.BOOL, True), DataPoint(22, DPType.VALUE, 500)]
        )
    )
    iv = os.urandom(16)
    start = time.perf_counter()
    packets: list[list[bytes]] = []
    for sn in range(1, FRAMES + 1):
        inner = encode_frame(Frame(sn, 0, Command.DP_WRITE_V4, payload))
        envelope = encrypt_envelope(SecurityMode.SESSION, key, iv, inner)
        packets.append(split_frame(envelope, version=4))
    encode = time.perf_counter() - start

    reassembler = Reassembler()
    start = time.perf_counter()
    for frame_packets in packets:
        for packet in frame_packets:
            envelope_or_none = reassembler.feed(packet)
        assert envelope_or_none is not None
        _mode, plain = decrypt_envelope(envelope_or_none, key)
        decode_frame(plain)
    decode = time.perf_counter() - start
    writes = sum(len(p) for p in packets) / FRAMES
    return [
        (
            "DP-write frame encode (frame+AES envelope+split)",
            FRAMES / encode,
            "frames/s",
        ),
        ("DP-write frame decode (reassemble+AES+CRC)", FRAMES / decode, "frames/s"),
        ("GATT writes per DP-write frame (20-byte packets)", writes, "writes"),
    ]

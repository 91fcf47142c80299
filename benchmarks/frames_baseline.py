"""The per-frame work of the library before the frame-cost work, kept to compare.

Until then every frame ran a bitwise CRC-16, derived the session key again (MD5),
and the receive path parsed the envelope twice. These functions redo exactly that
with the library's other pieces, so `benchmarks.frames` can print both paths in
one run on one machine.
"""

from __future__ import annotations

import struct

from custom_components.tuya_bluetooth.tuya.const import SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import (
    decrypt_envelope,
    derive_session_key,
    encrypt_envelope,
    parse_envelope,
)
from custom_components.tuya_bluetooth.tuya.framing import split_frame

_HEADER = struct.Struct(">IIHH")


def crc16_modbus_bitwise(data: bytes) -> int:
    """CRC-16/MODBUS one bit at a time, as the library computed it before."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def encode(
    login_key: bytes, srand: bytes, iv: bytes, frame: tuple[int, int, bytes]
) -> list[bytes]:
    """Frame (sn, cmd, data), CRC, key derivation, envelope and split."""
    sn, cmd, data = frame
    body = _HEADER.pack(sn, 0, cmd, len(data)) + data
    inner = body + crc16_modbus_bitwise(body).to_bytes(2, "big")
    key = derive_session_key(login_key, srand)
    return split_frame(
        encrypt_envelope(SecurityMode.SESSION, key, iv, inner), version=4
    )


def decode(login_key: bytes, srand: bytes, raw: bytes) -> tuple[int, bytes]:
    """Envelope (parsed twice), key derivation, frame and CRC for one frame."""
    mode, _iv, _body = parse_envelope(raw)
    key = None if mode is SecurityMode.NONE else derive_session_key(login_key, srand)
    _mode, plain = decrypt_envelope(raw, key)
    _sn, _ack, cmd, length = _HEADER.unpack_from(plain)
    end = _HEADER.size + length
    expected = int.from_bytes(plain[end : end + 2], "big")
    if crc16_modbus_bitwise(plain[:end]) != expected:
        raise ValueError("crc")
    return cmd, bytes(plain[_HEADER.size : end])

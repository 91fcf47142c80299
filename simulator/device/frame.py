"""The inner frame, device side: sn ‖ ack_sn ‖ cmd ‖ len ‖ data ‖ CRC16.

See docs/protocol.md §5.
"""

from __future__ import annotations

from dataclasses import dataclass
import struct

from custom_components.tuya_bluetooth.tuya.primitives import crc16_modbus

_HEADER = struct.Struct(">IIHH")


@dataclass(frozen=True, slots=True)
class InnerFrame:
    """A decoded inner frame."""

    sn: int
    ack_sn: int
    cmd: int
    data: bytes


def encode_inner(sn: int, ack_sn: int, cmd: int, data: bytes) -> bytes:
    """Encode an inner frame (without padding)."""
    body = _HEADER.pack(sn, ack_sn, cmd, len(data)) + data
    return body + struct.pack(">H", crc16_modbus(body))


def decode_inner(plain: bytes) -> InnerFrame | None:
    """Decode a decrypted frame, trusting `len` and ignoring padding; None if bad."""
    if len(plain) < _HEADER.size + 2:
        return None
    sn, ack_sn, cmd, length = _HEADER.unpack_from(plain)
    end = _HEADER.size + length
    if end + 2 > len(plain):
        return None
    (crc,) = struct.unpack_from(">H", plain, end)
    if crc != crc16_modbus(plain[:end]):
        return None
    return InnerFrame(sn, ack_sn, cmd, plain[_HEADER.size : end])

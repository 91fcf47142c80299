"""The inner frame: sn ‖ ack_sn ‖ cmd ‖ len ‖ data ‖ CRC16, all big-endian.

See docs/protocol.md §5.
"""

from __future__ import annotations

from dataclasses import dataclass
import struct

from .const import Command
from .errors import CrcError, FrameError, InvalidArgumentError
from .primitives import crc16_modbus

_HEADER = struct.Struct(">IIHH")
HEADER_LEN = _HEADER.size
CRC_LEN = 2
MIN_FRAME_LEN = HEADER_LEN + CRC_LEN
MAX_U32 = 0xFFFFFFFF
MAX_DATA_LEN = 0xFFFF


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded inner frame. `ack_sn` is 0 for requests."""

    sn: int
    ack_sn: int
    cmd: int
    data: bytes = b""

    @property
    def command(self) -> Command | None:
        """The command as an enum member, or None for codes this library lacks."""
        try:
            return Command(self.cmd)
        except ValueError:
            return None


def encode_frame(frame: Frame) -> bytes:
    """Encode a frame with its CRC16 (no padding: the envelope adds it)."""
    if not 0 <= frame.sn <= MAX_U32 or not 0 <= frame.ack_sn <= MAX_U32:
        raise InvalidArgumentError("sn and ack_sn must fit in 32 bits")
    if not 0 <= frame.cmd <= 0xFFFF:
        raise InvalidArgumentError(f"command out of range: {frame.cmd}")
    if len(frame.data) > MAX_DATA_LEN:
        raise InvalidArgumentError(f"frame data of {len(frame.data)} bytes is too long")
    body = _HEADER.pack(frame.sn, frame.ack_sn, frame.cmd, len(frame.data)) + frame.data
    return body + crc16_modbus(body).to_bytes(2, "big")


def decode_frame(data: bytes) -> Frame:
    """Decode a frame, trusting its len field and ignoring anything after the CRC."""
    if len(data) < MIN_FRAME_LEN:
        raise FrameError(f"frame of {len(data)} bytes is shorter than {MIN_FRAME_LEN}")
    sn, ack_sn, cmd, length = _HEADER.unpack_from(data)
    end = HEADER_LEN + length
    if end + CRC_LEN > len(data):
        raise FrameError(f"frame announces {length} data bytes but holds fewer")
    expected = int.from_bytes(data[end : end + CRC_LEN], "big")
    if crc16_modbus(data[:end]) != expected:
        raise CrcError("frame CRC16 mismatch")
    return Frame(sn=sn, ack_sn=ack_sn, cmd=cmd, data=bytes(data[HEADER_LEN:end]))

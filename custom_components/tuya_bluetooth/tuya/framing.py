"""Transport framing: split a frame into GATT-sized sub-packets and reassemble.

See docs/protocol.md §3.

Sub-packet 0 is ``varint(0) ‖ varint(total) ‖ (version << 4 | seq) ‖ data``; every
later sub-packet n is ``varint(n) ‖ data``.
"""

from __future__ import annotations

from .const import DEFAULT_WRITE_SIZE, MAX_FRAME_V3
from .errors import FramingError, InvalidArgumentError

VARINT_MAX_BYTES = 4
VARINT_MAX = (1 << (7 * VARINT_MAX_BYTES)) - 1
MIN_VERSION = 2


def encode_varint(value: int) -> bytes:
    """Little-endian base-128 varint, at most 4 bytes."""
    if not 0 <= value <= VARINT_MAX:
        raise InvalidArgumentError(f"varint out of range: {value}")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data: bytes | bytearray, offset: int = 0) -> tuple[int, int]:
    """Decode a varint at `offset`; return (value, offset after it)."""
    value = 0
    for index in range(VARINT_MAX_BYTES):
        pos = offset + index
        if pos >= len(data):
            raise FramingError("truncated varint")
        byte = data[pos]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, pos + 1
    raise FramingError("varint longer than 4 bytes")


def split_frame(
    frame: bytes,
    *,
    version: int,
    seq: int = 0,
    max_size: int = DEFAULT_WRITE_SIZE,
) -> list[bytes]:
    """Split `frame` into sub-packets of at most `max_size` bytes each."""
    if not frame:
        raise InvalidArgumentError("cannot split an empty frame")
    if not 0 <= version <= 0x0F:
        raise InvalidArgumentError(f"version nibble out of range: {version}")
    header = (
        encode_varint(0)
        + encode_varint(len(frame))
        + bytes([version << 4 | seq & 0x0F])
    )
    if max_size <= len(header):
        raise InvalidArgumentError(f"sub-packet size {max_size} is too small")
    packets = [header + frame[: max_size - len(header)]]
    offset = max_size - len(header)
    number = 1
    while offset < len(frame):
        prefix = encode_varint(number)
        room = max_size - len(prefix)
        if room <= 0:
            raise InvalidArgumentError(f"sub-packet size {max_size} is too small")
        packets.append(prefix + frame[offset : offset + room])
        offset += room
        number += 1
    return packets


class Reassembler:
    """Rebuild frames from sub-packets by the rules of docs/protocol.md §3.2.

    `feed` returns a complete frame, or None while more sub-packets are needed. A
    rejected sub-packet raises FramingError after resetting whatever it spoiled, so
    the caller may log it and carry on feeding.
    """

    def __init__(self, max_total: int = MAX_FRAME_V3) -> None:
        self.max_total = max_total
        self._buffer = bytearray()
        self._total = 0
        self._last_number = -1
        self.version: int | None = None

    @property
    def in_progress(self) -> bool:
        """Whether a frame has started and is not yet complete."""
        return self._last_number >= 0

    def reset(self) -> None:
        """Forget any partial frame."""
        self._buffer.clear()
        self._total = 0
        self._last_number = -1

    def feed(self, packet: bytes | bytearray) -> bytes | None:
        """Add one sub-packet; return the frame once all its bytes have arrived."""
        number, offset = decode_varint(packet)
        if number == 0:
            return self._start(packet, offset)
        if not self.in_progress:
            raise FramingError(f"sub-packet {number} without a frame in progress")
        if number == self._last_number:
            # A link-level duplicate. The device SDK would append it again and
            # spoil the frame; a hub gains nothing from that, so it is skipped.
            return None
        if number < self._last_number or number > self._last_number + 1:
            expected = self._last_number + 1
            self.reset()
            raise FramingError(
                f"sub-packet {number} out of order (expected {expected})"
            )
        self._last_number = number
        return self._append(packet[offset:])

    def _start(self, packet: bytes | bytearray, offset: int) -> bytes | None:
        # Number 0 always restarts, whatever was in progress.
        self.reset()
        total, offset = decode_varint(packet, offset)
        if offset >= len(packet):
            raise FramingError("first sub-packet without a version byte")
        version = packet[offset] >> 4
        if version < MIN_VERSION:
            raise FramingError(f"protocol version {version} is below {MIN_VERSION}")
        if total == 0 or total > self.max_total:
            raise FramingError(f"frame length {total} outside 1..{self.max_total}")
        self.version = version
        self._total = total
        self._last_number = 0
        return self._append(packet[offset + 1 :])

    def _append(self, data: bytes | bytearray) -> bytes | None:
        # Bytes beyond the announced total are dropped.
        self._buffer += data[: self._total - len(self._buffer)]
        if len(self._buffer) < self._total:
            return None
        frame = bytes(self._buffer)
        self.reset()
        return frame

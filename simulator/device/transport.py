"""Device-side transport framing: sub-packet reassembly and splitting.

See docs/protocol.md §3.

The reassembler reproduces the device SDK, faults included: every write is first
cut to the build's maximum (20 bytes by default), and a repeated sub-packet
number is appended again, which corrupts the frame (it then fails CRC).
"""

from __future__ import annotations

from dataclasses import dataclass, field


# The device side keeps its own varint on purpose: framing is one of the codecs the
# emulator must not share with the library (docs/architecture.md §4), so a mistake
# in either cannot agree with itself.
def encode_varint(value: int) -> bytes:
    """Little-endian base-128."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data: bytes, pos: int) -> tuple[int, int] | None:
    """Decode a varint of at most 4 bytes at `pos`; (value, next pos) or None."""
    value = 0
    for i in range(4):
        if pos + i >= len(data):
            return None
        byte = data[pos + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, pos + i + 1
    return None


@dataclass(slots=True)
class Reassembler:
    """Collects sub-packets into frames the way the device SDK does."""

    max_write: int = 20  # the build's TUYA_BLE_DATA_MTU_MAX: writes are cut to it
    max_frame: int = 1024  # 1024 (v3) or 1536 (v4)
    _buffer: bytearray = field(default_factory=bytearray)
    _total: int = 0
    _last: int = -1  # -1: no frame in progress
    discarded: int = 0  # frames given up (gap, lower number, bad header)

    def reset(self) -> None:
        """Forget any frame in progress (new connection)."""
        self._buffer.clear()
        self._total = 0
        self._last = -1

    def feed(self, write: bytes) -> bytes | None:
        """Take one GATT write; return a complete frame when one finishes."""
        data = write[: self.max_write]
        parsed = decode_varint(data, 0)
        if parsed is None:
            return None
        number, pos = parsed
        if number == 0:
            return self._start(data, pos)
        if self._last < 0:
            return None
        if number < self._last or number - self._last > 1:
            self._give_up()
            return None
        # number == last is the SDK's quirk: the payload is appended again.
        self._last = number
        self._buffer += data[pos:]
        return self._complete()

    def _start(self, data: bytes, pos: int) -> bytes | None:
        self.reset()
        parsed = decode_varint(data, pos)
        if parsed is None or parsed[1] >= len(data):
            self._give_up()
            return None
        total, pos = parsed
        version = data[pos] >> 4
        if version < 2 or total > self.max_frame:
            self._give_up()
            return None
        self._total, self._last = total, 0
        self._buffer += data[pos + 1 :]
        return self._complete()

    def _complete(self) -> bytes | None:
        if len(self._buffer) < self._total:
            return None
        frame = bytes(self._buffer[: self._total])  # bytes beyond the total dropped
        self.reset()
        return frame

    def _give_up(self) -> None:
        self.discarded += 1
        self.reset()


def split_frame(frame: bytes, version: int, seq: int, packet_size: int) -> list[bytes]:
    """Cut a frame into notify sub-packets of at most `packet_size` bytes."""
    packets: list[bytes] = []
    head = (
        encode_varint(0)
        + encode_varint(len(frame))
        + bytes([version << 4 | seq & 0x0F])
    )
    room = packet_size - len(head)
    packets.append(head + frame[:room])
    pos, number = room, 1
    while pos < len(frame):
        prefix = encode_varint(number)
        room = packet_size - len(prefix)
        packets.append(prefix + frame[pos : pos + room])
        pos += room
        number += 1
    return packets

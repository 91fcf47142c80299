"""DP values on the wire, device side: encode, decode, validate.

See docs/protocol.md §7.

v3 entries carry a 1-byte length (0x0002, 0x8001…0x8005); v4 entries a 2-byte
big-endian length (0x0027, 0x8006, 0x8007). Values are Python values: bool,
int (value, bitmap), str (string, enum label), bytes (raw).
"""

from __future__ import annotations

from dataclasses import dataclass
import struct

from simulator.products import DpSpec, DpType, DpValue


@dataclass(frozen=True, slots=True)
class DpEntry:
    """One DP as it travels: id, type code and raw value bytes."""

    dp_id: int
    dp_type: int
    raw: bytes


class DpError(ValueError):
    """A DP write the device refuses."""


def parse_entries(data: bytes, wide: bool) -> list[DpEntry] | None:
    """Split a DP list; `wide` selects 2-byte lengths. None if malformed."""
    entries: list[DpEntry] = []
    pos = 0
    header = 4 if wide else 3
    while pos < len(data):
        if pos + header > len(data):
            return None
        dp_id, dp_type = data[pos], data[pos + 1]
        length = struct.unpack_from(">H", data, pos + 2)[0] if wide else data[pos + 2]
        start = pos + header
        if start + length > len(data):
            return None
        entries.append(DpEntry(dp_id, dp_type, data[start : start + length]))
        pos = start + length
    return entries


def build_entries(entries: list[DpEntry], wide: bool) -> bytes:
    """Join DP entries with 1- or 2-byte lengths."""
    out = bytearray()
    for entry in entries:
        out += bytes([entry.dp_id, entry.dp_type])
        out += struct.pack(">H", len(entry.raw)) if wide else bytes([len(entry.raw)])
        out += entry.raw
    return bytes(out)


def encode_value(spec: DpSpec, value: DpValue) -> bytes:
    """Python value -> wire bytes for this DP."""
    match spec.dp_type:
        case DpType.BOOL:
            return b"\x01" if value else b"\x00"
        case DpType.VALUE:
            return struct.pack(">i", int(value))
        case DpType.ENUM:
            return bytes([spec.enum_range.index(str(value))])
        case DpType.BITMAP:
            return int(value).to_bytes(spec.bitmap_size, "big")
        case DpType.STRING:
            return str(value).encode("utf-8")
        case _:
            return bytes(value) if isinstance(value, bytes) else str(value).encode()


def decode_value(spec: DpSpec, entry: DpEntry) -> DpValue:
    """Wire bytes -> Python value, checking type, size and range (DpError)."""
    if entry.dp_type != spec.dp_type:
        raise DpError(f"dp {spec.dp_id}: type {entry.dp_type} != {spec.dp_type}")
    raw = entry.raw
    match spec.dp_type:
        case DpType.BOOL:
            if len(raw) != 1:
                raise DpError("bool length")
            return raw[0] != 0
        case DpType.VALUE:
            if len(raw) != 4:
                raise DpError("value length")
            number: int = struct.unpack(">i", raw)[0]
            if not spec.minimum <= number <= spec.maximum:
                raise DpError(f"dp {spec.dp_id}: {number} out of range")
            return number
        case DpType.ENUM:
            if len(raw) != 1 or raw[0] >= len(spec.enum_range):
                raise DpError("enum index")
            return spec.enum_range[raw[0]]
        case DpType.BITMAP:
            if len(raw) not in (1, 2, 4):
                raise DpError("bitmap length")
            return int.from_bytes(raw, "big")
        case DpType.STRING:
            if len(raw) > spec.maxlen:
                raise DpError("string too long")
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise DpError("string not UTF-8") from err
        case _:
            if len(raw) > spec.maxlen:
                raise DpError("raw too long")
            return raw


def entry_for(spec: DpSpec, value: DpValue) -> DpEntry:
    """Build the wire entry for a DP value."""
    return DpEntry(spec.dp_id, int(spec.dp_type), encode_value(spec, value))

"""Data points (DPs): types, values and their v3 / v4 list encodings.

See docs/protocol.md §7.

A DP entry is ``id(1) ‖ type(1) ‖ length ‖ value``; the length is one byte in
protocol-3 commands and two bytes big-endian in 0x0027 / 0x8006 / 0x8007.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from .errors import DataPointError, InvalidArgumentError

BITMAP_WIDTHS = (1, 2, 4)
_VALUE_MIN = -(1 << 31)
_VALUE_MAX = (1 << 31) - 1


class DPType(IntEnum):
    """DP type codes on the wire."""

    RAW = 0
    BOOL = 1
    VALUE = 2
    STRING = 3
    ENUM = 4
    BITMAP = 5


type DPValue = bytes | bool | int | str


@dataclass(frozen=True, slots=True)
class DataPoint:
    """One DP. `width` applies to bitmaps only: 1, 2 or 4 bytes (None = smallest)."""

    id: int
    type: DPType
    value: DPValue
    width: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.id <= 0xFF:
            raise InvalidArgumentError(f"dp id out of range: {self.id}")
        if not isinstance(self.type, DPType):
            raise InvalidArgumentError(f"dp {self.id}: unknown type")
        _validate(self)


def _validate(dp: DataPoint) -> None:
    value = dp.value
    is_int = isinstance(value, int) and not isinstance(value, bool)
    match dp.type:
        case DPType.RAW:
            ok = isinstance(value, bytes)
        case DPType.STRING:
            ok = isinstance(value, str)
        case DPType.BOOL:
            ok = isinstance(value, bool)
        case DPType.VALUE:
            ok = is_int and _VALUE_MIN <= int(value) <= _VALUE_MAX
        case DPType.ENUM:
            ok = is_int and 0 <= int(value) <= 0xFF
        case DPType.BITMAP:
            width = dp.width or 4
            ok = (
                width in BITMAP_WIDTHS and is_int and 0 <= int(value) < 1 << (8 * width)
            )
    if not ok:
        raise InvalidArgumentError(f"dp {dp.id}: invalid value for type {dp.type.name}")
    if dp.width is not None and dp.type is not DPType.BITMAP:
        raise InvalidArgumentError(f"dp {dp.id}: width applies to bitmaps only")


def encode_value(dp: DataPoint) -> bytes:
    """Encode a DP's value bytes (without id, type, length)."""
    value = dp.value
    match dp.type:
        case DPType.RAW:
            assert isinstance(value, bytes)
            return value
        case DPType.STRING:
            assert isinstance(value, str)
            return value.encode()
        case DPType.BOOL:
            return b"\x01" if value else b"\x00"
        case DPType.VALUE:
            assert isinstance(value, int)
            return value.to_bytes(4, "big", signed=True)
        case DPType.ENUM:
            assert isinstance(value, int)
            return value.to_bytes(1, "big")
        case DPType.BITMAP:
            assert isinstance(value, int)
            width = dp.width or next(w for w in BITMAP_WIDTHS if value < 1 << (8 * w))
            return value.to_bytes(width, "big")


def decode_value(dp_id: int, type_code: int, raw: bytes) -> DataPoint:
    """Build a DataPoint from its wire type code and value bytes."""
    try:
        dp_type = DPType(type_code)
    except ValueError:
        raise DataPointError(f"dp {dp_id}: unknown type code {type_code}") from None
    match dp_type:
        case DPType.RAW:
            return DataPoint(dp_id, dp_type, bytes(raw))
        case DPType.STRING:
            # Devices may send non-UTF-8 bytes; never fail a whole report for it.
            return DataPoint(dp_id, dp_type, bytes(raw).decode(errors="replace"))
        case DPType.BOOL | DPType.ENUM:
            if len(raw) != 1:
                raise DataPointError(
                    f"dp {dp_id}: {dp_type.name} needs 1 byte, got {len(raw)}"
                )
            if dp_type is DPType.BOOL:
                return DataPoint(dp_id, dp_type, raw[0] != 0)
            return DataPoint(dp_id, dp_type, raw[0])
        case DPType.VALUE:
            if len(raw) != 4:
                raise DataPointError(f"dp {dp_id}: VALUE needs 4 bytes, got {len(raw)}")
            return DataPoint(dp_id, dp_type, int.from_bytes(raw, "big", signed=True))
        case DPType.BITMAP:
            if len(raw) not in BITMAP_WIDTHS:
                raise DataPointError(f"dp {dp_id}: BITMAP of {len(raw)} bytes")
            return DataPoint(dp_id, dp_type, int.from_bytes(raw, "big"), width=len(raw))


def encode_dps(dps: Iterable[DataPoint], *, length_size: int) -> bytes:
    """Encode a DP list with 1-byte (v3) or 2-byte (v4) lengths."""
    if length_size not in (1, 2):
        raise InvalidArgumentError(f"length size must be 1 or 2, got {length_size}")
    limit = (1 << (8 * length_size)) - 1
    out = bytearray()
    for dp in dps:
        value = encode_value(dp)
        if len(value) > limit:
            raise InvalidArgumentError(
                f"dp {dp.id}: value of {len(value)} bytes is too long"
            )
        out += bytes([dp.id, dp.type]) + len(value).to_bytes(length_size, "big") + value
    return bytes(out)


def decode_dps(data: bytes, *, length_size: int) -> list[DataPoint]:
    """Decode a DP list with 1-byte (v3) or 2-byte (v4) lengths."""
    if length_size not in (1, 2):
        raise InvalidArgumentError(f"length size must be 1 or 2, got {length_size}")
    dps: list[DataPoint] = []
    offset = 0
    header = 2 + length_size
    while offset < len(data):
        if offset + header > len(data):
            raise DataPointError("truncated dp header")
        dp_id, type_code = data[offset], data[offset + 1]
        length = int.from_bytes(data[offset + 2 : offset + header], "big")
        start = offset + header
        if start + length > len(data):
            raise DataPointError(f"dp {dp_id}: value runs past the end")
        dps.append(decode_value(dp_id, type_code, data[start : start + length]))
        offset = start + length
    return dps


def encode_dps_v3(dps: Iterable[DataPoint]) -> bytes:
    """Encode a protocol-3 DP list (1-byte lengths)."""
    return encode_dps(dps, length_size=1)


def decode_dps_v3(data: bytes) -> list[DataPoint]:
    """Decode a protocol-3 DP list (1-byte lengths)."""
    return decode_dps(data, length_size=1)


def encode_dps_v4(dps: Iterable[DataPoint]) -> bytes:
    """Encode a protocol-4 DP list (2-byte lengths)."""
    return encode_dps(dps, length_size=2)


def decode_dps_v4(data: bytes) -> list[DataPoint]:
    """Decode a protocol-4 DP list (2-byte lengths)."""
    return decode_dps(data, length_size=2)

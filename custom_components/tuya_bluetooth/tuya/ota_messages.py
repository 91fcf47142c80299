"""Payload codecs of the firmware-update commands 0x000C-0x0010.

See docs/protocol.md §6.10.

The first byte of every request and answer is the target: 0 main firmware,
1 external MCU, 10-19 attachments. The device answers these with ack_sn 0, so a
hub matches the answers by command code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .errors import InvalidArgumentError, PayloadError
from .primitives import crc16_modbus

PID_LEN = 8
MD5_LEN = 16


class OtaTarget(IntEnum):
    """Which image an update addresses (attachments use 10-19)."""

    FIRMWARE = 0
    MCU = 1


class OtaFileState(IntEnum):
    """0x000D answer state."""

    OK = 0
    PID_MISMATCH = 1
    VERSION_NOT_NEWER = 2
    TOO_LARGE = 3


class OtaDataState(IntEnum):
    """0x000F answer state."""

    OK = 0
    PACKET_NUMBER = 1
    LENGTH = 2
    CRC = 3
    OTHER = 4


class OtaEndState(IntEnum):
    """0x0010 answer state."""

    OK = 0
    TOTAL_SIZE = 1
    CRC32 = 2
    OTHER = 3


def _target(target: int) -> int:
    if not (0 <= target <= 1 or 10 <= target <= 19):
        raise InvalidArgumentError(f"OTA target {target} is not 0, 1 or 10-19")
    return target


def _u32(value: int, what: str) -> bytes:
    if not 0 <= value <= 0xFFFFFFFF:
        raise InvalidArgumentError(f"{what} must fit in 32 bits")
    return value.to_bytes(4, "big")


def _need(data: bytes, length: int, what: str) -> bytes:
    data = bytes(data)
    if len(data) < length:
        raise PayloadError(f"OTA {what} answer of {len(data)} bytes, expected {length}")
    return data


def version_to_int(version: str) -> int:
    """ "1.2.3" -> 0x00010203, the 4-byte version field of the OTA messages."""
    parts = version.split(".")
    if not 1 <= len(parts) <= 4 or not all(
        p.isascii() and p.isdigit() and int(p) <= 0xFF for p in parts
    ):
        raise InvalidArgumentError(
            f"version {version!r} is not up to four dotted bytes"
        )
    value = 0
    for part in parts:
        value = value << 8 | int(part)
    return value << 8 * (3 - len(parts)) if len(parts) < 4 else value


def version_from_int(value: int) -> str:
    """0x00010203 -> "1.2.3" (the top byte is shown only when non-zero)."""
    parts = [(value >> shift) & 0xFF for shift in (24, 16, 8, 0)]
    return ".".join(str(p) for p in (parts if parts[0] else parts[1:]))


# --- 0x000C start --------------------------------------------------------------------


def build_ota_start(target: int = OtaTarget.FIRMWARE) -> bytes:
    """Exactly one byte: the target."""
    return bytes([_target(target)])


@dataclass(frozen=True, slots=True)
class OtaStartResponse:
    """Whether the device accepts, its OTA protocol and the packet size it takes."""

    accepted: bool
    ota_version: int
    target: int
    current_version: int
    max_packet_size: int


def parse_ota_start_response(data: bytes) -> OtaStartResponse:
    """[0] 0 accept / 1 refuse, [1] OTA version, [2] type, [3-6] version, [7-8] size."""
    data = _need(data, 9, "start")
    return OtaStartResponse(
        accepted=data[0] == 0,
        ota_version=data[1],
        target=data[2],
        current_version=int.from_bytes(data[3:7], "big"),
        max_packet_size=int.from_bytes(data[7:9], "big"),
    )


# --- 0x000D file info ----------------------------------------------------------------


def build_ota_file_info(
    *,
    target: int,
    product_id: str | bytes,
    version: int,
    md5: bytes,
    length: int,
    crc32: int,
) -> bytes:
    """type ‖ pid(8) ‖ version(4) ‖ MD5(16) ‖ length(4) ‖ CRC32(4)."""
    pid = product_id.encode() if isinstance(product_id, str) else bytes(product_id)
    if len(pid) > PID_LEN:
        raise InvalidArgumentError(f"product id longer than {PID_LEN} bytes")
    if len(md5) != MD5_LEN:
        raise InvalidArgumentError("md5 must be 16 bytes")
    return (
        bytes([_target(target)])
        + pid.ljust(PID_LEN, b"\x00")
        + _u32(version, "version")
        + md5
        + _u32(length, "length")
        + _u32(crc32, "crc32")
    )


@dataclass(frozen=True, slots=True)
class OtaFileInfoResponse:
    """What the device thinks of the file and what it already stores."""

    target: int
    state: int
    stored_length: int
    stored_crc32: int
    stored_md5: bytes


def parse_ota_file_info_response(data: bytes) -> OtaFileInfoResponse:
    """[0] type, [1] state, [2-5] stored bytes, [6-9] their CRC32, [10-25] MD5."""
    data = _need(data, 10, "file info")
    return OtaFileInfoResponse(
        target=data[0],
        state=data[1],
        stored_length=int.from_bytes(data[2:6], "big"),
        stored_crc32=int.from_bytes(data[6:10], "big"),
        stored_md5=data[10:26],
    )


# --- 0x000E offset -------------------------------------------------------------------


def build_ota_offset(target: int, offset: int) -> bytes:
    """type ‖ offset(4): where the hub proposes to resume."""
    return bytes([_target(target)]) + _u32(offset, "offset")


def parse_ota_offset_response(data: bytes) -> tuple[int, int]:
    """Return (type, offset the device resumes from)."""
    data = _need(data, 5, "offset")
    return data[0], int.from_bytes(data[1:5], "big")


# --- 0x000F data ---------------------------------------------------------------------


def build_ota_data(target: int, packet_number: int, chunk: bytes) -> bytes:
    """type ‖ packet number(2) ‖ length(2) ‖ CRC16-MODBUS(2) ‖ data."""
    if not 0 <= packet_number <= 0xFFFF:
        raise InvalidArgumentError("OTA packet number must fit in 16 bits")
    if not 0 < len(chunk) <= 0xFFFF:
        raise InvalidArgumentError("OTA data packet must hold 1-65535 bytes")
    return (
        bytes([_target(target)])
        + packet_number.to_bytes(2, "big")
        + len(chunk).to_bytes(2, "big")
        + crc16_modbus(chunk).to_bytes(2, "big")
        + chunk
    )


def parse_ota_state_response(data: bytes) -> tuple[int, int]:
    """0x000F / 0x0010 answers: return (type, state)."""
    data = _need(data, 2, "state")
    return data[0], data[1]


# --- 0x0010 end ----------------------------------------------------------------------


def build_ota_end(target: int = OtaTarget.FIRMWARE) -> bytes:
    """One byte: the target."""
    return bytes([_target(target)])

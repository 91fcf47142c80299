"""The device's OTA flash: what a unit stores while receiving a firmware image.

It checks what the device application checks (docs/protocol.md §6.10, §12):
the product id and that the version is newer at file info, packet number,
length and CRC16 for every data packet, and total size, CRC32 and MD5 at the
end. Whether an interrupted transfer resumes from the stored bytes is
configurable, because real devices differ (the SDK demo always reports 0 bytes
stored).

States are the numbers the device sends back:
    file info: 0 ok, 1 pid mismatch, 2 version not newer, 3 too large
    data:      0 ok, 1 packet number, 2 length, 3 CRC16, 4 other
    end:       0 ok, 1 total size, 2 CRC32, 3 other (MD5 mismatch, no transfer)
"""

from __future__ import annotations

from dataclasses import dataclass

from custom_components.tuya_bluetooth.tuya.primitives import (
    crc16_modbus,
    crc32,
    md5,
)


def version_to_int(version: tuple[int, int, int]) -> int:
    """(1, 2, 3) -> 0x00010203: the 4-byte version of the OTA commands."""
    major, minor, patch = version
    return major << 16 | minor << 8 | patch


def int_to_version(value: int) -> tuple[int, int, int]:
    """0x00010203 -> (1, 2, 3)."""
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


@dataclass(frozen=True, slots=True)
class FirmwareInfo:
    """What the hub announces in file info (0x000D)."""

    product_id: bytes  # 8 bytes
    version: int
    md5: bytes
    length: int
    crc32: int


class OtaFlash:
    """Firmware image storage with the device's checks."""

    def __init__(
        self,
        product_id: str,
        current_version: tuple[int, int, int],
        *,
        resume: bool = True,
        max_packet: int = 192,
        capacity: int = 1 << 20,
    ) -> None:
        """Storage for a unit running `current_version`."""
        self.product_id = product_id.encode("ascii")[:8]
        self.current_version = current_version
        self.resume = resume
        self.max_packet = max_packet
        self.capacity = capacity
        self.info: FirmwareInfo | None = None
        self.stored = bytearray()
        self.next_packet = 0
        self.packets_written = 0
        self.installed: tuple[int, int, int] | None = None

    def begin(self, info: FirmwareInfo) -> int:
        """Check a file announcement; returns the file-info state."""
        if info.product_id != self.product_id:
            return 1
        if info.version <= version_to_int(self.current_version):
            return 2
        if info.length > self.capacity:
            return 3
        same_file = self.info is not None and (
            self.info.md5 == info.md5 and self.info.length == info.length
        )
        if not (self.resume and same_file):
            self.stored.clear()
        self.info = info
        self.next_packet = 0
        return 0

    def stored_summary(self) -> tuple[int, int, bytes]:
        """(bytes stored, CRC32 of them, MD5 of them) as file info reports it.

        With nothing stored the device reports 16 zero bytes, not the MD5 of no
        data (docs/protocol.md §11.7).
        """
        data = bytes(self.stored)
        return len(data), crc32(data), md5(data) if data else bytes(16)

    def set_offset(self, requested: int) -> int:
        """The offset the device resumes from (0 when it doesn't resume)."""
        offset = min(requested, len(self.stored)) if self.resume else 0
        del self.stored[offset:]
        self.next_packet = 0
        return offset

    def write(self, number: int, length: int, crc: int, data: bytes) -> int:
        """Store one data packet; returns the data state."""
        if self.info is None:
            return 4
        if number != self.next_packet:
            return 1
        if length != len(data) or not 0 < length <= self.max_packet:
            return 2
        if len(self.stored) + length > self.info.length:
            return 2
        if crc16_modbus(data) != crc:
            return 3
        self.stored += data
        self.next_packet += 1
        self.packets_written += 1
        return 0

    def finish(self) -> int:
        """Check the whole image; returns the end state. On 0 the image is installed."""
        info = self.info
        if info is None:
            return 3
        data = bytes(self.stored)
        if len(data) != info.length:
            return 1
        if crc32(data) != info.crc32:
            return 2
        if md5(data) != info.md5:
            return 3
        version = int_to_version(info.version)
        self.installed = version
        self.current_version = version
        self.info = None
        self.stored.clear()
        return 0

    def clear(self) -> None:
        """Forget any partial image (factory reset)."""
        self.info = None
        self.stored.clear()
        self.next_packet = 0

"""Command 0x0000, device info: the request and the answer's parser.

See docs/protocol.md §6.4 and §11.5.

The answer grew over protocol versions; only its first 14 bytes are always present.
Later fields are parsed when the answer is long enough and left as None otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import hmac
from typing import Any

from .errors import InvalidArgumentError, PayloadError

MIN_LEN = 14
_REGISTER_KEY_PROTOCOL = (3, 2)

FLAG_THREE_PART_VERSIONS = 0x05
FLAG_ADVANCED_ENCRYPTION = 0x02
FLAG_AUTH_ON_CONNECT = 0x08
FLAG_BEACON_KEY = 0x10
FLAG_VOS = 0x40

CAP_LINK_LAYER_ENCRYPTION = 0x08
CAP_LINK_LAYER_ENCRYPTION_FORCED = 0x80
CAP_BR_EDR = 0x40
CAP_EXTENSION_MODULE = 0x10


def build_device_info_request(protocol_major: int, notify_size: int = 20) -> bytes:
    """v3: empty. v4: exactly 2 bytes, the largest notify sub-packet we accept.

    A protocol-4 device disconnects on any other length (docs/protocol.md §10).
    """
    if protocol_major < 4:
        return b""
    if not 20 <= notify_size <= 0xFFFF:
        raise InvalidArgumentError(f"notify size out of range: {notify_size}")
    return notify_size.to_bytes(2, "big")


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attached module (channel and its 3-part firmware version)."""

    channel: int
    version: str


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """The parsed device-info answer. Key material is kept out of repr."""

    firmware_version: str
    hardware_version: str
    protocol_major: int
    protocol_minor: int
    flags: int
    bound: bool
    srand: bytes = field(repr=False)
    register_key: bytes | None = field(default=None, repr=False)
    device_auth_key: bytes | None = field(default=None, repr=False)
    communication_ability: int | None = None
    link_encrypted: bool | None = None
    virtual_id: str | None = None
    mcu_firmware_version: str | None = None
    mcu_hardware_version: str | None = None
    wifi_register_mode: int | None = None
    capabilities: int | None = None
    address_type: int | None = None
    mac: str | None = None
    firmware_key: bytes | None = field(default=None, repr=False)
    zigbee_mac: bytes | None = None
    attachments: tuple[Attachment, ...] = ()
    packet_max_size: int | None = None

    @property
    def protocol_version(self) -> str:
        """The protocol version as "major.minor"."""
        return f"{self.protocol_major}.{self.protocol_minor}"

    @property
    def advanced_encryption(self) -> bool:
        """Whether the device uses the secure-chip (KEY_3) scheme."""
        return bool(self.flags & FLAG_ADVANCED_ENCRYPTION)

    @property
    def auth_on_connect(self) -> bool:
        """Whether the device asks for authentication when a hub connects."""
        return bool(self.flags & FLAG_AUTH_ON_CONNECT)

    @property
    def has_beacon_key(self) -> bool:
        """Whether the pair request must carry a beacon key (61 bytes)."""
        return bool(self.flags & FLAG_BEACON_KEY)

    @property
    def uses_register_key(self) -> bool:
        """Protocol 3.2+ proves auth_key with a register key, not the raw key."""
        return (self.protocol_major, self.protocol_minor) >= _REGISTER_KEY_PROTOCOL


def _two_part(data: bytes) -> str:
    return f"{data[0]}.{data[1]}"


def _three_part(data: bytes) -> str:
    return f"{data[0]}.{data[1]}.{data[2]}"


class _Reader:
    """Sequential reads that return None once the answer runs out."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def take(self, count: int) -> bytes | None:
        if count < 0 or self.offset + count > len(self.data):
            self.offset = len(self.data)
            return None
        chunk = self.data[self.offset : self.offset + count]
        self.offset += count
        return chunk

    def byte(self) -> int | None:
        chunk = self.take(1)
        return None if chunk is None else chunk[0]


def parse_device_info(data: bytes) -> DeviceInfo:
    """Parse a device-info answer; raise PayloadError when shorter than 14 bytes."""
    data = bytes(data)
    if len(data) < MIN_LEN:
        raise PayloadError(
            f"device info of {len(data)} bytes is shorter than {MIN_LEN}"
        )
    protocol_major, protocol_minor = data[2], data[3]
    # Bytes 0-1 / 12-13 are "major.minor" on some builds and the low bits of the
    # 3-part version on others; bytes 46-51 hold the full versions when present
    # (docs/protocol.md §11.5).
    if len(data) >= 52:
        firmware, hardware = _three_part(data[46:49]), _three_part(data[49:52])
    else:
        firmware, hardware = _two_part(data[0:2]), _two_part(data[12:14])
    register_key = device_auth_key = None
    if (protocol_major, protocol_minor) >= _REGISTER_KEY_PROTOCOL:
        if len(data) >= 30:
            register_key = data[14:30]
    elif len(data) >= 46:
        device_auth_key = data[14:46]
    return DeviceInfo(
        firmware_version=firmware,
        hardware_version=hardware,
        protocol_major=protocol_major,
        protocol_minor=protocol_minor,
        flags=data[4],
        bound=data[5] == 1,
        srand=data[6:12],
        register_key=register_key,
        device_auth_key=device_auth_key,
        **_parse_tail(_Reader(data, 52)),
    )


def _parse_tail(reader: _Reader) -> dict[str, Any]:
    """The optional fields after byte 51, as far as the answer goes.

    Keyed by `DeviceInfo` field name, so the dataclass stays the one field list;
    a field the answer does not reach keeps its default.
    """
    tail: dict[str, Any] = {}
    if (ability := reader.take(2)) is not None:
        tail["communication_ability"] = int.from_bytes(ability, "big")
    if (link := reader.byte()) is not None:
        tail["link_encrypted"] = bool(link & 0x01)
    if (virtual_id := reader.take(22)) is not None:
        text = virtual_id.rstrip(b"\x00").decode("ascii", errors="replace")
        tail["virtual_id"] = text or None
    if (mcu := reader.take(6)) is not None and any(mcu):
        tail["mcu_firmware_version"] = _three_part(mcu[0:3])
        tail["mcu_hardware_version"] = _three_part(mcu[3:6])
    tail["wifi_register_mode"] = reader.byte()
    if (caps := reader.take(4)) is not None:
        tail["capabilities"] = int.from_bytes(caps, "big")
    tail["address_type"] = reader.byte()
    if (mac := reader.take(6)) is not None:
        # Sent least significant byte first.
        tail["mac"] = ":".join(f"{b:02X}" for b in reversed(mac))
    if (key_len := reader.byte()) is not None and (key := reader.take(key_len)):
        tail["firmware_key"] = key
    if (zb_len := reader.byte()) is not None and (zb_mac := reader.take(zb_len)):
        tail["zigbee_mac"] = zb_mac
    if (att_len := reader.byte()) is not None and (att := reader.take(att_len)):
        # Entries are channel(1) + version(3); a partial last entry is ignored.
        tail["attachments"] = tuple(
            Attachment(att[i], _three_part(att[i + 1 : i + 4]))
            for i in range(0, len(att) - 3, 4)
        )
    if (size_len := reader.byte()) is not None and (size := reader.take(size_len)):
        tail["packet_max_size"] = int.from_bytes(size, "big")
    return tail


def proves_auth_key(info: DeviceInfo, auth_key: bytes, register_key: bytes) -> bool:
    """Whether the answer proves the device holds `auth_key` (docs/protocol.md §4.4).

    `register_key` is what we expect for the service_rand we sent. Protocol <= 3.1
    echoes the raw auth_key instead.
    """
    if info.uses_register_key:
        return info.register_key is not None and hmac.compare_digest(
            info.register_key, register_key
        )
    return info.device_auth_key is not None and hmac.compare_digest(
        info.device_auth_key, auth_key
    )

"""Advertisement generator: the exact bytes a Tuya device broadcasts.

See docs/protocol.md §1.

Written from the device's point of view and independently of the library's parser,
so a test that feeds these bytes to the parser checks one against the other.
A device sends the advertisement and the scan response as two separate packets;
`AdvertisingPayload` keeps them apart, as raw AD structures and as the decoded
fields a scanner reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import struct
from typing import Protocol

from custom_components.tuya_bluetooth.tuya.primitives import (
    aes_cbc_encrypt,
    aes_ecb_encrypt,
    md5,
)

_AD_FLAGS = 0x01
_AD_UUID16_COMPLETE = 0x03
_AD_COMPLETE_NAME = 0x09
_AD_SERVICE_DATA_16 = 0x16
_AD_MANUFACTURER = 0xFF
_BLUETOOTH_BASE = "-0000-1000-8000-00805f9b34fb"


def uuid16_to_str(uuid16: int) -> str:
    """Expand a 16-bit UUID to the 128-bit string form scanners report."""
    return f"0000{uuid16:04x}{_BLUETOOTH_BASE}"


@dataclass(frozen=True, slots=True)
class AdvertisedIdentity:
    """What a device puts on the air about itself."""

    uuid: str
    product_id: str
    protocol_version: int = 3
    bound: bool = False
    login_key: bytes = b""
    communication_ability: int = 0x0000
    security_type: int = 0
    shared: bool = False
    connection_request: bool = False
    product_key: bool = False
    name: str = "TY"


@dataclass(frozen=True, slots=True)
class Packet:
    """One broadcast packet: raw AD structures and their decoded fields."""

    raw: bytes
    local_name: str | None = None
    service_uuids: list[str] = field(default_factory=list)
    service_data: dict[str, bytes] = field(default_factory=dict)
    manufacturer_data: dict[int, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AdvertisingPayload:
    """The advertisement and its scan response, as separate packets."""

    advertisement: Packet
    scan_response: Packet


def _ad(ad_type: int, data: bytes) -> bytes:
    return bytes([len(data) + 1, ad_type]) + data


def decode_ad_structures(raw: bytes) -> Packet:
    """Decode raw AD structures into the fields a scanner reports."""
    name: str | None = None
    uuids: list[str] = []
    service_data: dict[str, bytes] = {}
    manufacturer: dict[int, bytes] = {}
    pos = 0
    while pos < len(raw):
        length = raw[pos]
        if length == 0 or pos + 1 + length > len(raw):
            break
        ad_type, data = raw[pos + 1], raw[pos + 2 : pos + 1 + length]
        pos += 1 + length
        if ad_type == _AD_COMPLETE_NAME:
            name = data.decode("utf-8", "replace")
        elif ad_type == _AD_UUID16_COMPLETE:
            uuids.extend(
                uuid16_to_str(int.from_bytes(data[i : i + 2], "little"))
                for i in range(0, len(data) - 1, 2)
            )
        elif ad_type == _AD_SERVICE_DATA_16 and len(data) >= 2:
            service_data[uuid16_to_str(int.from_bytes(data[:2], "little"))] = data[2:]
        elif ad_type == _AD_MANUFACTURER and len(data) >= 2:
            manufacturer[int.from_bytes(data[:2], "little")] = data[2:]
    return Packet(raw, name, uuids, service_data, manufacturer)


def obfuscated_product_id(identity: AdvertisedIdentity) -> bytes:
    """The bytes a bound device broadcasts in place of its product id."""
    uuid = identity.uuid.encode("ascii")
    key = identity.login_key[:6] + uuid[:10]
    plain = uuid.hex().encode("ascii") + b"\x00"
    plain += bytes([15]) * (48 - len(plain))
    return aes_ecb_encrypt(key, plain)[: len(identity.product_id)]


def _id_bytes(identity: AdvertisedIdentity) -> bytes:
    if identity.bound:
        return obfuscated_product_id(identity)
    return identity.product_id.encode("ascii")


def _encrypt_uuid(key_material: bytes, uuid: str) -> bytes:
    key = md5(key_material)
    return aes_cbc_encrypt(key, key, uuid.encode("ascii"))


def _payload(
    advertisement: bytes, name: str, company_id: int, manufacturer: bytes
) -> AdvertisingPayload:
    """Pair an advertisement with a scan response of name + manufacturer data."""
    scan_response = _ad(_AD_COMPLETE_NAME, name.encode()) + _ad(
        _AD_MANUFACTURER, struct.pack("<H", company_id) + manufacturer
    )
    return AdvertisingPayload(
        decode_ad_structures(advertisement), decode_ad_structures(scan_response)
    )


def build_advertising(identity: AdvertisedIdentity) -> AdvertisingPayload:
    """Build the advertisement and scan response for protocol 2, 3 or 4."""
    if identity.protocol_version >= 4:
        return _build_v4(identity)
    if identity.protocol_version == 3:
        return _build_v3(identity)
    return _build_v2(identity)


def _build_v3(identity: AdvertisedIdentity) -> AdvertisingPayload:
    id_bytes = _id_bytes(identity)
    service_data = bytes([1 if identity.product_key else 0]) + id_bytes
    advertisement = (
        _ad(_AD_FLAGS, b"\x06")
        + _ad(_AD_UUID16_COMPLETE, struct.pack("<H", 0xA201))
        + _ad(_AD_SERVICE_DATA_16, struct.pack("<H", 0xA201) + service_data)
    )
    flags = (
        (0x80 if identity.bound else 0)
        | (0x02 if identity.shared else 0)
        | (0x01 if identity.connection_request else 0)
    )
    manufacturer = (
        bytes([flags, 3, identity.security_type])
        + struct.pack(">H", identity.communication_ability)
        + b"\x00"
        + _encrypt_uuid(id_bytes, identity.uuid)
    )
    return _payload(advertisement, identity.name, 0x07D0, manufacturer)


def _build_v4(identity: AdvertisedIdentity) -> AdvertisingPayload:
    id_bytes = _id_bytes(identity)
    frame_control = (
        0x40
        | (0x08 if identity.bound else 0)
        | (0x04 if identity.shared else 0)
        | (0x02 if identity.connection_request else 0)
        | 0x01
    )
    service_data = (
        bytes([frame_control, 0x00, 1 if identity.product_key else 0, len(id_bytes)])
        + id_bytes
    )
    advertisement = (
        _ad(_AD_FLAGS, b"\x06")
        + _ad(_AD_UUID16_COMPLETE, struct.pack("<H", 0xFD50))
        + _ad(_AD_SERVICE_DATA_16, struct.pack("<H", 0xFD50) + service_data)
    )
    manufacturer = (
        bytes([identity.security_type])
        + struct.pack(">H", identity.communication_ability)
        + b"\x00"
        + _encrypt_uuid(service_data, identity.uuid)
    )
    return _payload(advertisement, identity.name, 0x07D0, manufacturer)


def _build_v2(identity: AdvertisedIdentity) -> AdvertisingPayload:
    product_id = identity.product_id.encode("ascii")[:8].ljust(8, b"\x00")
    manufacturer = (
        b"\x00\x00\x00\x00"
        + bytes([0x80 if identity.bound else 0x00, 0x00])
        + product_id
        + _encrypt_uuid(product_id, identity.uuid)
    )
    advertisement = _ad(_AD_FLAGS, b"\x06") + _ad(
        _AD_UUID16_COMPLETE, struct.pack("<H", 0xA201)
    )
    return _payload(advertisement, identity.name, 0x0259, manufacturer)


class AdvertisingDevice(Protocol):
    """What a simulated device exposes for its advertisements."""

    @property
    def uuid(self) -> str: ...
    @property
    def product_id(self) -> str: ...
    @property
    def protocol_version(self) -> int: ...
    @property
    def bound(self) -> bool: ...
    @property
    def login_key(self) -> bytes | None: ...
    @property
    def communication_ability(self) -> int: ...
    @property
    def security_type(self) -> int: ...
    @property
    def shared(self) -> bool: ...


def advertising_of(
    device: AdvertisingDevice, *, connection_request: bool = False
) -> AdvertisingPayload:
    """What a simulated device broadcasts in its current state.

    `connection_request`: the flag a device sets when it wants the hub to connect
    (it has something to report).
    """
    return build_advertising(
        AdvertisedIdentity(
            uuid=device.uuid,
            product_id=device.product_id,
            protocol_version=device.protocol_version,
            bound=device.bound,
            login_key=device.login_key or b"",
            communication_ability=device.communication_ability,
            security_type=device.security_type,
            shared=device.shared,
            connection_request=connection_request,
        )
    )

"""Parse Tuya BLE advertisements into the Smart Life SDK's advertisement model.

Tuya devices split what a hub needs over two packets: the advertisement carries the
product id (service data 0xA201 for protocol 3, 0xFD50 for protocol 4) and the scan
response carries the encrypted device uuid (manufacturer data, company 0x07D0).
Protocol 2 devices put both in manufacturer data of company 0x0259.

Decrypting the uuid costs an MD5 and an AES block; a device repeats the same bytes
every advertising interval, so results are kept in a bounded LRU cache keyed by the
raw bytes: a repeated advertisement costs one dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .primitives import aes_cbc_decrypt, md5

SERVICE_UUID_A201 = "0000a201-0000-1000-8000-00805f9b34fb"
SERVICE_UUID_FD50 = "0000fd50-0000-1000-8000-00805f9b34fb"
COMPANY_ID_TUYA = 0x07D0
COMPANY_ID_LEGACY = 0x0259

# Communication-ability bits (big-endian u16 in the scan response).
ABILITY_REGISTER_FROM_BLE = 0x0001
ABILITY_MESH = 0x0002
ABILITY_WIFI_24G = 0x0004
ABILITY_WIFI_5G = 0x0008
ABILITY_ZIGBEE = 0x0010
ABILITY_NB_IOT = 0x0020
ABILITY_CELLULAR = 0x0040

# Secure-connection types whose short "V2" scan response holds the MAC, not the uuid.
_V2_SECURITY_TYPES = frozenset({6, 7, 8})

_V3_MANUFACTURER_MIN = 22
_V4_MANUFACTURER_MIN = 20
_V4_V2_MANUFACTURER_MIN = 11
_LEGACY_MANUFACTURER_MIN = 30
_ENCRYPTED_UUID_LEN = 16

CACHE_SIZE = 1024


class BleType(StrEnum):
    """The SDK's device families, named as TYBLEAdvModel's bleType values."""

    BLE = "BLE"
    BLE_PLUS = "BLEPlus"
    BLE_SECURITY = "BLESecurity"
    BLE_WIFI_SECURITY = "BLEWifiSecurity"
    BLE_WIFI_PLUG_PLAY = "BLEWifiPlugPlay"
    BLE_ZIGBEE = "BLEZigbee"
    BLE_LTE_SECURITY = "BLELTESecurity"


@dataclass(frozen=True, slots=True)
class AdvertisementInfo:
    """What a Tuya advertisement tells, in the SDK's advertisement-model terms.

    ``uuid`` is None until the scan response has been seen (passive scanners never
    see it) or when the scan response format does not carry it (V2 secure types).
    ``product_id`` is None while the device is bound: the id bytes are then
    obfuscated and only usable as key material.
    """

    address: str
    protocol_version: int
    uuid: str | None
    product_id: str | None
    id_bytes: bytes
    is_product_key: bool
    is_bound: bool
    is_shared: bool
    connection_request: bool
    support_5ghz: bool
    ble_type: BleType
    communication_ability: int | None
    security_type: int | None
    scan_response_seen: bool
    is_dp_beacon: bool = False

    @property
    def is_active(self) -> bool:
        """The SDK's name for "bound to an account"."""
        return self.is_bound

    @property
    def is_wifi_combo(self) -> bool:
        """Wi-Fi + Bluetooth combo devices can be provisioned with Wi-Fi credentials."""
        return self.ble_type is BleType.BLE_WIFI_SECURITY


def parse_advertisement(
    address: str,
    service_data: Mapping[str, bytes],
    manufacturer_data: Mapping[int, bytes],
) -> AdvertisementInfo | None:
    """Return what a Tuya advertisement says, or None when it is not a usable one.

    Never raises for malformed input: foreign or truncated data is simply not ours.
    """
    return _parse_cached(
        address,
        service_data.get(SERVICE_UUID_A201),
        service_data.get(SERVICE_UUID_FD50),
        manufacturer_data.get(COMPANY_ID_TUYA),
        manufacturer_data.get(COMPANY_ID_LEGACY),
    )


def clear_cache() -> None:
    """Forget every cached parse (benchmarks measure first sight with it)."""
    _parse_cached.cache_clear()


@lru_cache(maxsize=CACHE_SIZE)
def _parse_cached(
    address: str,
    sd_a201: bytes | None,
    sd_fd50: bytes | None,
    md_tuya: bytes | None,
    md_legacy: bytes | None,
) -> AdvertisementInfo | None:
    if sd_fd50 is not None:
        info = _parse_v4(address, bytes(sd_fd50), _as_bytes(md_tuya))
        if info is not None:
            return info
    if sd_a201 is not None:
        return _parse_v3(address, bytes(sd_a201), _as_bytes(md_tuya))
    if md_legacy is not None:
        return _parse_v2(address, bytes(md_legacy))
    return None


def _as_bytes(data: bytes | None) -> bytes | None:
    return None if data is None else bytes(data)


def _decrypt_uuid(key_material: bytes, encrypted: bytes) -> str | None:
    """Decrypt the 16-byte uuid; None when the result is not a printable id."""
    key = md5(key_material)
    plain = aes_cbc_decrypt(key, key, encrypted)
    if all(0x21 <= byte <= 0x7E for byte in plain):
        return plain.decode("ascii")
    return None


def _ascii_id(id_bytes: bytes) -> str | None:
    if id_bytes and all(0x21 <= byte <= 0x7E for byte in id_bytes):
        return id_bytes.decode("ascii")
    return None


def _ble_type(ability: int | None) -> BleType:
    if ability is None:
        return BleType.BLE_SECURITY
    if ability & (ABILITY_WIFI_24G | ABILITY_WIFI_5G):
        return BleType.BLE_WIFI_SECURITY
    if ability & ABILITY_ZIGBEE:
        return BleType.BLE_ZIGBEE
    if ability & (ABILITY_CELLULAR | ABILITY_NB_IOT):
        return BleType.BLE_LTE_SECURITY
    return BleType.BLE_SECURITY


def _parse_v3(address: str, sd: bytes, md: bytes | None) -> AdvertisementInfo | None:
    if len(sd) < 2:
        return None
    id_bytes = sd[1:]
    is_product_key = sd[0] == 1
    uuid: str | None = None
    flags = 0
    ability: int | None = None
    security_type: int | None = None
    if md is not None:
        if len(md) < _V3_MANUFACTURER_MIN or md[1] != 3:
            return None
        flags = md[0]
        security_type = md[2]
        ability = int.from_bytes(md[3:5], "big")
        uuid = _decrypt_uuid(id_bytes, md[6 : 6 + _ENCRYPTED_UUID_LEN])
    is_bound = bool(flags & 0x80)
    return AdvertisementInfo(
        address=address,
        protocol_version=3,
        uuid=uuid,
        product_id=None if is_bound else _ascii_id(id_bytes),
        id_bytes=id_bytes,
        is_product_key=is_product_key,
        is_bound=is_bound,
        is_shared=bool(flags & 0x02),
        connection_request=bool(flags & 0x01),
        support_5ghz=bool(ability is not None and ability & ABILITY_WIFI_5G),
        ble_type=_ble_type(ability),
        communication_ability=ability,
        security_type=security_type,
        scan_response_seen=md is not None,
    )


def _parse_v4(address: str, sd: bytes, md: bytes | None) -> AdvertisementInfo | None:
    if len(sd) < 4:
        return None
    frame_control = sd[0]
    version = frame_control >> 4
    if version not in (3, 4):
        return None  # another vendor's data under 0xFD50
    is_bound = bool(frame_control & 0x08)
    if sd[1] & 0x80:
        # A DP beacon ("data frame"): an encrypted report, not an id frame.
        return AdvertisementInfo(
            address=address,
            protocol_version=version,
            uuid=None,
            product_id=None,
            id_bytes=b"",
            is_product_key=False,
            is_bound=is_bound,
            is_shared=bool(frame_control & 0x04),
            connection_request=bool(frame_control & 0x02),
            support_5ghz=False,
            ble_type=BleType.BLE_SECURITY,
            communication_ability=None,
            security_type=None,
            scan_response_seen=md is not None,
            is_dp_beacon=True,
        )
    id_length = sd[3]
    if id_length == 0 or len(sd) != 4 + id_length:
        return None
    id_bytes = sd[4:]
    uuid: str | None = None
    ability: int | None = None
    security_type: int | None = None
    if md is not None:
        if len(md) < 3:
            return None
        security_type = md[0]
        ability = int.from_bytes(md[1:3], "big")
        if security_type in _V2_SECURITY_TYPES:
            if len(md) < _V4_V2_MANUFACTURER_MIN:
                return None
            # V2 short scan response: md[5..10] is the MAC, least significant first.
            address = ":".join(f"{byte:02X}" for byte in reversed(md[5:11]))
        else:
            if len(md) < _V4_MANUFACTURER_MIN:
                return None
            uuid = _decrypt_uuid(sd, md[4 : 4 + _ENCRYPTED_UUID_LEN])
    return AdvertisementInfo(
        address=address,
        protocol_version=version,
        uuid=uuid,
        product_id=None if is_bound else _ascii_id(id_bytes),
        id_bytes=id_bytes,
        is_product_key=sd[2] == 1,
        is_bound=is_bound,
        is_shared=bool(frame_control & 0x04),
        connection_request=bool(frame_control & 0x02),
        support_5ghz=bool(ability is not None and ability & ABILITY_WIFI_5G),
        ble_type=_ble_type(ability),
        communication_ability=ability,
        security_type=security_type,
        scan_response_seen=md is not None,
    )


def _parse_v2(address: str, md: bytes) -> AdvertisementInfo | None:
    if len(md) < _LEGACY_MANUFACTURER_MIN:
        return None
    id_bytes = md[6:14]
    is_bound = bool(md[4] & 0x80)
    return AdvertisementInfo(
        address=address,
        protocol_version=2,
        uuid=_decrypt_uuid(id_bytes, md[14:30]),
        product_id=_ascii_id(id_bytes),
        id_bytes=id_bytes,
        is_product_key=False,
        is_bound=is_bound,
        is_shared=False,
        connection_request=False,
        support_5ghz=False,
        ble_type=BleType.BLE,
        communication_ability=None,
        security_type=None,
        scan_response_seen=True,
    )

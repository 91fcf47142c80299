"""Advertisement parsing: vectors, real-device shapes, cache and fuzzing.

See docs/protocol.md §1 and §9.4.
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya import advertisement
from custom_components.tuya_bluetooth.tuya.advertisement import (
    COMPANY_ID_LEGACY,
    COMPANY_ID_TUYA,
    SERVICE_UUID_A201,
    SERVICE_UUID_FD50,
    BleType,
    parse_advertisement,
)
from custom_components.tuya_bluetooth.tuya.primitives import aes_cbc_encrypt, md5
from simulator.advertising import AdvertisedIdentity, build_advertising

ADDRESS = "DC:23:4D:12:34:56"
PID = "abcd1234"
UUID = "tuya0123456789ab"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    advertisement.clear_cache()


def _parse(
    identity: AdvertisedIdentity, *, scan_response: bool = True
) -> advertisement.AdvertisementInfo | None:
    payload = build_advertising(identity)
    service_data = dict(payload.advertisement.service_data)
    manufacturer = dict(payload.advertisement.manufacturer_data)
    if scan_response:
        service_data |= payload.scan_response.service_data
        manufacturer |= payload.scan_response.manufacturer_data
    return parse_advertisement(ADDRESS, service_data, manufacturer)


def test_v3_vector() -> None:
    """docs/protocol.md §9.4, v3: pid abcd1234, uuid tuya0123456789ab."""
    encrypted = bytes.fromhex("72d41d1530922178583567e23e68dc41")
    md = bytes.fromhex("00030000 0100") + encrypted
    info = parse_advertisement(
        ADDRESS, {SERVICE_UUID_A201: b"\x00" + PID.encode()}, {COMPANY_ID_TUYA: md}
    )
    assert info is not None
    assert info.uuid == UUID
    assert info.product_id == PID
    assert info.protocol_version == 3
    # The generator broadcasts exactly these bytes.
    scan = build_advertising(
        AdvertisedIdentity(uuid=UUID, product_id=PID, communication_ability=0x0001)
    )
    assert scan.scan_response.manufacturer_data[COMPANY_ID_TUYA] == md


def test_v4_vector() -> None:
    """docs/protocol.md §9.4: v4 unbound, sd = 41000008 || pid."""
    encrypted = bytes.fromhex("8daa10b9269b057406b19bcc1302fd77")
    sd = bytes.fromhex("41000008") + PID.encode()
    info = parse_advertisement(
        ADDRESS,
        {SERVICE_UUID_FD50: sd},
        {COMPANY_ID_TUYA: bytes.fromhex("00000100") + encrypted},
    )
    assert info is not None
    assert info.uuid == UUID
    assert info.protocol_version == 4
    assert info.is_bound is False
    payload = build_advertising(
        AdvertisedIdentity(uuid=UUID, product_id=PID, protocol_version=4)
    )
    assert payload.advertisement.service_data[SERVICE_UUID_FD50] == sd
    assert payload.scan_response.manufacturer_data[COMPANY_ID_TUYA][4:] == encrypted


@pytest.mark.parametrize("version", [2, 3, 4])
@pytest.mark.parametrize("bound", [False, True])
def test_generator_round_trip(version: int, bound: bool) -> None:
    """Every protocol, bound or not, decodes to the advertised identity."""
    identity = AdvertisedIdentity(
        uuid=UUID,
        product_id=PID,
        protocol_version=version,
        bound=bound,
        login_key=b"abcdef",
    )
    info = _parse(identity)
    assert info is not None
    assert info.uuid == UUID
    assert info.protocol_version == version
    assert info.is_bound is bound
    assert info.is_active is bound
    assert info.scan_response_seen is True
    if bound and version != 2:
        # A bound device's id bytes are obfuscated, usually not ASCII.
        assert info.product_id is None
        assert info.id_bytes != PID.encode()
    else:
        assert info.product_id == PID


@pytest.mark.parametrize("version", [3, 4])
def test_flags_and_abilities(version: int) -> None:
    """Shared, connection-request, 5 GHz and Wi-Fi ability map to the SDK model."""
    identity = AdvertisedIdentity(
        uuid=UUID,
        product_id=PID,
        protocol_version=version,
        shared=True,
        connection_request=True,
        communication_ability=0x0004 | 0x0008,
        security_type=4,
    )
    info = _parse(identity)
    assert info is not None
    assert info.is_shared
    assert info.connection_request
    assert info.support_5ghz
    assert info.ble_type is BleType.BLE_WIFI_SECURITY
    assert info.is_wifi_combo
    assert info.security_type == 4
    assert info.communication_ability == 0x000C


@pytest.mark.parametrize(
    ("ability", "ble_type"),
    [
        (0x0000, BleType.BLE_SECURITY),
        (0x0010, BleType.BLE_ZIGBEE),
        (0x0040, BleType.BLE_LTE_SECURITY),
        (0x0001, BleType.BLE_SECURITY),
    ],
)
def test_ble_type_from_ability(ability: int, ble_type: BleType) -> None:
    """The ability bits choose the SDK's bleType."""
    info = _parse(
        AdvertisedIdentity(uuid=UUID, product_id=PID, communication_ability=ability)
    )
    assert info is not None
    assert info.ble_type is ble_type
    assert info.support_5ghz is False


@pytest.mark.parametrize("version", [3, 4])
def test_advertisement_without_scan_response(version: int) -> None:
    """A passive scanner's sighting tells the product id and flags, not the uuid."""
    info = _parse(
        AdvertisedIdentity(uuid=UUID, product_id=PID, protocol_version=version),
        scan_response=False,
    )
    assert info is not None
    assert info.uuid is None
    assert info.scan_response_seen is False
    assert info.product_id == PID
    assert info.communication_ability is None


def test_product_key_id() -> None:
    """A201 id type 1 carries a 16-byte product key."""
    key = "p0123456789abcde"
    info = _parse(AdvertisedIdentity(uuid=UUID, product_id=key, product_key=True))
    assert info is not None
    assert info.is_product_key is True
    assert info.product_id == key
    assert info.uuid == UUID


def test_opaque_product_key_bytes() -> None:
    """Sixteen non-ASCII bytes after id type 1 still key the uuid decryption."""
    id_bytes = bytes(range(0xF0, 0x100))
    key = md5(id_bytes)
    md = bytes.fromhex("000300000000") + aes_cbc_encrypt(key, key, UUID.encode())
    info = parse_advertisement(
        ADDRESS, {SERVICE_UUID_A201: b"\x01" + id_bytes}, {COMPANY_ID_TUYA: md}
    )
    assert info is not None
    assert info.is_product_key
    assert info.product_id is None
    assert info.uuid == UUID


def test_fd50_data_frame_is_recognised() -> None:
    """Service data 48 80 … (17 bytes) is a DP beacon, not an id frame."""
    sd = bytes.fromhex("4880") + bytes(range(15))
    info = parse_advertisement(ADDRESS, {SERVICE_UUID_FD50: sd}, {})
    assert info is not None
    assert info.is_dp_beacon is True
    assert info.uuid is None
    assert info.is_bound is True
    assert info.protocol_version == 4


@pytest.mark.parametrize(
    "sd",
    [
        bytes.fromhex("10000102"),  # another vendor: version nibble 1
        bytes.fromhex("2000000401020304"),  # version nibble 2
        bytes.fromhex("41000008") + b"abc",  # length byte says 8, 3 present
        bytes.fromhex("41000000"),  # empty id
        bytes.fromhex("4100"),  # too short
    ],
)
def test_foreign_or_malformed_fd50_is_ignored(sd: bytes) -> None:
    """Not a Tuya id frame: ignored, not an error."""
    assert parse_advertisement(ADDRESS, {SERVICE_UUID_FD50: sd}, {}) is None


@pytest.mark.parametrize(("version", "length"), [(3, 21), (4, 19)])
def test_truncated_manufacturer_data_is_rejected(version: int, length: int) -> None:
    """Scan responses shorter than 22 (v3) / 20 (v4) bytes are truncated."""
    payload = build_advertising(
        AdvertisedIdentity(uuid=UUID, product_id=PID, protocol_version=version)
    )
    md = payload.scan_response.manufacturer_data[COMPANY_ID_TUYA][:length]
    assert (
        parse_advertisement(
            ADDRESS, payload.advertisement.service_data, {COMPANY_ID_TUYA: md}
        )
        is None
    )


def test_real_capture_headers() -> None:
    """Headers seen on real devices: v3 `80 03 00 000c 00`, v4 `00 0001 00`."""
    bound_v3 = _parse(
        AdvertisedIdentity(
            uuid=UUID,
            product_id=PID,
            bound=True,
            login_key=b"123456",
            communication_ability=0x000C,
        )
    )
    assert bound_v3 is not None
    assert bound_v3.is_bound
    assert bound_v3.uuid == UUID
    payload = build_advertising(
        AdvertisedIdentity(
            uuid=UUID,
            product_id=PID,
            bound=True,
            login_key=b"123456",
            communication_ability=0x000C,
        )
    )
    assert payload.scan_response.manufacturer_data[COMPANY_ID_TUYA][
        :6
    ] == bytes.fromhex("800300000c00")
    v4 = build_advertising(
        AdvertisedIdentity(
            uuid=UUID, product_id=PID, protocol_version=4, communication_ability=1
        )
    )
    assert v4.scan_response.manufacturer_data[COMPANY_ID_TUYA][:4] == bytes.fromhex(
        "00000100"
    )


def test_name_padded_with_nul_bytes() -> None:
    """`TY` padded with NULs is still a Tuya device; the name is not needed."""
    info = _parse(AdvertisedIdentity(uuid=UUID, product_id=PID, name="TY\x00\x00\x00"))
    assert info is not None
    assert info.uuid == UUID


def test_v2_secure_type_takes_mac_from_scan_response() -> None:
    """Secure types 6–8 use a short scan response with the MAC reversed."""
    sd = bytes.fromhex("41000008") + PID.encode()
    md = bytes.fromhex("06 0000 00 00") + bytes.fromhex("665544332211") + b"TY"
    info = parse_advertisement(
        "00:00:00:00:00:00", {SERVICE_UUID_FD50: sd}, {COMPANY_ID_TUYA: md}
    )
    assert info is not None
    assert info.address == "11:22:33:44:55:66"
    assert info.uuid is None
    assert (
        parse_advertisement(ADDRESS, {SERVICE_UUID_FD50: sd}, {COMPANY_ID_TUYA: md[:8]})
        is None
    )


def test_v3_with_wrong_protocol_byte_is_rejected() -> None:
    """A201 with manufacturer data that is not protocol 3 is not trusted."""
    payload = build_advertising(AdvertisedIdentity(uuid=UUID, product_id=PID))
    md = bytearray(payload.scan_response.manufacturer_data[COMPANY_ID_TUYA])
    md[1] = 9
    assert (
        parse_advertisement(
            ADDRESS, payload.advertisement.service_data, {COMPANY_ID_TUYA: bytes(md)}
        )
        is None
    )


def test_undecodable_uuid_is_none() -> None:
    """A scan response encrypted with other key material gives no uuid."""
    payload = build_advertising(AdvertisedIdentity(uuid=UUID, product_id=PID))
    info = parse_advertisement(
        ADDRESS,
        {SERVICE_UUID_A201: b"\x00zzzz9999"},
        payload.scan_response.manufacturer_data,
    )
    assert info is not None
    assert info.uuid is None


def test_legacy_requires_full_length() -> None:
    """Protocol 2 manufacturer data shorter than 30 bytes is truncated."""
    payload = build_advertising(
        AdvertisedIdentity(uuid=UUID, product_id=PID, protocol_version=2)
    )
    md = payload.scan_response.manufacturer_data[COMPANY_ID_LEGACY]
    assert parse_advertisement(ADDRESS, {}, {COMPANY_ID_LEGACY: md[:29]}) is None
    assert parse_advertisement(ADDRESS, {}, {}) is None


def test_repeated_advertisement_costs_a_cache_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the first sighting decrypts; repeats hit the bounded LRU cache."""
    calls = []
    real = advertisement.aes_cbc_decrypt

    def counting(key: bytes, iv: bytes, data: bytes) -> bytes:
        calls.append(data)
        return real(key, iv, data)

    monkeypatch.setattr(advertisement, "aes_cbc_decrypt", counting)
    payload = build_advertising(AdvertisedIdentity(uuid=UUID, product_id=PID))
    sd, md = payload.advertisement.service_data, payload.scan_response.manufacturer_data
    first = parse_advertisement(ADDRESS, sd, md)
    for _ in range(100):
        assert parse_advertisement(ADDRESS, dict(sd), dict(md)) is first
    assert len(calls) == 1
    assert advertisement._parse_cached.cache_info().maxsize == advertisement.CACHE_SIZE


def test_cache_is_bounded() -> None:
    """More distinct devices than the cache holds evict the oldest."""
    for index in range(advertisement.CACHE_SIZE + 10):
        parse_advertisement(
            f"00:00:00:00:{index >> 8:02X}:{index & 0xFF:02X}",
            {SERVICE_UUID_A201: b"\x00" + PID.encode()},
            {},
        )
    assert advertisement._parse_cached.cache_info().currsize == advertisement.CACHE_SIZE


_bytes = st.binary(max_size=40)


@given(sd=st.one_of(st.none(), _bytes), md=st.one_of(st.none(), _bytes))
def test_fuzz_v3(sd: bytes | None, md: bytes | None) -> None:
    """Arbitrary A201 service data and 0x07D0 manufacturer data never raise."""
    service = {} if sd is None else {SERVICE_UUID_A201: sd}
    manufacturer = {} if md is None else {COMPANY_ID_TUYA: md}
    parse_advertisement(ADDRESS, service, manufacturer)


@given(sd=_bytes, md=st.one_of(st.none(), _bytes))
def test_fuzz_v4(sd: bytes, md: bytes | None) -> None:
    """Arbitrary FD50 service data and manufacturer data never raise."""
    manufacturer = {} if md is None else {COMPANY_ID_TUYA: md}
    parse_advertisement(ADDRESS, {SERVICE_UUID_FD50: sd}, manufacturer)


@given(md=st.binary(max_size=40))
def test_fuzz_v2(md: bytes) -> None:
    """Arbitrary 0x0259 manufacturer data never raises."""
    parse_advertisement(ADDRESS, {}, {COMPANY_ID_LEGACY: md})

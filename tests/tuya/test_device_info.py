"""Device info 0x0000: request per generation and the answer parser.

See docs/protocol.md §6.4 and §11.5.
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.crypto import derive_register_key
from custom_components.tuya_bluetooth.tuya.device_info import (
    Attachment,
    build_device_info_request,
    parse_device_info,
    proves_auth_key,
)
from custom_components.tuya_bluetooth.tuya.errors import (
    InvalidArgumentError,
    PayloadError,
    TuyaBLEError,
)

AUTH_KEY = b"0123456789abcdef" * 2
SERVICE_RAND = bytes(range(0x10, 0x20))
REGISTER_KEY = derive_register_key(AUTH_KEY, SERVICE_RAND)
SRAND = b"srand!"
MAC_LSB_FIRST = bytes.fromhex("665544332211")

# docs/protocol.md §11.5: the device SDK's v4 unbound answer (101 bytes).
V4_UNBOUND = (
    bytes.fromhex("010204040500")
    + SRAND
    + bytes.fromhex("0100")
    + REGISTER_KEY
    + bytes(16)
    + bytes.fromhex("010203010000000100")
    + bytes(22)
    + bytes.fromhex("000000000000010000000000")
    + MAC_LSB_FIRST
    + bytes.fromhex("000000020200")
)


def test_request_per_generation() -> None:
    assert build_device_info_request(3) == b""
    assert build_device_info_request(2) == b""
    assert build_device_info_request(4) == b"\x00\x14"
    assert build_device_info_request(4, notify_size=244) == b"\x00\xf4"
    with pytest.raises(InvalidArgumentError):
        build_device_info_request(4, notify_size=19)


def test_v4_unbound_answer() -> None:
    assert len(V4_UNBOUND) == 101
    info = parse_device_info(V4_UNBOUND)
    assert info.firmware_version == "1.2.3"
    assert info.hardware_version == "1.0.0"
    assert info.protocol_version == "4.4"
    assert (info.protocol_major, info.protocol_minor) == (4, 4)
    assert info.flags == 0x05
    assert not info.bound
    assert info.srand == SRAND
    assert info.register_key == REGISTER_KEY
    assert info.device_auth_key is None
    assert info.communication_ability == 0x0001
    assert info.link_encrypted is False
    assert info.virtual_id is None
    assert info.mcu_firmware_version is None
    assert info.wifi_register_mode == 1
    assert info.capabilities == 0
    assert info.address_type == 0
    assert info.mac == "11:22:33:44:55:66"
    assert info.firmware_key is None
    assert info.zigbee_mac is None
    assert info.attachments == ()
    assert info.packet_max_size == 512
    assert info.uses_register_key
    assert proves_auth_key(info, AUTH_KEY, REGISTER_KEY)
    assert not proves_auth_key(info, AUTH_KEY, bytes(16))


def test_repr_hides_keys() -> None:
    text = repr(parse_device_info(V4_UNBOUND))
    assert REGISTER_KEY.hex() not in text
    assert "srand" not in text


def test_bound_answer_with_virtual_id_mcu_key_zigbee_and_attachments() -> None:
    data = bytearray(V4_UNBOUND[:95])
    data[5] = 1
    data[4] = 0x05 | 0x02 | 0x08 | 0x10
    data[54] = 1
    data[55:77] = b"vdevo123456789012345".ljust(22, b"\x00")
    data[77:83] = bytes.fromhex("020100010000")
    data[84:88] = bytes.fromhex("000000c8")
    data += bytes([8]) + b"FWKEY123"
    data += bytes([8]) + bytes.fromhex("0102030405060708")
    data += bytes([8]) + bytes.fromhex("0a0102030b020000")
    data += bytes.fromhex("020100")
    info = parse_device_info(bytes(data))
    assert info.bound
    assert info.advanced_encryption
    assert info.auth_on_connect
    assert info.has_beacon_key
    assert info.link_encrypted is True
    assert info.virtual_id == "vdevo123456789012345"
    assert info.mcu_firmware_version == "2.1.0"
    assert info.mcu_hardware_version == "1.0.0"
    assert info.capabilities == 0xC8
    assert info.firmware_key == b"FWKEY123"
    assert info.zigbee_mac == bytes.fromhex("0102030405060708")
    assert info.attachments == (Attachment(10, "1.2.3"), Attachment(11, "2.0.0"))
    assert info.packet_max_size == 256


def test_short_v3_answer_takes_two_part_versions() -> None:
    # docs/protocol.md §11.5: a protocol-3 build sent 02 03 for 1.2.3, flags 0.
    data = bytes.fromhex("020303020001") + SRAND + bytes.fromhex("0100") + REGISTER_KEY
    info = parse_device_info(data)
    assert info.firmware_version == "2.3"
    assert info.hardware_version == "1.0"
    assert info.protocol_version == "3.2"
    assert info.bound
    assert info.register_key == REGISTER_KEY
    assert info.communication_ability is None
    assert info.mac is None


def test_protocol_3_1_echoes_raw_auth_key() -> None:
    data = bytes.fromhex("010003010500") + SRAND + bytes.fromhex("0100") + AUTH_KEY
    info = parse_device_info(data)
    assert not info.uses_register_key
    assert info.register_key is None
    assert info.device_auth_key == AUTH_KEY
    assert proves_auth_key(info, AUTH_KEY, REGISTER_KEY)
    assert not proves_auth_key(info, b"x" * 32, REGISTER_KEY)


def test_missing_register_key_does_not_prove() -> None:
    info = parse_device_info(bytes.fromhex("010004040500") + SRAND + b"\x01\x00")
    assert info.register_key is None
    assert not proves_auth_key(info, AUTH_KEY, REGISTER_KEY)


def test_too_short() -> None:
    with pytest.raises(PayloadError):
        parse_device_info(bytes(13))


def test_truncated_tail_is_tolerated() -> None:
    for cut in range(52, len(V4_UNBOUND)):
        info = parse_device_info(V4_UNBOUND[:cut])
        assert info.firmware_version == "1.2.3"


@given(st.binary(max_size=140))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        info = parse_device_info(data)
    except TuyaBLEError:
        return
    assert len(info.srand) == 6

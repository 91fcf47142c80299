"""OTA flash storage and the OTA commands of the emulator (docs/protocol.md §6.10)."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest

from custom_components.tuya_bluetooth.tuya.primitives import crc16_modbus
from simulator.device import DeviceEmulator, DropReason, ManualScheduler, OtaFlash
from simulator.device.ota_storage import FirmwareInfo
from simulator.products import LOCK, SWITCH, Product, make_devices

from .conftest import counting_random
from .hub import Hub

IMAGE = bytes((i * 7 + 3) & 0xFF for i in range(1000))


def info(
    image: bytes = IMAGE, version: int = 0x00010100, pid: bytes = b"sim0kg02"
) -> FirmwareInfo:
    return FirmwareInfo(
        pid, version, hashlib.md5(image).digest(), len(image), zlib.crc32(image)
    )


def write_all(
    flash: OtaFlash, image: bytes, size: int = 192, first: int = 0
) -> list[int]:
    states = []
    for number, pos in enumerate(range(0, len(image), size), start=first):
        chunk = image[pos : pos + size]
        states.append(flash.write(number, len(chunk), crc16_modbus(chunk), chunk))
    return states


def test_flash_happy_path() -> None:
    flash = OtaFlash("sim0kg02", (1, 0, 0))
    assert flash.begin(info()) == 0
    assert set(write_all(flash, IMAGE)) == {0}
    assert flash.finish() == 0
    assert flash.installed == (1, 1, 0)
    assert flash.current_version == (1, 1, 0)


@pytest.mark.parametrize(
    ("announced", "state"),
    [
        (info(pid=b"otherpid"), 1),
        (info(version=0x00010000), 2),  # same version: not newer
        (info(version=0x00000900), 2),  # older
        (FirmwareInfo(b"sim0kg02", 0x00020000, bytes(16), 2 << 20, 0), 3),
    ],
)
def test_flash_file_info_refusals(announced: FirmwareInfo, state: int) -> None:
    assert OtaFlash("sim0kg02", (1, 0, 0)).begin(announced) == state


def test_flash_packet_checks() -> None:
    flash = OtaFlash("sim0kg02", (1, 0, 0), max_packet=192)
    assert flash.write(0, 1, crc16_modbus(b"x"), b"x") == 4  # no file info yet
    flash.begin(info())
    chunk = IMAGE[:192]
    assert flash.write(1, 192, crc16_modbus(chunk), chunk) == 1  # number
    assert flash.write(0, 191, crc16_modbus(chunk), chunk) == 2  # length field
    big = IMAGE[:193]
    assert flash.write(0, 193, crc16_modbus(big), big) == 2  # over max packet
    assert flash.write(0, 192, crc16_modbus(chunk) ^ 1, chunk) == 3  # CRC16
    assert flash.write(0, 192, crc16_modbus(chunk), chunk) == 0
    assert flash.packets_written == 1


def test_flash_end_checks() -> None:
    flash = OtaFlash("sim0kg02", (1, 0, 0))
    flash.begin(info())
    write_all(flash, IMAGE[:500])
    assert flash.finish() == 1  # short
    bad_crc = FirmwareInfo(
        b"sim0kg02", 0x00010100, hashlib.md5(IMAGE).digest(), len(IMAGE), 0
    )
    flash.begin(bad_crc)
    flash.set_offset(0)
    write_all(flash, IMAGE)
    assert flash.finish() == 2
    bad_md5 = FirmwareInfo(
        b"sim0kg02", 0x00010100, bytes(16), len(IMAGE), zlib.crc32(IMAGE)
    )
    flash.begin(bad_md5)
    flash.set_offset(0)
    write_all(flash, IMAGE)
    assert flash.finish() == 3
    assert flash.installed is None


@pytest.mark.parametrize("resume", [True, False])
def test_flash_resume_or_not(resume: bool) -> None:
    flash = OtaFlash("sim0kg02", (1, 0, 0), resume=resume)
    flash.begin(info())
    write_all(flash, IMAGE[:384])
    assert flash.begin(info()) == 0  # the same file announced again
    stored, crc, digest = flash.stored_summary()
    assert stored == (384 if resume else 0)
    assert crc == zlib.crc32(IMAGE[:stored])
    # Nothing stored: 16 zero bytes, not MD5(b"") (docs/protocol.md §11.7).
    assert digest == (hashlib.md5(IMAGE[:stored]).digest() if stored else bytes(16))
    offset = flash.set_offset(384)
    assert offset == stored
    write_all(flash, IMAGE[offset:])
    assert flash.finish() == 0


def test_flash_different_file_restarts() -> None:
    flash = OtaFlash("sim0kg02", (1, 0, 0), resume=True)
    flash.begin(info())
    write_all(flash, IMAGE[:384])
    other = IMAGE[::-1]
    flash.begin(info(other))
    assert flash.stored_summary()[0] == 0


def ota_hub(product: Product, scheduler: ManualScheduler, **options: object) -> Hub:
    opts = counting_random()
    for key, value in options.items():
        setattr(opts, key, value)
    identity = make_devices(product, 1, seed="ota")[0]
    device = DeviceEmulator(identity, scheduler, opts, bound=True)
    hub = Hub(device, local_key=identity.local_key)
    hub.handshake()
    hub.receive()
    return hub


def file_info_payload(product: Product, image: bytes, version: int) -> bytes:
    return (
        b"\x00"
        + product.product_id.encode()
        + struct.pack(">I", version)
        + hashlib.md5(image).digest()
        + struct.pack(">II", len(image), zlib.crc32(image))
    )


@pytest.mark.parametrize("product", [SWITCH, LOCK], ids=["v3", "v4"])
def test_ota_over_the_protocol(product: Product) -> None:
    scheduler = ManualScheduler()
    hub = ota_hub(product, scheduler)
    device = hub.device
    changes: list[tuple[int, int, int]] = []
    device.add_listener(lambda: changes.append(device.firmware_version))
    hub.send(0x000C, b"\x00")
    (start,) = hub.receive()
    current = device.firmware_version
    assert (start.ack_sn, start.mode) == (0, 5)
    assert start.data == b"\x00\x03\x00" + bytes([0, *current]) + b"\x00\xc0"
    new = (current[0], current[1] + 1, 0)
    version = new[0] << 16 | new[1] << 8
    hub.send(0x000D, file_info_payload(product, IMAGE, version))
    (file_reply,) = hub.receive()
    assert file_reply.data[:6] == b"\x00\x00" + bytes(4)
    assert file_reply.ack_sn == 0
    hub.send(0x000E, b"\x00" + bytes(4))
    assert hub.receive()[0].data == b"\x00" + bytes(4)
    for number, pos in enumerate(range(0, len(IMAGE), 192)):
        chunk = IMAGE[pos : pos + 192]
        hub.send(
            0x000F,
            b"\x00"
            + struct.pack(">HHH", number, len(chunk), crc16_modbus(chunk))
            + chunk,
        )
        (reply,) = hub.receive()
        assert (reply.cmd, reply.ack_sn, reply.data) == (0x000F, 0, b"\x00\x00")
    hub.send(0x0010, b"\x00")
    assert hub.receive()[0].data == b"\x00\x00"
    assert device.firmware_version == current  # reboots about 2 s later
    assert device.reboot_pending
    scheduler.advance(2.0)
    assert not device.reboot_pending
    assert device.firmware_version == new
    assert device.reboots == 1
    assert device.drops[-1] is DropReason.OTA_REBOOT
    assert hub.central.disconnected
    assert changes == [new]


def test_ota_refuses_not_newer_and_bad_packet() -> None:
    scheduler = ManualScheduler()
    hub = ota_hub(SWITCH, scheduler)
    hub.send(0x000C, b"\x00")
    hub.receive()
    hub.send(0x000D, file_info_payload(SWITCH, IMAGE, 0x00010203))  # = current 1.2.3
    assert hub.receive()[0].data[1] == 2
    hub.send(0x000D, file_info_payload(SWITCH, IMAGE, 0x00010300))
    hub.receive()
    chunk = IMAGE[:192]
    hub.send(
        0x000F,
        b"\x00" + struct.pack(">HHH", 0, 192, crc16_modbus(chunk) ^ 0xFFFF) + chunk,
    )
    assert hub.receive()[0].data == b"\x00\x03"


def test_ota_start_targets() -> None:
    hub = ota_hub(SWITCH, ManualScheduler())
    hub.send(0x000C, b"\x01")  # MCU: refused
    assert hub.receive()[0].data[:3] == b"\x01\x03\x01"
    hub.send(0x000C, b"\x05")  # nowhere: no answer
    hub.send(0x000C, b"\x00\x00")  # not exactly 1 byte
    assert hub.receive() == []


def test_ota_gate_when_enabled() -> None:
    hub = ota_hub(SWITCH, ManualScheduler(), ota_gate=True)
    hub.send(0x000C, b"\x00")
    hub.receive()
    hub.send(0x0003, b"")
    assert hub.receive() == []
    assert hub.device.received[-1].outcome == "ignored: OTA in progress"

"""Session ⇄ emulator: firmware update with and without resume, and its errors."""

from __future__ import annotations

from collections.abc import Callable
import random

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import (
    ConnectionClosedError,
    DeviceBusyError,
    OtaFileRejectedError,
    OtaTimeoutError,
)
from custom_components.tuya_bluetooth.tuya.ota import (
    FirmwareImage,
    OtaStage,
    OtaTransfer,
)
from simulator.ble.faults import Direction, FaultKind
from simulator.device import DropReason, EmulatorOptions
from simulator.products import LIGHT, SWITCH, Product, parse_version

from .journey import Rig

type RigFactory = Callable[..., Rig]

V3_V4 = pytest.mark.parametrize("product", [SWITCH, LIGHT], ids=["v3", "v4"])
SIZE = 4096
PACKET = 192
PACKETS = -(-SIZE // PACKET)
# Frames to the device: 0 device info, 1 pair, 2 time answer, 3 OTA start,
# 4 file info, 5 offset, then one per data packet.
FIRST_DATA_FRAME = 6


def image(product: Product, version: str | None = None) -> FirmwareImage:
    data = random.Random(product.product_id).randbytes(SIZE)
    return FirmwareImage(data, product.product_id, version or product.firmware_update)


@V3_V4
async def test_full_update(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    progress: list[float] = []
    transfer = OtaTransfer(rig.session, image(product), progress=progress.append)
    await rig.run(transfer.run())
    assert transfer.stage is OtaStage.DONE
    assert transfer.packet_size == PACKET
    assert transfer.packets_sent == PACKETS
    assert progress[0] == 0
    assert progress[-1] == 100
    assert progress == sorted(progress)
    assert rig.device.flash.installed == parse_version(product.firmware_update)
    assert not rig.session.ota_active
    # The device reboots into the new image about 2 s later, dropping the link.
    rig.scheduler.advance(3)
    await rig.settle()
    assert DropReason.OTA_REBOOT in rig.device.drops
    assert rig.disconnects == 1
    assert rig.device.firmware_version == parse_version(product.firmware_update)
    info = await rig.run(rig.session.connect())
    assert info.firmware_version == product.firmware_update


@V3_V4
@pytest.mark.parametrize("resume", [True, False], ids=["resumes", "restarts"])
async def test_interrupted_update_completes(
    rig_factory: RigFactory, product: Product, resume: bool
) -> None:
    rig = rig_factory(product, options=EmulatorOptions(ota_resume=resume))
    await rig.connect()
    rig.settings.add_fault(
        FaultKind.DISCONNECT, Direction.TO_DEVICE, frame=FIRST_DATA_FRAME + 10
    )
    with pytest.raises(ConnectionClosedError):
        await rig.run(OtaTransfer(rig.session, image(product)).run())
    assert not rig.session.ota_active
    await rig.connect()
    transfer = OtaTransfer(rig.session, image(product))
    await rig.run(transfer.run())
    assert transfer.resumed_from == (10 * PACKET if resume else 0)
    assert transfer.packets_sent == (PACKETS - 10 if resume else PACKETS)
    assert rig.device.flash.installed == parse_version(product.firmware_update)


async def test_version_not_newer_is_rejected(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH)
    await rig.connect()
    transfer = OtaTransfer(rig.session, image(SWITCH, SWITCH.firmware_version))
    with pytest.raises(OtaFileRejectedError) as caught:
        await rig.run(transfer.run())
    assert caught.value.code == 201
    assert "version_not_newer" in str(caught.value)
    assert transfer.stage is OtaStage.FAILED
    assert rig.device.flash.installed is None
    # The device stayed in its OTA state: the session ended the link to free it,
    # and a new connection takes ordinary commands again.
    assert not rig.session.ota_active
    assert not rig.session.is_connected
    await rig.connect()
    await rig.run(rig.session.write_dps([DataPoint(1, DPType.BOOL, True)]))
    assert rig.device.dp_values[1] is True


async def test_lost_answer_is_an_ota_timeout(rig_factory: RigFactory) -> None:
    rig = rig_factory(LIGHT)
    await rig.connect()
    # To the hub: 0-2 handshake and time, 3 start, 4 file info, 5 offset, 6.. data.
    rig.settings.add_fault(FaultKind.DROP, Direction.TO_HUB, frame=FIRST_DATA_FRAME + 2)
    with pytest.raises(OtaTimeoutError) as caught:
        await rig.run(OtaTransfer(rig.session, image(LIGHT)).run())
    assert caught.value.code == 206
    # The device may still be mid-transfer: the link is closed to reset it.
    assert not rig.session.is_connected
    assert not rig.session.ota_active


async def test_other_commands_wait_while_ota_runs(rig_factory: RigFactory) -> None:
    rig = rig_factory(LIGHT)
    await rig.connect()
    answer = await rig.run(rig.session.ota_request(Command.OTA_START, b"\x00"))
    assert answer[0] == 0
    assert rig.session.ota_active
    with pytest.raises(DeviceBusyError) as caught:
        await rig.session.write_dps([DataPoint(20, DPType.BOOL, True)])
    assert caught.value.code == 600

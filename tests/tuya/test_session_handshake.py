"""Session ⇄ emulator: connecting, pairing and first bind, for v3 and v4."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.errors import (
    KeyRejectedError,
    PairError,
)
from simulator.device import DropReason, EmulatorOptions
from simulator.products import LIGHT, LOCK, SWITCH, Product

from .journey import NOW_MS, Rig

type RigFactory = Callable[..., Rig]

V3_V4 = pytest.mark.parametrize("product", [SWITCH, LIGHT], ids=["v3", "v4"])


@V3_V4
async def test_bound_connect(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    info = rig.session.device_info
    assert info is not None
    assert rig.session.is_connected
    assert rig.device.paired
    assert info.protocol_major == product.protocol_version
    assert info.firmware_version == product.firmware_version
    assert info.bound
    # Device info went in mode 4 with the generation's payload, pair in mode 5.
    first, second = rig.device.received[:2]
    assert (first.cmd, first.mode) == (Command.DEVICE_INFO, 4)
    assert first.data == (b"\x00\x14" if product.protocol_version >= 4 else b"")
    assert (second.cmd, second.mode) == (Command.PAIR, 5)
    assert len(second.data) == 44
    # The device asked for the time after pairing; the session answered.
    assert rig.device.time_sync is not None
    assert rig.device.time_sync.unix_ms == NOW_MS
    assert rig.device.time_sync.tz_hundredths == 800
    await rig.run(rig.session.disconnect())
    assert not rig.session.is_connected


@V3_V4
async def test_first_bind_then_reconnect(
    rig_factory: RigFactory, product: Product
) -> None:
    rig = rig_factory(product, bound=False)
    assert not rig.device.bound
    await rig.connect(first_bind=True)
    assert rig.session.is_connected
    assert rig.device.bound
    assert rig.device.login_key == rig.device.identity.login_key
    assert (
        rig.device.virtual_id.rstrip(b"\x00").decode() == rig.device.identity.device_id
    )
    info_request, pair_request = rig.device.received[:2]
    assert (info_request.cmd, info_request.mode) == (Command.DEVICE_INFO, 1)
    assert (pair_request.cmd, pair_request.mode) == (Command.PAIR, 2)
    assert rig.device.time_sync is not None
    await rig.run(rig.session.disconnect())
    # From now on the device is bound: the ordinary mode 4 / 5 path.
    await rig.connect()
    assert rig.session.is_connected
    assert rig.device.received[-1].cmd in (Command.PAIR, Command.TIME_MS)


@V3_V4
async def test_wrong_local_key_is_key_rejected(
    rig_factory: RigFactory, product: Product
) -> None:
    wrong = "Zz" * 8
    rig = rig_factory(product, local_key=wrong)
    with pytest.raises(KeyRejectedError) as caught:
        await rig.run(rig.session.connect())
    assert caught.value.code == 109
    assert wrong[:6] not in str(caught.value)
    assert not rig.session.is_connected
    assert rig.device.dropped_frames >= 2  # the device dropped what it could not read
    assert not rig.device.connected  # the session closed the link


@V3_V4
async def test_wrong_auth_key_on_first_bind_is_key_rejected(
    rig_factory: RigFactory, product: Product
) -> None:
    rig = rig_factory(product, bound=False, auth_key="A" * 32)
    with pytest.raises(KeyRejectedError):
        await rig.run(rig.session.connect(first_bind=True))
    assert not rig.device.bound


async def test_uuid_mismatch_is_pair_error(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH, uuid="x" * 16)
    with pytest.raises(PairError) as caught:
        await rig.run(rig.session.connect())
    assert caught.value.code == 105
    assert DropReason.UUID_MISMATCH in rig.device.drops


async def test_first_bind_of_a_bound_device_is_refused(rig_factory: RigFactory) -> None:
    rig = rig_factory(LOCK, bound=True)
    with pytest.raises(PairError):
        await rig.run(rig.session.connect(first_bind=True))
    assert rig.device.bound


@pytest.mark.parametrize("cmd", [0x8011, 0x8012, 0x8013, 0x8014])
@pytest.mark.parametrize("product", [SWITCH, LOCK], ids=["v3", "v4"])
async def test_time_requests(
    rig_factory: RigFactory, product: Product, cmd: int
) -> None:
    rig = rig_factory(product, options=EmulatorOptions(time_request=cmd))
    await rig.connect()
    sync = rig.device.time_sync
    assert sync is not None
    assert sync.cmd == cmd
    assert sync.tz_hundredths == 800
    # Calendar answers carry whole seconds, 0x8014 ten digits of seconds.
    expected = NOW_MS if cmd == 0x8011 else NOW_MS // 1000 * 1000
    assert sync.unix_ms == expected
    if cmd == 0x8014:
        assert sync.dst_entries == 0

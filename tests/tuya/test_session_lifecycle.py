"""Session ⇄ emulator: unbind, factory reset, idle and unexpected disconnects,
Wi-Fi provisioning."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import ConnectionClosedError
from custom_components.tuya_bluetooth.tuya.session import DisconnectReason
from simulator.device import DropReason
from simulator.products import FEEDER, LIGHT, LOCK, SWITCH, Product

from .journey import Rig

type RigFactory = Callable[..., Rig]

V3_V4 = pytest.mark.parametrize("product", [SWITCH, LIGHT], ids=["v3", "v4"])


@V3_V4
async def test_unbind(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    await rig.run(rig.session.unbind())
    await rig.settle()
    assert not rig.device.bound
    assert not rig.device.login_key_set
    assert rig.device.virtual_id != bytes(22)  # an unbind keeps the virtual id
    assert DropReason.UNBIND in rig.device.drops
    assert not rig.session.is_connected
    assert rig.disconnect_reasons == [DisconnectReason.LOST]


@V3_V4
async def test_factory_reset(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    await rig.run(rig.session.unbind(factory_reset=True))
    await rig.settle()
    assert not rig.device.bound
    assert rig.device.virtual_id == bytes(22)
    assert DropReason.FACTORY_RESET in rig.device.drops
    assert not rig.session.is_connected


async def test_idle_disconnect(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH, idle_timeout=30.0)
    await rig.connect()
    rig.scheduler.advance(20)
    await rig.run(rig.session.write_dps([DataPoint(1, DPType.BOOL, True)]))
    await rig.settle()
    rig.scheduler.advance(20)  # 40 s since connecting, 20 s since the write
    await rig.settle()
    assert rig.session.is_connected
    rig.scheduler.advance(11)
    await rig.settle()
    assert not rig.session.is_connected
    assert DropReason.CENTRAL in rig.device.drops
    assert rig.disconnect_reasons == [DisconnectReason.IDLE]


async def test_no_idle_disconnect_by_default(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH)
    await rig.connect()
    rig.scheduler.advance(3600)
    await rig.settle()
    assert rig.session.is_connected


async def test_device_going_away_is_detected(rig_factory: RigFactory) -> None:
    rig = rig_factory(LIGHT)
    await rig.connect()
    rig.device.power_off()
    await rig.settle()
    assert not rig.session.is_connected
    assert rig.disconnect_reasons == [DisconnectReason.LOST]
    with pytest.raises(ConnectionClosedError):
        await rig.session.write_dps([DataPoint(20, DPType.BOOL, True)])


async def test_connect_twice_reuses_the_session(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH)
    await rig.connect()
    first = rig.session.device_info
    assert await rig.run(rig.session.connect()) is first
    assert rig.device.connections == 1


async def test_wifi_provisioning_tuyaopen(rig_factory: RigFactory) -> None:
    rig = rig_factory(FEEDER)
    await rig.connect()
    # After pairing the combo device reports its network status (0x001E).
    assert any(event.frame.cmd == Command.NETWORK_STATUS for event in rig.events)
    result = await rig.run(rig.session.provision_wifi("home", "secret", "token123"))
    assert result == 0
    (credentials,) = rig.device.wifi_credentials
    assert credentials.cmd == Command.TRANSPARENT_DOWN
    assert credentials.ssid == "home"
    assert credentials.password == "secret"
    assert credentials.token == "token123"


async def test_asked_disconnect_says_so(rig_factory: RigFactory) -> None:
    rig = rig_factory(SWITCH)
    await rig.connect()
    await rig.run(rig.session.disconnect())
    assert rig.disconnect_reasons == [DisconnectReason.ASKED]


@pytest.mark.parametrize("bound", [True, False], ids=["bound", "unbound"])
async def test_read_device_info_without_pairing(
    rig_factory: RigFactory, bound: bool
) -> None:
    """The firmware version of a device, bound or not, without pairing with it."""
    kwargs = {} if bound else {"local_key": "\x00" * 6}
    rig = rig_factory(LOCK, bound=bound, **kwargs)
    info = await rig.run(rig.session.read_device_info())
    assert info.firmware_version == LOCK.firmware_version
    assert info.bound is bound
    await rig.settle()
    assert not rig.session.is_connected
    assert rig.device.connections == 1
    assert not rig.device.connected
    assert [r.cmd for r in rig.device.received] == [0x0000]  # no pair request
    assert rig.disconnect_reasons == []  # nothing was ever paired

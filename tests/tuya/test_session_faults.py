"""Session ⇄ emulator under every link fault: each recovers or raises the
documented error; nothing hangs (Rig.run fails after 120 simulated seconds) and
nothing is applied twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import (
    ConnectionClosedError,
    ResponseTimeoutError,
    WriteError,
)
from simulator.ble.faults import Direction, FaultKind
from simulator.products import LIGHT, SWITCH, Product

from .journey import Rig

type RigFactory = Callable[..., Rig]

V3_V4 = pytest.mark.parametrize("product", [SWITCH, LIGHT], ids=["v3", "v4"])
TO_DEVICE, TO_HUB = Direction.TO_DEVICE, Direction.TO_HUB
# Frames on a fresh connection. To the device: 0 device info, 1 pair, 2 time
# answer, 3 the first request after connect. To the hub: 0 device-info answer,
# 1 pair answer, 2 time request, 3 answer to the first request, 4 its report.
DEVICE_INFO, FIRST_REQUEST = 0, 3


def switch_on(product: Product) -> DataPoint:
    return DataPoint(product.dps[0].dp_id, DPType.BOOL, True)


async def write_once(rig: Rig, product: Product) -> None:
    await rig.run(rig.session.write_dps([switch_on(product)]))


# --- faults during the handshake: device info is re-sent ----------------------------


@V3_V4
@pytest.mark.parametrize(
    ("kind", "direction"),
    [
        (FaultKind.DROP, TO_DEVICE),
        (FaultKind.DROP, TO_HUB),
        (FaultKind.CORRUPT, TO_DEVICE),
        (FaultKind.CORRUPT, TO_HUB),
        (FaultKind.DUPLICATE, TO_DEVICE),
        (FaultKind.GATT_ERROR, TO_DEVICE),
    ],
)
async def test_handshake_recovers(
    rig_factory: RigFactory, product: Product, kind: FaultKind, direction: Direction
) -> None:
    rig = rig_factory(product)
    fault = rig.settings.add_fault(kind, direction, frame=DEVICE_INFO)
    await rig.connect()
    assert fault.fired
    assert rig.session.is_connected
    assert rig.device.paired


@V3_V4
async def test_duplicated_notifications_are_harmless(
    rig_factory: RigFactory, product: Product
) -> None:
    rig = rig_factory(product)
    for frame in range(5):
        rig.settings.add_fault(FaultKind.DUPLICATE, TO_HUB, frame=frame)
    await rig.connect()
    await write_once(rig, product)
    await rig.settle()
    assert len(rig.device.dp_writes) == 1
    assert len(rig.reports) == 1  # the duplicated report was handled once
    assert len(rig.device.report_replies) == 1


async def test_gatt_error_on_the_last_packet_is_a_write_error(
    rig_factory: RigFactory,
) -> None:
    rig = rig_factory(SWITCH)
    # The device-info request is 33 bytes: packets 0 and 1; fail the last one.
    rig.settings.add_fault(FaultKind.GATT_ERROR, TO_DEVICE, packet=1)
    with pytest.raises(WriteError) as caught:
        await rig.run(rig.session.connect())
    assert caught.value.code == 124
    assert not rig.device.connected
    await rig.connect()  # the next attempt works
    assert rig.session.is_connected


# --- faults on a request after pairing ----------------------------------------------


@V3_V4
@pytest.mark.parametrize(
    ("kind", "direction", "applied"),
    [
        (FaultKind.DROP, TO_DEVICE, 0),
        (FaultKind.CORRUPT, TO_DEVICE, 0),
        (
            FaultKind.DUPLICATE,
            TO_DEVICE,
            0,
        ),  # the device appends the copy: frame spoilt
        (FaultKind.DROP, TO_HUB, 1),
        (FaultKind.CORRUPT, TO_HUB, 1),
    ],
)
async def test_lost_request_or_answer_times_out_without_repeat(
    rig_factory: RigFactory,
    product: Product,
    kind: FaultKind,
    direction: Direction,
    applied: int,
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    rig.settings.add_fault(kind, direction, frame=FIRST_REQUEST)
    with pytest.raises(ResponseTimeoutError) as caught:
        await write_once(rig, product)
    assert caught.value.code == 106
    assert len(rig.device.dp_writes) == applied  # never sent twice by the session
    assert rig.session.is_connected
    await write_once(rig, product)  # the session carries on
    assert len(rig.device.dp_writes) == applied + 1


@V3_V4
async def test_gatt_error_on_first_packet_resends_the_frame_once(
    rig_factory: RigFactory, product: Product
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    fault = rig.settings.add_fault(FaultKind.GATT_ERROR, TO_DEVICE, frame=FIRST_REQUEST)
    await write_once(rig, product)
    assert fault.fired == 1
    assert len(rig.device.dp_writes) == 1


@V3_V4
async def test_short_delay_recovers(rig_factory: RigFactory, product: Product) -> None:
    rig = rig_factory(product)
    await rig.connect()
    rig.settings.add_fault(FaultKind.DELAY, TO_HUB, frame=FIRST_REQUEST, delay=3.0)
    await write_once(rig, product)
    assert len(rig.device.dp_writes) == 1


@V3_V4
async def test_long_delay_times_out_and_the_late_answer_is_ignored(
    rig_factory: RigFactory, product: Product
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    rig.settings.add_fault(FaultKind.DELAY, TO_HUB, frame=FIRST_REQUEST, delay=8.0)
    with pytest.raises(ResponseTimeoutError):
        await write_once(rig, product)
    rig.scheduler.advance(10)
    await rig.settle()
    assert rig.session.is_connected
    await write_once(rig, product)
    assert len(rig.device.dp_writes) == 2


@V3_V4
@pytest.mark.parametrize("direction", [TO_DEVICE, TO_HUB])
async def test_disconnect_during_handshake(
    rig_factory: RigFactory, product: Product, direction: Direction
) -> None:
    rig = rig_factory(product)
    rig.settings.add_fault(FaultKind.DISCONNECT, direction, frame=1)
    with pytest.raises(ConnectionClosedError) as caught:
        await rig.run(rig.session.connect())
    assert caught.value.code == 114
    assert not rig.session.is_connected
    await rig.connect()
    assert rig.session.is_connected


@V3_V4
@pytest.mark.parametrize("direction", [TO_DEVICE, TO_HUB])
async def test_disconnect_during_a_request(
    rig_factory: RigFactory, product: Product, direction: Direction
) -> None:
    rig = rig_factory(product)
    await rig.connect()
    rig.settings.add_fault(FaultKind.DISCONNECT, direction, frame=FIRST_REQUEST)
    with pytest.raises(ConnectionClosedError):
        await write_once(rig, product)
    assert rig.disconnects == 1
    assert not rig.session.is_connected
    with pytest.raises(ConnectionClosedError):
        await write_once(rig, product)  # no silent reconnect
    applied = len(rig.device.dp_writes)
    assert applied == (0 if direction is TO_DEVICE else 1)
    await rig.connect()
    await write_once(rig, product)
    assert len(rig.device.dp_writes) == applied + 1

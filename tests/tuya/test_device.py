"""TuyaBLEDevice ⇄ emulator: connection lifecycle, DP state, honest command results.

Everything runs on a ManualScheduler over the virtual link, so deadlines, idle
timeouts and lost answers happen in simulated time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bleak.exc import BleakError
import pytest

from custom_components.tuya_bluetooth.tuya.command_queue import (
    CommandOutcome,
    Settlement,
)
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.device import DeviceEvent, TuyaBLEDevice
from custom_components.tuya_bluetooth.tuya.errors import (
    ConnectError,
    ConnectTimeoutError,
    KeyRejectedError,
)
from custom_components.tuya_bluetooth.tuya.handshake import DeviceCredentials
from custom_components.tuya_bluetooth.tuya.session import DisconnectReason
from simulator.ble.client import VirtualBleakClient
from simulator.ble.faults import Direction, FaultKind, LinkSettings
from simulator.device import DeviceEmulator, EmulatorOptions, ManualScheduler
from simulator.factory import link_settings, make_virtual_device
from simulator.products import LIGHT, LOCK, SWITCH, Product

from .journey import NOW, counting_random, run_simulated

# The switch: DP 1 and 2 are writable bools, DP 7 a writable value 0..86400.
SWITCH_DP = 1
COUNTDOWN_DP = 7


@dataclass
class DeviceRig:
    """A TuyaBLEDevice, the emulator behind its virtual link, and what it heard."""

    device: TuyaBLEDevice
    emulator: DeviceEmulator
    scheduler: ManualScheduler
    settings: LinkSettings
    events: list[DeviceEvent] = field(default_factory=list)

    async def run[T](self, awaitable: Awaitable[T], *, limit: float = 120) -> T:
        return await run_simulated(self.scheduler, awaitable, limit=limit)

    def next_frame_to_hub(self) -> int:
        """Index, on the current connection, of the device's next frame."""
        return len(self.emulator.sent) - self._sent_before

    def mark_connection(self) -> None:
        self._sent_before = len(self.emulator.sent)

    _sent_before: int = 0


def make_device_rig(
    product: Product,
    *,
    bound: bool = True,
    local_key: str | None = None,
    connector: Callable[..., Any] | None = None,
    **device_kwargs: Any,
) -> DeviceRig:
    scheduler = ManualScheduler()
    options = EmulatorOptions()
    options.random_bytes = counting_random()
    emulator, ble_device = make_virtual_device(
        product, bound=bound, scheduler=scheduler, options=options, seed="device"
    )
    identity = emulator.identity
    credentials = DeviceCredentials(
        identity.uuid,
        local_key or identity.local_key,
        identity.device_id,
        auth_key=identity.auth_key,
    )
    session_kwargs: dict[str, Any] = {
        "connect_kwargs": {"backend": VirtualBleakClient, "max_attempts": 1},
        "clock": lambda: NOW,
        "response_timeout": 5.0,
    }
    if connector is not None:
        session_kwargs["connector"] = connector
    device = TuyaBLEDevice(
        ble_device,
        credentials,
        protocol_major=product.protocol_version,
        scheduler=scheduler,
        session_kwargs=session_kwargs,
        **device_kwargs,
    )
    settings = link_settings(ble_device)
    settings.use_scheduler(scheduler)
    rig = DeviceRig(device, emulator, scheduler, settings)
    device.subscribe(rig.events.append)
    return rig


@pytest.fixture
async def rigs() -> AsyncIterator[Callable[..., DeviceRig]]:
    made: list[DeviceRig] = []

    def factory(product: Product, **kwargs: Any) -> DeviceRig:
        rig = make_device_rig(product, **kwargs)
        made.append(rig)
        return rig

    yield factory
    for rig in made:
        await rig.run(rig.device.close())


def bool_dp(dp_id: int, value: bool) -> DataPoint:
    return DataPoint(dp_id, DPType.BOOL, value)


def writes_of(emulator: DeviceEmulator, dp_id: int) -> list[object]:
    return [w.values[dp_id] for w in emulator.dp_writes if dp_id in w.values]


# ---- writes and state -------------------------------------------------------------


@pytest.mark.parametrize("product", [SWITCH, LIGHT], ids=["v3", "v4"])
async def test_write_connects_and_is_acknowledged(
    rigs: Callable[..., DeviceRig], product: Product
) -> None:
    rig = rigs(product)
    dp_id = next(s.dp_id for s in product.dps if s.dp_type == 1 and s.writable)
    result = await rig.run(rig.device.write_dps([bool_dp(dp_id, True)]))
    assert result.outcome is CommandOutcome.ACKNOWLEDGED
    assert result.error is None
    assert rig.emulator.dp_values[dp_id] is True
    assert writes_of(rig.emulator, dp_id) == [True]
    await rig.run(asyncio.sleep(0))
    # The device's confirming report reaches the DP state and the subscribers.
    assert rig.device.dps[dp_id].value is True
    assert any(bool_dp(dp_id, True) in e.dps for e in rig.events)
    assert DeviceEvent(connected=True) in rig.events


async def test_report_from_the_device_updates_state(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH)
    await rig.run(rig.device.ensure_connected())
    rig.emulator.set_dp(COUNTDOWN_DP, 120)
    await rig.run(asyncio.sleep(0))
    assert rig.device.dps[COUNTDOWN_DP] == DataPoint(COUNTDOWN_DP, DPType.VALUE, 120)


async def test_query_returns_every_dp(rigs: Callable[..., DeviceRig]) -> None:
    rig = rigs(LIGHT)
    values = await rig.run(rig.device.query_dps())
    # Enums travel as their index in the DP model's range.
    expected = {
        spec.dp_id: (
            spec.enum_range.index(str(rig.emulator.dp_values[spec.dp_id]))
            if spec.enum_range
            else rig.emulator.dp_values[spec.dp_id]
        )
        for spec in LIGHT.dps
        if spec.dp_id in rig.emulator.dp_values
    }
    assert {dp_id: dp.value for dp_id, dp in values.items()} == expected


async def test_twenty_concurrent_writes_in_order_none_twice(
    rigs: Callable[..., DeviceRig],
) -> None:
    """Twenty writes to two DPs at once: all resolved, in order, none applied twice."""
    rig = rigs(SWITCH)
    await rig.run(rig.device.ensure_connected())
    commands = [
        rig.device.write_dps([bool_dp(SWITCH_DP if i % 2 else 2, bool(i % 4 // 2))])
        for i in range(20)
    ]
    results = await rig.run(asyncio.gather(*commands))
    assert all(r.outcome is CommandOutcome.ACKNOWLEDGED for r in results)
    # Queued writes to the same DP collapse into the newest, which carries their
    # values: each DP is written once, with the last value asked for (DP 2: i=18,
    # DP 1: i=19), in the order the last writes were made.
    assert [w.values for w in rig.emulator.dp_writes] == [{2: True}, {SWITCH_DP: True}]


async def test_writes_to_different_dps_go_in_order(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH)
    first = rig.device.write_dps([bool_dp(SWITCH_DP, True)])
    second = rig.device.write_dps([DataPoint(COUNTDOWN_DP, DPType.VALUE, 30)])
    third = rig.device.write_dps([bool_dp(2, True)])
    results = await rig.run(asyncio.gather(first, second, third))
    assert [r.outcome for r in results] == [CommandOutcome.ACKNOWLEDGED] * 3
    assert [list(w.values) for w in rig.emulator.dp_writes] == [
        [SWITCH_DP],
        [COUNTDOWN_DP],
        [2],
    ]


async def test_refused_write_fails_and_applies_nothing(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH)
    result = await rig.run(
        rig.device.write_dps([DataPoint(COUNTDOWN_DP, DPType.VALUE, 999_999)])
    )
    assert result.outcome is CommandOutcome.FAILED
    assert result.error is not None
    assert result.error.code == 124
    assert COUNTDOWN_DP not in {k for w in rig.emulator.dp_writes for k in w.values}


# ---- uncertain writes ------------------------------------------------------------


async def test_lost_answer_is_uncertain_then_settled_applied(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH, idle_timeout=None)
    rig.mark_connection()
    await rig.run(rig.device.ensure_connected())
    await rig.run(asyncio.sleep(0))
    # Drop the answer and the confirming report: the hub hears nothing back.
    first = rig.next_frame_to_hub()
    for frame in (first, first + 1):
        rig.settings.add_fault(FaultKind.DROP, Direction.TO_HUB, frame=frame)
    result = await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    assert result.outcome is CommandOutcome.UNCERTAIN
    assert rig.emulator.dp_values[SWITCH_DP] is True  # it did arrive
    assert result.settlement is not None
    assert not result.settlement.done()
    # The next connection reads the DP back.
    await rig.run(rig.device.disconnect())
    await rig.run(rig.device.ensure_connected())
    assert await rig.run(result.settlement) is Settlement.APPLIED
    assert writes_of(rig.emulator, SWITCH_DP) == [True]  # never sent again


async def test_write_that_never_arrived_is_settled_not_applied(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH)
    await rig.run(rig.device.ensure_connected())
    await rig.run(asyncio.sleep(0))
    sent_so_far = len(rig.emulator.received)
    rig.settings.add_fault(FaultKind.DROP, Direction.TO_DEVICE, frame=sent_so_far)
    result = await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    assert result.outcome is CommandOutcome.UNCERTAIN
    assert rig.emulator.dp_values[SWITCH_DP] is False
    await rig.run(rig.device.disconnect())
    await rig.run(rig.device.ensure_connected())
    assert result.settlement is not None
    assert await rig.run(result.settlement) is Settlement.NOT_APPLIED
    assert writes_of(rig.emulator, SWITCH_DP) == []


async def test_link_lost_after_sending_is_uncertain(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(LIGHT)
    rig.mark_connection()
    await rig.run(rig.device.ensure_connected())
    await rig.run(asyncio.sleep(0))
    rig.settings.add_fault(
        FaultKind.DISCONNECT, Direction.TO_HUB, frame=rig.next_frame_to_hub()
    )
    result = await rig.run(rig.device.write_dps([bool_dp(20, False)]))
    assert result.outcome is CommandOutcome.UNCERTAIN
    assert rig.device.last_disconnect_reason is DisconnectReason.LOST


# ---- connecting -------------------------------------------------------------------


async def test_wrong_key_is_not_retried(rigs: Callable[..., DeviceRig]) -> None:
    rig = rigs(SWITCH, local_key="wrongkey01234567")
    result = await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    assert result.outcome is CommandOutcome.FAILED
    assert isinstance(result.error, KeyRejectedError)
    assert rig.emulator.connections == 1
    assert rig.emulator.dp_writes == []


async def test_connect_retries_are_bounded(rigs: Callable[..., DeviceRig]) -> None:
    calls: list[int] = []

    async def failing(*_args: Any) -> Any:
        calls.append(1)
        raise BleakError("no luck")

    rig = rigs(SWITCH, connector=failing, connect_attempts=3)
    with pytest.raises(ConnectError):
        await rig.run(rig.device.ensure_connected())
    assert len(calls) == 3


async def test_connect_deadline(rigs: Callable[..., DeviceRig]) -> None:
    async def hanging(*_args: Any) -> Any:
        await asyncio.Event().wait()

    rig = rigs(SWITCH, connector=hanging, connect_deadline=20.0)
    start = rig.scheduler.time()
    with pytest.raises(ConnectTimeoutError) as caught:
        await rig.run(rig.device.ensure_connected())
    assert caught.value.code == 101
    assert 20.0 <= rig.scheduler.time() - start <= 21.0


async def test_one_connect_for_concurrent_callers(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(LOCK)
    await rig.run(asyncio.gather(*(rig.device.ensure_connected() for _ in range(5))))
    assert rig.emulator.connections == 1


async def test_idle_disconnect_then_a_command_reconnects(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(SWITCH, idle_timeout=30.0)
    await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    rig.scheduler.advance(31)
    await rig.run(asyncio.sleep(0))
    assert not rig.device.is_connected
    assert rig.device.last_disconnect_reason is DisconnectReason.IDLE
    result = await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, False)]))
    assert result.outcome is CommandOutcome.ACKNOWLEDGED
    assert writes_of(rig.emulator, SWITCH_DP) == [True, False]
    assert rig.emulator.connections == 2


async def test_unbound_device_info_without_pairing(
    rigs: Callable[..., DeviceRig],
) -> None:
    rig = rigs(LOCK, bound=False, local_key="\x00" * 6)
    info = await rig.run(rig.device.read_device_info())
    assert info.firmware_version == LOCK.firmware_version
    assert not info.bound
    assert not rig.device.is_connected


async def test_close_fails_what_is_queued(rigs: Callable[..., DeviceRig]) -> None:
    async def hanging(*_args: Any) -> Any:
        await asyncio.Event().wait()

    rig = rigs(SWITCH, connector=hanging, connect_deadline=50.0)
    first = asyncio.ensure_future(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    second = asyncio.ensure_future(rig.device.write_dps([bool_dp(2, True)]))
    await asyncio.sleep(0)
    await rig.device.close()
    second_result = await second
    assert second_result.outcome is CommandOutcome.FAILED
    first_result = await rig.run(first)
    assert first_result.outcome is CommandOutcome.FAILED  # the connect timed out
    assert rig.emulator.dp_writes == []


async def test_out_of_slots_waits_for_a_slot_then_connects(
    rigs: Callable[..., DeviceRig],
) -> None:
    """No free proxy slot: the command waits for one instead of failing at once."""
    from bleak_retry_connector import BleakOutOfConnectionSlotsError

    slot_freed = asyncio.Event()
    waits: list[int] = []
    holder: dict[str, Any] = {}

    async def connector(*args: Any) -> Any:
        if not slot_freed.is_set():
            raise BleakOutOfConnectionSlotsError("all slots taken")
        return await holder["real"](*args)

    async def wait_for_slot() -> None:
        waits.append(1)
        await slot_freed.wait()

    rig = rigs(SWITCH, connector=connector, wait_for_slot=wait_for_slot)
    holder["real"] = rig.device.session._establish
    command = asyncio.ensure_future(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    for _ in range(50):
        await asyncio.sleep(0)
    assert waits == [1]
    assert not command.done()
    slot_freed.set()
    result = await rig.run(command)
    assert result.acknowledged
    assert writes_of(rig.emulator, SWITCH_DP) == [True]


async def test_out_of_slots_without_a_wait_fails_not_applied(
    rigs: Callable[..., DeviceRig],
) -> None:
    from bleak_retry_connector import BleakOutOfConnectionSlotsError

    async def connector(*_args: Any) -> Any:
        raise BleakOutOfConnectionSlotsError("all slots taken")

    rig = rigs(SWITCH, connector=connector)
    result = await rig.run(rig.device.write_dps([bool_dp(SWITCH_DP, True)]))
    assert result.outcome is CommandOutcome.FAILED
    assert result.error is not None
    assert type(result.error).__name__ == "OutOfConnectionSlotsError"

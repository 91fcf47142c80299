"""Commands through Home Assistant: many at once, and writes whose answer is lost.

`send_dp` is the action users and automations call; every call ends acknowledged
(returns), failed (a translated error; not applied) or uncertain (a translated
error; read back on the next connection, then reported by log and event).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
import logging

from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.tuya_bluetooth.const import EVENT_COMMAND_SETTLED, RECONNECT_CAP
from simulator.ble.faults import Direction, FaultKind
from simulator.products import SWITCH, Product

from .common import Simulated, device_id_of, send_dp, set_up

# The switch's countdowns: writable values 0..86400, so every command is distinct.
COUNTDOWN_1 = 7
COUNTDOWN_2 = 8
SWITCH_1 = 1


async def test_twenty_concurrent_commands_all_resolve_in_order_none_twice(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    await set_up(hass, device)
    commands = [
        (COUNTDOWN_1 if index % 2 else COUNTDOWN_2, 100 + index) for index in range(20)
    ]
    await asyncio.gather(
        *(send_dp(hass, device, dp_id, value) for dp_id, value in commands)
    )  # none raised: every command ended acknowledged
    for dp_id in (COUNTDOWN_1, COUNTDOWN_2):
        asked = [value for written, value in commands if written == dp_id]
        applied = [
            w.values[dp_id] for w in device.emulator.dp_writes if dp_id in w.values
        ]
        # Queued writes to one DP may collapse into the newest (which carries
        # their values), but what is applied keeps the order, never repeats and
        # ends with the last value asked for.
        assert applied == sorted(set(applied))
        assert set(applied) <= set(asked)
        assert applied[-1] == asked[-1]
        assert device.emulator.dp_values[dp_id] == asked[-1]


def _frames_sent_by_device(device: Simulated) -> int:
    return len(device.emulator.sent)


@pytest.mark.parametrize(
    "lost",
    [
        # The write arrived; the link died before its answer came back.
        (Direction.TO_HUB, "applied", logging.INFO),
        # The link died as the write went out: it never arrived.
        (Direction.TO_DEVICE, "not_applied", logging.WARNING),
    ],
    ids=["answer_lost", "write_lost"],
)
async def test_write_without_an_answer_is_uncertain_then_settled(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
    lost: tuple[Direction, str, int],
) -> None:
    direction, settlement, level = lost
    caplog.set_level(logging.INFO)
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    coordinator = entry.runtime_data.coordinator
    settled: list[Event] = []
    hass.bus.async_listen(EVENT_COMMAND_SETTLED, settled.append)
    # Frames are counted per connection: reconnect, then pick the next one.
    await coordinator.device.disconnect()
    sent_before = _frames_sent_by_device(device)
    received_before = len(device.emulator.received)
    await coordinator.device.ensure_connected()
    await hass.async_block_till_done()
    frame = (
        _frames_sent_by_device(device) - sent_before
        if direction is Direction.TO_HUB
        else len(device.emulator.received) - received_before
    )
    device.link.add_fault(FaultKind.DISCONNECT, direction, frame=frame)

    with pytest.raises(HomeAssistantError) as caught:
        await send_dp(hass, device, SWITCH_1, True)
    assert caught.value.translation_key == "command_uncertain"
    assert device.emulator.dp_values[SWITCH_1] is (settlement == "applied")
    assert settled == []  # not known yet

    # The link was lost: the always-connected policy reconnects after its
    # backoff and reads the DP back.
    device.advertise()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.device.is_connected
    assert [event.data for event in settled] == [
        {
            "device_id": device_id_of(hass, device),
            "address": device.emulator.address,
            "dp_ids": [SWITCH_1],
            "settlement": settlement,
        }
    ]
    record = next(r for r in caplog.records if "got no answer" in r.getMessage())
    assert record.levelno == level
    # Nothing was sent again: applied at most once.
    writes = [w for w in device.emulator.dp_writes if SWITCH_1 in w.values]
    assert len(writes) == (1 if settlement == "applied" else 0)

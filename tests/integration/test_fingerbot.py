"""The Fingerbot (szjqr) through Home Assistant: press, hold, mode and arm settings.

Its expected entities are written first and compared with the registry; then
each control moves the emulator's DPs, and the emulator's reports move states.
In click mode the emulated Fingerbot lets go at once and reports the switch
false, as a real one does after its hold time.
"""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er

from simulator.products import Product
from simulator.products_part2 import FINGERBOT

from .common import (
    Simulated,
    described_entities,
    entity_id_of,
    set_up,
    with_cloud_model,
)

# What a user expects, by entity key: platform, device class, unit, category.
EXPECTED_FINGERBOT = {
    "connection": "binary_sensor connectivity - diagnostic",
    "dp_2": "switch",  # switch: holds the arm down in switch mode
    "dp_2_press": "button",  # switch again: one press in click mode
    "dp_8": "select - - config",  # mode
    "dp_9": "number - % config",  # arm_down_percent
    "dp_10": "number - s config",  # click_sustain_time
    "dp_11": "switch - - config",  # reverse_positions
    "dp_12": "sensor battery % diagnostic",
    "dp_15": "number - % config",  # arm_up_percent
}
# Home Assistant core's names where it has the code.
EXPECTED_NAMES = {
    ("switch", "dp_2"): "Switch",
    ("button", "dp_2_press"): "Press",
    ("select", "dp_8"): "Mode",
    ("number", "dp_9"): "Move down",
    ("number", "dp_15"): "Move up",
    ("number", "dp_10"): "Down delay",
    ("switch", "dp_11"): "Reverse positions",
}


async def _fingerbot(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> tuple[Simulated, dict[str, str]]:
    device = simulate(FINGERBOT)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, FINGERBOT, fresh=True)
    return device, described_entities(hass, entry)


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def _call(hass: HomeAssistant, domain: str, service: str, **data: object) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)
    await hass.async_block_till_done()


async def test_fingerbot_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, found = await _fingerbot(hass, simulate)
    assert found == EXPECTED_FINGERBOT
    registry = er.async_get(hass)
    for (platform, key), name in EXPECTED_NAMES.items():
        registered = registry.async_get(entity_id_of(hass, device, platform, key))
        assert registered is not None
        assert registered.original_name == name, key
    mode = _state(hass, entity_id_of(hass, device, "select", "dp_8"))
    assert mode.state == "click"
    assert mode.attributes["options"] == ["click", "switch", "program"]


async def test_press_in_click_mode_is_released(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fingerbot(hass, simulate)
    emulator = device.emulator
    switch = entity_id_of(hass, device, "switch", "dp_2")
    press = entity_id_of(hass, device, "button", "dp_2_press")

    await _call(hass, "button", "press", entity_id=press)
    assert emulator.dp_writes[-1].values == {2: True}
    assert emulator.dp_values[2] is False  # let go by itself
    # A real Fingerbot reports the release after its hold time, well after the
    # write's acknowledgment: that report turns the switch off.
    emulator.set_dp(2, False)
    await hass.async_block_till_done()
    assert _state(hass, switch).state == "off"


async def test_release_reported_during_the_write_has_the_last_word(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fingerbot(hass, simulate)
    switch = entity_id_of(hass, device, "switch", "dp_2")
    press = entity_id_of(hass, device, "button", "dp_2_press")
    await _call(hass, "button", "press", entity_id=press)
    assert device.emulator.dp_values[2] is False
    assert _state(hass, switch).state == "off"


async def test_switch_mode_holds_the_arm(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fingerbot(hass, simulate)
    emulator = device.emulator
    switch = entity_id_of(hass, device, "switch", "dp_2")
    mode = entity_id_of(hass, device, "select", "dp_8")

    await _call(hass, "select", "select_option", entity_id=mode, option="switch")
    assert emulator.dp_values[8] == "switch"
    assert _state(hass, mode).state == "switch"

    await _call(hass, "switch", "turn_on", entity_id=switch)
    assert emulator.dp_values[2] is True
    assert _state(hass, switch).state == "on"
    await _call(hass, "switch", "turn_off", entity_id=switch)
    assert emulator.dp_values.get(2) is False
    assert _state(hass, switch).state == "off"

    emulator.set_dp(2, True)  # pressed on the device
    await hass.async_block_till_done()
    assert _state(hass, switch).state == "on"
    emulator.set_dp(8, "click")
    await hass.async_block_till_done()
    assert _state(hass, mode).state == "click"


async def test_arm_settings(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fingerbot(hass, simulate)
    emulator = device.emulator
    down = entity_id_of(hass, device, "number", "dp_9")
    up = entity_id_of(hass, device, "number", "dp_15")
    hold = entity_id_of(hass, device, "number", "dp_10")
    reverse = entity_id_of(hass, device, "switch", "dp_11")

    await _call(hass, "number", "set_value", entity_id=down, value=60)
    assert emulator.dp_values[9] == 60
    await _call(hass, "number", "set_value", entity_id=up, value=10)
    assert emulator.dp_values[15] == 10
    await _call(hass, "number", "set_value", entity_id=hold, value=2.5)
    assert emulator.dp_values[10] == 25  # tenths of a second on the wire
    assert float(_state(hass, hold).state) == 2.5
    await _call(hass, "switch", "turn_on", entity_id=reverse)
    assert emulator.dp_values[11] is True
    assert _state(hass, reverse).state == "on"

    emulator.set_dp(9, 70)  # changed in the Tuya app
    await hass.async_block_till_done()
    assert float(_state(hass, down).state) == 70
    emulator.set_dp(12, 40)
    await hass.async_block_till_done()
    battery = entity_id_of(hass, device, "sensor", "dp_12")
    assert float(_state(hass, battery).state) == 40

"""Lights through Home Assistant: the v2 colour light and the two v1 lights.

What a user expects of each product is written first as a table; then every
light service moves the emulator's DPs (in one write) and the emulator's own
reports move the light's state.
"""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.components.light.const import (
    ATTR_BRIGHTNESS,
    ATTR_COLOR_MODE,
    ATTR_COLOR_TEMP_KELVIN,
    ATTR_HS_COLOR,
    ATTR_MAX_COLOR_TEMP_KELVIN,
    ATTR_MIN_COLOR_TEMP_KELVIN,
    ATTR_SUPPORTED_COLOR_MODES,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.tuya_bluetooth.const import DOMAIN
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from simulator.products import LIGHT, DpSpec, DpType, Product
from simulator.products_part2 import COLOUR_LIGHT_V1, WHITE_LIGHT

from .common import Simulated, entity_id_of, entity_keys, set_up, with_cloud_model


@dataclass(frozen=True)
class Expected:
    """One product: its entities, the light's colour modes and written values."""

    product: Product
    entities: dict[str, str]  # key -> platform, as the registry should hold them
    color_modes: list[str]
    switch: int  # DP ids of the roles
    mode: int
    brightness: int
    color_temp: int
    colour: int | None
    brightness_128: int  # the DP value for Home Assistant's brightness 128
    kelvin_4600: int  # ... for 4600 K
    kelvin_shown: int  # what 4600 K reads back as
    green_full: str | None  # hs (120, 50) at brightness 255, encoded
    green_half: str | None  # ... at brightness 128


# The light consumes switch_led, work_mode, brightness, temperature and colour;
# the other DPs keep their single-DP entities.
V2_COLOUR = Expected(
    product=LIGHT,
    entities={
        "connection": "binary_sensor",
        "dp_20_light": "light",  # 20-24: switch, mode, brightness, temp, colour
        "dp_25": "text",  # scene_data_v2: no catalog entry, generic text
        "dp_26": "number",  # countdown_1
    },
    color_modes=["color_temp", "hs"],
    switch=20,
    mode=21,
    brightness=22,
    color_temp=23,
    colour=24,
    brightness_128=505,  # 10-1000
    kelvin_4600=500,  # 0-1000
    kelvin_shown=4600,
    green_full="007801f403e8",  # HHHHSSSSVVVV, s/v 0-1000
    green_half="007801f401f6",
)
V1_WHITE = Expected(
    product=WHITE_LIGHT,
    entities={"connection": "binary_sensor", "dp_1_light": "light"},
    color_modes=["color_temp"],
    switch=1,
    mode=2,
    brightness=3,
    color_temp=4,
    colour=None,
    brightness_128=140,  # 25-255
    kelvin_4600=128,  # 0-255
    kelvin_shown=4607,
    green_full=None,
    green_half=None,
)
V1_COLOUR = Expected(
    product=COLOUR_LIGHT_V1,
    entities={"connection": "binary_sensor", "dp_1_light": "light"},
    color_modes=["color_temp", "hs"],
    switch=1,
    mode=2,
    brightness=3,
    color_temp=4,
    colour=5,
    brightness_128=140,
    kelvin_4600=128,
    kelvin_shown=4607,
    green_full="7fff7f007880ff",  # RRGGBB0HHHSSVV, s/v 0-255
    green_half="40804000788080",
)
CASES = [V2_COLOUR, V1_WHITE, V1_COLOUR]


def _ids(case: Expected) -> str:
    return case.product.product_id


async def _light(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], case: Expected
) -> tuple[Simulated, str]:
    device = simulate(case.product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, case.product, fresh=True)
    return device, entity_id_of(hass, device, "light", f"dp_{case.switch}_light")


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def _light_call(
    hass: HomeAssistant, service: str, entity_id: str, **data: Any
) -> None:
    await hass.services.async_call(
        "light", service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


async def _written(
    hass: HomeAssistant,
    device: Simulated,
    entity_id: str,
    service: str,
    **data: Any,
) -> list[dict[int, Any]]:
    """The writes the emulator applied for one service call."""
    before = len(device.emulator.dp_writes)
    await _light_call(hass, service, entity_id, **data)
    return [write.values for write in device.emulator.dp_writes[before:]]


@pytest.mark.parametrize("case", CASES, ids=_ids)
async def test_entities_of_each_light(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], case: Expected
) -> None:
    _device, light = await _light(hass, simulate, case)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    assert entity_keys(hass, entry) == case.entities
    registered = er.async_get(hass).async_get(light)
    assert registered is not None
    assert registered.original_name is None  # named after the device
    assert registered.translation_key is None
    state = _state(hass, light)
    assert state.state == STATE_OFF  # switch_led starts false
    assert state.attributes[ATTR_SUPPORTED_COLOR_MODES] == case.color_modes
    assert state.attributes[ATTR_MIN_COLOR_TEMP_KELVIN] == 2700
    assert state.attributes[ATTR_MAX_COLOR_TEMP_KELVIN] == 6500


@pytest.mark.parametrize("case", CASES, ids=_ids)
async def test_white_services_write_one_command(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], case: Expected
) -> None:
    device, light = await _light(hass, simulate, case)
    dps = device.emulator.dp_values

    assert await _written(hass, device, light, "turn_on") == [{case.switch: True}]
    assert dps[case.switch] is True
    assert _state(hass, light).state == STATE_ON

    writes = await _written(hass, device, light, "turn_on", **{ATTR_BRIGHTNESS: 128})
    assert writes == [
        {case.switch: True, case.mode: "white", case.brightness: case.brightness_128}
    ]
    assert dps[case.brightness] == case.brightness_128
    state = _state(hass, light)
    assert state.attributes[ATTR_BRIGHTNESS] == 128
    assert state.attributes[ATTR_COLOR_MODE] == "color_temp"

    writes = await _written(
        hass, device, light, "turn_on", **{ATTR_COLOR_TEMP_KELVIN: 4600}
    )
    assert writes == [
        {case.switch: True, case.mode: "white", case.color_temp: case.kelvin_4600}
    ]
    state = _state(hass, light)
    assert state.attributes[ATTR_COLOR_TEMP_KELVIN] == case.kelvin_shown
    assert state.attributes[ATTR_COLOR_MODE] == "color_temp"

    # Both at once: still one command.
    writes = await _written(
        hass,
        device,
        light,
        "turn_on",
        **{ATTR_COLOR_TEMP_KELVIN: 2700, ATTR_BRIGHTNESS: 255},
    )
    assert len(writes) == 1
    assert writes[0][case.color_temp] == 0
    assert writes[0][case.brightness] == (1000 if case is V2_COLOUR else 255)

    assert await _written(hass, device, light, "turn_off") == [{case.switch: False}]
    assert dps[case.switch] is False
    assert _state(hass, light).state == STATE_OFF


@pytest.mark.parametrize("case", [V2_COLOUR, V1_COLOUR], ids=_ids)
async def test_colour_services_write_one_command(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], case: Expected
) -> None:
    device, light = await _light(hass, simulate, case)
    assert case.colour is not None
    writes = await _written(
        hass,
        device,
        light,
        "turn_on",
        **{ATTR_HS_COLOR: (120, 50), ATTR_BRIGHTNESS: 255},
    )
    assert writes == [
        {case.switch: True, case.mode: "colour", case.colour: case.green_full}
    ]
    assert device.emulator.dp_values[case.colour] == case.green_full
    state = _state(hass, light)
    assert state.attributes[ATTR_COLOR_MODE] == "hs"
    hue, saturation = state.attributes[ATTR_HS_COLOR]
    assert hue == 120
    assert saturation == pytest.approx(50, abs=0.3)
    assert state.attributes[ATTR_BRIGHTNESS] == 255

    # Brightness alone in colour mode dims the colour, not the white channel.
    writes = await _written(hass, device, light, "turn_on", **{ATTR_BRIGHTNESS: 128})
    assert writes == [
        {case.switch: True, case.mode: "colour", case.colour: case.green_half}
    ]
    assert _state(hass, light).attributes[ATTR_BRIGHTNESS] == 128

    # A colour without brightness keeps the brightness the light has.
    writes = await _written(
        hass, device, light, "turn_on", **{ATTR_HS_COLOR: (120, 50)}
    )
    assert writes == [
        {case.switch: True, case.mode: "colour", case.colour: case.green_half}
    ]

    # Back to white: work_mode white with the temperature.
    writes = await _written(
        hass, device, light, "turn_on", **{ATTR_COLOR_TEMP_KELVIN: 4600}
    )
    assert writes == [
        {case.switch: True, case.mode: "white", case.color_temp: case.kelvin_4600}
    ]
    assert _state(hass, light).attributes[ATTR_COLOR_MODE] == "color_temp"


@pytest.mark.parametrize("case", CASES, ids=_ids)
async def test_the_devices_reports_move_the_state(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], case: Expected
) -> None:
    device, light = await _light(hass, simulate, case)
    emulator = device.emulator

    emulator.set_dp(case.switch, True)  # switched on at the lamp
    await hass.async_block_till_done()
    assert _state(hass, light).state == STATE_ON

    emulator.set_dp(case.brightness, case.brightness_128)
    emulator.set_dp(case.color_temp, case.kelvin_4600)
    await hass.async_block_till_done()
    state = _state(hass, light)
    assert state.attributes[ATTR_BRIGHTNESS] == 128
    assert state.attributes[ATTR_COLOR_TEMP_KELVIN] == case.kelvin_shown

    if case.colour is not None:
        assert case.green_full is not None
        emulator.set_dp(case.colour, case.green_full)
        emulator.set_dp(case.mode, "colour")
        await hass.async_block_till_done()
        state = _state(hass, light)
        assert state.attributes[ATTR_COLOR_MODE] == "hs"
        assert state.attributes[ATTR_HS_COLOR][0] == 120
        assert state.attributes[ATTR_BRIGHTNESS] == 255  # the colour's value

    # A scene keeps the last white or colour mode on show.
    last = _state(hass, light).attributes[ATTR_COLOR_MODE]
    emulator.set_dp(case.mode, "scene")
    await hass.async_block_till_done()
    assert _state(hass, light).attributes[ATTR_COLOR_MODE] == last

    emulator.set_dp(case.mode, "white")
    await hass.async_block_till_done()
    assert _state(hass, light).attributes[ATTR_COLOR_MODE] == "color_temp"

    emulator.set_dp(case.switch, False)
    await hass.async_block_till_done()
    assert _state(hass, light).state == STATE_OFF


@pytest.mark.parametrize("case", [V2_COLOUR, V1_WHITE], ids=_ids)
async def test_an_odd_value_is_logged_once_and_unknown(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
    case: Expected,
) -> None:
    device, light = await _light(hass, simulate, case)
    device.emulator.set_dp(case.switch, True)
    await hass.async_block_till_done()
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    coordinator = entry.runtime_data.coordinator
    caplog.set_level(logging.WARNING)
    # Past the model's range (firmware newer than its model): twice, logged once.
    for value in (5000, 6000):
        coordinator.device.acknowledged(
            [DataPoint(case.brightness, DPType.VALUE, value)]
        )
        await hass.async_block_till_done()
    state = _state(hass, light)
    assert state.state == STATE_ON
    assert state.attributes[ATTR_BRIGHTNESS] is None
    assert caplog.text.count("which its model does not allow") == 1
    assert f"DP {case.brightness} reported 5000" in caplog.text


async def test_a_colour_the_device_refuses_raises_a_translated_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """The v1 light reported a colour in the 12-digit v2 form, so the light
    answers in that form; the simulated firmware refuses anything but its
    14-digit form, and the service call fails with the translated error."""
    device, light = await _light(hass, simulate, V1_COLOUR)
    device.emulator.set_dp(5, "007803e803e8")
    await hass.async_block_till_done()
    before = dict(device.emulator.dp_values)
    with pytest.raises(HomeAssistantError) as raised:
        await _light_call(hass, "turn_on", light, **{ATTR_HS_COLOR: (240, 100)})
    assert raised.value.translation_domain == DOMAIN
    assert raised.value.translation_key == "command_failed"
    assert "did not apply the command" in str(raised.value)
    assert device.emulator.dp_values == before  # nothing applied
    assert _state(hass, light).state == STATE_OFF


# A one-channel dimmer (tgq) with its brightness window, made up for this test
# from the dimmer codes of Home Assistant core's tuya integration (light.py,
# number.py): no public BLE DP table of a dimmer was found.
DIMMER = dataclasses.replace(
    WHITE_LIGHT,
    product_id="tst0tgq1",
    category="tgq",
    name="Test dimmer",
    dps=(
        DpSpec(1, "switch_led", DpType.BOOL, default=True),
        DpSpec(
            2, "bright_value_v2", DpType.VALUE, minimum=10, maximum=1000, default=500
        ),
        DpSpec(
            3, "brightness_min_1", DpType.VALUE, minimum=10, maximum=1000, default=100
        ),
        DpSpec(
            4, "brightness_max_1", DpType.VALUE, minimum=10, maximum=1000, default=900
        ),
    ),
    uncertain=("made up for this test",),
)


async def test_a_dimmer_dims_within_its_window(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    case = dataclasses.replace(V1_WHITE, product=DIMMER)
    device, light = await _light(hass, simulate, case)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    # The window stays two numbers (settings); the light reads them.
    assert entity_keys(hass, entry) == {
        "connection": "binary_sensor",
        "dp_1_light": "light",
        "dp_3": "number",
        "dp_4": "number",
    }
    state = _state(hass, light)
    assert state.attributes[ATTR_SUPPORTED_COLOR_MODES] == ["brightness"]
    assert state.attributes[ATTR_BRIGHTNESS] == 128  # 500 of 100-900

    # No work_mode: only the switch and the brightness are written.
    assert await _written(hass, device, light, "turn_on", **{ATTR_BRIGHTNESS: 1}) == [
        {1: True, 2: 100}
    ]
    writes = await _written(hass, device, light, "turn_on", **{ATTR_BRIGHTNESS: 255})
    assert writes == [{1: True, 2: 900}]

    # Below its window the lamp is as dim as it goes.
    device.emulator.set_dp(2, 50)
    await hass.async_block_till_done()
    assert _state(hass, light).attributes[ATTR_BRIGHTNESS] == 1
    # A new window moves the same DP value.
    device.emulator.set_dp(3, 10)
    device.emulator.set_dp(4, 1000)
    await hass.async_block_till_done()
    assert _state(hass, light).attributes[ATTR_BRIGHTNESS] == 11

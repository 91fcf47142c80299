"""The radiator valve's climate entity and the entities around it, through Home Assistant.

The expected entities come first, as a user of the valve would expect them;
then every climate service moves the emulator's DPs, and the valve's own
reports move the climate entity's state.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import dataclasses
import logging
import random
from typing import Any

from homeassistant.components.climate.const import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_HVAC_MODES,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_PRESET_MODE,
    ATTR_PRESET_MODES,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpModel,
    DpType,
)
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from simulator.model import DpSpec, DpType as SimDpType
from simulator.products import Product
from simulator.products_part2_climate import RADIATOR_VALVE

from .common import (
    Simulated,
    described,
    entity_id_of,
    send_dp,
    set_up,
    with_cloud_model,
)

# The valve's DPs (simulator/products_part2_climate.py).
MODE, WINDOW, SWITCH, CURRENT, TARGET = 2, 7, 101, 102, 103
CLIMATE_KEY = f"dp_{TARGET}_climate"  # named after its first role's DP

# What a user of the valve expects: platform, device class, unit, category.
EXPECTED = {
    "connection": "binary_sensor connectivity - diagnostic",
    CLIMATE_KEY: "climate",  # target 103, current 102, switch 101, mode 2
    "dp_7": "binary_sensor window",  # window_state
    "dp_8": "switch - - config",  # window_check: open-window detection
    "dp_10": "switch - - config",  # frost protection
    "dp_13": "sensor battery % diagnostic",
    "dp_14": "sensor - %",  # valve opening
    "dp_27": "number - °C config",  # temperature correction
    "dp_40": "switch - - config",  # child lock
}


def _limit(dp_id: int, code: str, low: int, high: int, default: int) -> DpSpec:
    return DpSpec(
        dp_id,
        code,
        SimDpType.VALUE,
        minimum=low,
        maximum=high,
        unit="℃",
        default=default,
    )


# A wall thermostat (wk) with the limits of Tuya's wk page: the target may go
# no higher than upper_temp and no lower than lower_temp.
LIMITED = dataclasses.replace(
    RADIATOR_VALVE,
    product_id="sim0wk01",
    category="wk",
    dps=(
        *RADIATOR_VALVE.dps,
        _limit(19, "upper_temp", 20, 40, 25),
        _limit(20, "lower_temp", 0, 20, 10),
    ),
)
# The valve with a Fahrenheit target (Tuya's temp_set_f) and a Celsius reading.
FAHRENHEIT = dataclasses.replace(
    RADIATOR_VALVE,
    product_id="sim0wf29",
    dps=tuple(
        dataclasses.replace(
            spec, code="temp_set_f", minimum=410, maximum=860, unit="℉", default=700
        )
        if spec.dp_id == TARGET
        else spec
        for spec in RADIATOR_VALVE.dps
    ),
)


async def _fresh(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], product: Product
) -> tuple[Simulated, ConfigEntry]:
    """The product set up from the account's model, as a fresh install."""
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product, fresh=True)
    return device, entry


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def _call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


@pytest.fixture
async def valve(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> tuple[Simulated, str]:
    device, _ = await _fresh(hass, simulate, RADIATOR_VALVE)
    return device, entity_id_of(hass, device, CLIMATE, CLIMATE_KEY)


async def test_the_valve_shows_the_expected_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, entry = await _fresh(hass, simulate, RADIATOR_VALVE)
    registry = er.async_get(hass)
    prefix = f"{entry.unique_id}-"
    registered = er.async_entries_for_config_entry(registry, entry.entry_id)
    found = {r.unique_id.removeprefix(prefix): described(r) for r in registered}
    assert found == EXPECTED
    for entity in registered:
        assert _state(hass, entity.entity_id).state != "unavailable"

    climate_id = entity_id_of(hass, device, CLIMATE, CLIMATE_KEY)
    climate = registry.async_get(climate_id)
    assert climate is not None
    assert climate.translation_key == "thermostat"
    state = _state(hass, climate_id)
    assert climate.device_id is not None
    owner = dr.async_get(hass).async_get(climate.device_id)
    assert owner is not None
    assert state.name == owner.name  # the device's main feature: its own name
    assert state.state == "heat"  # switch on, mode manual
    assert state.attributes[ATTR_HVAC_MODES] == ["off", "heat", "auto"]
    assert state.attributes[ATTR_PRESET_MODES] == ["none", "eco", "away"]
    assert state.attributes[ATTR_PRESET_MODE] == "none"
    assert state.attributes[ATTR_CURRENT_TEMPERATURE] == 19.5  # 195, scale 1
    assert state.attributes[ATTR_TEMPERATURE] == 21.0
    assert state.attributes[ATTR_MIN_TEMP] == 5.0
    assert state.attributes[ATTR_MAX_TEMP] == 30.0
    assert state.attributes[ATTR_TARGET_TEMP_STEP] == 0.5
    window = _state(hass, entity_id_of(hass, device, "binary_sensor", "dp_7"))
    assert window.state == "off"  # closed
    opening = _state(hass, entity_id_of(hass, device, "sensor", "dp_14"))
    assert float(opening.state) == 35


async def test_hvac_modes_write_switch_and_mode(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    device, climate = valve
    emulator = device.emulator

    await _call(hass, SERVICE_SET_HVAC_MODE, climate, hvac_mode="off")
    # Only the switch: the mode stays for when the valve is turned on again.
    assert emulator.dp_writes[-1].values == {SWITCH: False}
    assert emulator.dp_values[MODE] == "manual"
    assert _state(hass, climate).state == "off"

    await _call(hass, SERVICE_SET_HVAC_MODE, climate, hvac_mode="auto")
    assert emulator.dp_writes[-1].values == {SWITCH: True, MODE: "auto"}  # one write
    assert _state(hass, climate).state == "auto"

    await _call(hass, SERVICE_SET_HVAC_MODE, climate, hvac_mode="heat")
    assert emulator.dp_writes[-1].values == {MODE: "manual"}  # already on
    assert _state(hass, climate).state == "heat"

    with pytest.raises(ServiceValidationError) as raised:
        await _call(hass, SERVICE_SET_HVAC_MODE, climate, hvac_mode="cool")
    assert raised.value.translation_key == "not_valid_hvac_mode"


async def test_presets_write_the_mode(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    device, climate = valve
    emulator = device.emulator

    await _call(hass, SERVICE_SET_PRESET_MODE, climate, preset_mode="away")
    assert emulator.dp_writes[-1].values == {MODE: "holiday"}
    state = _state(hass, climate)
    assert (state.state, state.attributes[ATTR_PRESET_MODE]) == ("heat", "away")

    await _call(hass, SERVICE_TURN_OFF, climate)
    await _call(hass, SERVICE_SET_PRESET_MODE, climate, preset_mode="eco")
    # Switched off: a preset turns the valve on in the same write.
    assert emulator.dp_writes[-1].values == {SWITCH: True, MODE: "eco"}
    state = _state(hass, climate)
    assert (state.state, state.attributes[ATTR_PRESET_MODE]) == ("heat", "eco")

    await _call(hass, SERVICE_SET_PRESET_MODE, climate, preset_mode="none")
    assert emulator.dp_values[MODE] == "manual"  # back to the mode eco heated in
    assert _state(hass, climate).attributes[ATTR_PRESET_MODE] == "none"

    with pytest.raises(ServiceValidationError) as raised:
        await _call(hass, SERVICE_SET_PRESET_MODE, climate, preset_mode="boost")
    assert raised.value.translation_key == "not_valid_preset_mode"


async def test_target_temperature_is_scaled_and_put_on_the_step(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    device, climate = valve
    emulator = device.emulator

    await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=22.5)
    assert emulator.dp_values[TARGET] == 225  # tenths of a degree
    assert _state(hass, climate).attributes[ATTR_TEMPERATURE] == 22.5

    await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=21.3)
    assert emulator.dp_values[TARGET] == 215  # the valve sets halves
    await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=21.2)
    assert emulator.dp_values[TARGET] == 210

    writes = len(emulator.dp_writes)
    for outside in (4.5, 30.5):
        with pytest.raises(ServiceValidationError) as raised:
            await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=outside)
        assert raised.value.translation_key == "temp_out_of_range"
    assert len(emulator.dp_writes) == writes  # nothing was sent

    # With an HVAC mode: both in one write.
    await _call(
        hass, SERVICE_SET_TEMPERATURE, climate, temperature=18, hvac_mode="auto"
    )
    assert emulator.dp_writes[-1].values == {MODE: "auto", TARGET: 180}
    state = _state(hass, climate)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("auto", 18.0)


async def test_turn_off_and_on_keep_the_mode(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    device, climate = valve
    emulator = device.emulator
    await _call(hass, SERVICE_SET_PRESET_MODE, climate, preset_mode="eco")

    await _call(hass, SERVICE_TURN_OFF, climate)
    assert emulator.dp_values[SWITCH] is False
    assert _state(hass, climate).state == "off"

    await _call(hass, SERVICE_TURN_ON, climate)
    assert emulator.dp_writes[-1].values == {SWITCH: True}
    state = _state(hass, climate)
    assert (state.state, state.attributes[ATTR_PRESET_MODE]) == ("heat", "eco")


async def test_mode_off_chosen_elsewhere_switches_the_valve_off(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    """Mode "off" written by another hub: the valve turns its switch off too."""
    device, climate = valve
    emulator = device.emulator
    await send_dp(hass, device, MODE, "off")
    await hass.async_block_till_done()
    assert emulator.dp_values[SWITCH] is False  # the valve's own report
    assert _state(hass, climate).state == "off"

    # Turning on leaves "off" for heat, and turns the switch back on.
    await _call(hass, SERVICE_TURN_ON, climate)
    assert emulator.dp_writes[-1].values == {SWITCH: True, MODE: "manual"}
    assert _state(hass, climate).state == "heat"


async def test_the_valves_reports_move_the_state(
    hass: HomeAssistant, valve: tuple[Simulated, str]
) -> None:
    device, climate = valve
    emulator = device.emulator

    emulator.set_dp(CURRENT, 231)
    emulator.set_dp(TARGET, 175)
    await hass.async_block_till_done()
    state = _state(hass, climate)
    assert state.attributes[ATTR_CURRENT_TEMPERATURE] == 23.1
    assert state.attributes[ATTR_TEMPERATURE] == 17.5

    emulator.set_dp(MODE, "auto")
    await hass.async_block_till_done()
    assert _state(hass, climate).state == "auto"

    emulator.set_dp(MODE, "holiday")
    await hass.async_block_till_done()
    state = _state(hass, climate)
    assert (state.state, state.attributes[ATTR_PRESET_MODE]) == ("heat", "away")

    emulator.set_dp(SWITCH, False)  # the valve's button
    await hass.async_block_till_done()
    assert _state(hass, climate).state == "off"

    emulator.set_dp(SWITCH, True)
    emulator.set_dp(WINDOW, "opened")
    await hass.async_block_till_done()
    assert _state(hass, climate).state == "heat"
    window = entity_id_of(hass, device, "binary_sensor", "dp_7")
    assert _state(hass, window).state == "on"


async def test_a_mode_outside_the_model_is_unknown_and_logged_once(
    hass: HomeAssistant,
    valve: tuple[Simulated, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, climate = valve
    (entry,) = hass.config_entries.async_entries("tuya_bluetooth")
    coordinator = entry.runtime_data.coordinator
    caplog.set_level(logging.WARNING)
    for index in (9, 10):  # past the five labels of the model
        coordinator.device.acknowledged([DataPoint(MODE, DPType.ENUM, index)])
        await hass.async_block_till_done()
    state = _state(hass, climate)
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_PRESET_MODE] is None
    assert caplog.text.count("which its model does not allow") == 1


async def test_limits_bound_the_target(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fresh(hass, simulate, LIMITED)
    climate = entity_id_of(hass, device, CLIMATE, CLIMATE_KEY)
    # The limits stay settings of their own.
    registry = er.async_get(hass)
    for dp_id in (19, 20):
        limit = registry.async_get(entity_id_of(hass, device, "number", f"dp_{dp_id}"))
        assert limit is not None
        assert described(limit) == "number temperature °C config"
    state = _state(hass, climate)
    assert (state.attributes[ATTR_MIN_TEMP], state.attributes[ATTR_MAX_TEMP]) == (
        10.0,
        25.0,
    )
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=26)

    device.emulator.set_dp(19, 28)
    await hass.async_block_till_done()
    assert _state(hass, climate).attributes[ATTR_MAX_TEMP] == 28.0
    await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=26)
    assert device.emulator.dp_values[TARGET] == 260


async def test_a_fahrenheit_target(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """Home Assistant (metric here) converts; the DP gets tenths of a °F."""
    device, _ = await _fresh(hass, simulate, FAHRENHEIT)
    climate = entity_id_of(hass, device, CLIMATE, CLIMATE_KEY)
    state = _state(hass, climate)
    assert state.attributes[ATTR_TEMPERATURE] == 21.1  # 70.0 °F
    # The reading is in °C: the entity converts it to °F, Home Assistant back.
    assert state.attributes[ATTR_CURRENT_TEMPERATURE] == 19.5
    assert state.attributes[ATTR_MIN_TEMP] == 5.0  # 41 °F
    assert state.attributes[ATTR_MAX_TEMP] == 30.0  # 86 °F

    await _call(hass, SERVICE_SET_TEMPERATURE, climate, temperature=22)
    assert device.emulator.dp_values[TARGET] == 715  # 71.6 °F on the half step


def _odd_model(rng: random.Random) -> DeviceDpModel:
    """The valve's DP ids under the climate's codes, with any type and spec.

    DP 103 is always a target, so there is a climate entity to try.
    """
    codes = ["temp_set_f", "temp_current", "switch", "mode", "upper_temp"]
    dps = [
        DpModel(
            dp_id=dp_id,
            code="temp_set" if dp_id == TARGET else rng.choice(codes),
            type=DpType.VALUE
            if dp_id == TARGET
            else rng.choice([DpType.VALUE, DpType.ENUM, DpType.BOOL]),
            minimum=rng.randint(-500, 500),
            maximum=rng.randint(-500, 500),  # min > max included
            scale=rng.randint(0, 3),
            step=rng.randint(0, 7),
            unit=rng.choice(["", "℃", "℉", "%"]),
            range=tuple(rng.sample(["off", "manual", "auto", "eco", "x y"], 3)),
        )
        for dp_id in (MODE, SWITCH, CURRENT, TARGET, 19)
    ]
    return DeviceDpModel(tuple(dps), "thing_model")


@pytest.mark.parametrize("seed", range(4))
async def test_odd_models_give_a_working_entity(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
    seed: int,
) -> None:
    """Whatever the model says, the valve reports its own types: no errors."""
    rng = random.Random(seed)
    device = simulate(RADIATOR_VALVE)
    entry = await set_up(hass, device)
    hass.config_entries.async_update_entry(
        entry,
        data={**entry.data, "category": "wk", "dp_model": _odd_model(rng).to_dict()},
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    (climate,) = [
        r.entity_id
        for r in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if r.domain == CLIMATE
    ]
    state = _state(hass, climate)
    calls: list[tuple[str, dict[str, Any]]] = [
        (SERVICE_SET_HVAC_MODE, {"hvac_mode": mode})
        for mode in state.attributes[ATTR_HVAC_MODES]
    ]
    calls += [
        (SERVICE_SET_PRESET_MODE, {"preset_mode": preset})
        for preset in state.attributes.get(ATTR_PRESET_MODES) or ()
    ]
    calls += [
        (SERVICE_SET_TEMPERATURE, {"temperature": state.attributes[bound]})
        for bound in (ATTR_MIN_TEMP, ATTR_MAX_TEMP)
    ]
    for service, data in calls:
        # The valve may refuse a write its real model does not allow.
        with contextlib.suppress(HomeAssistantError):
            await _call(hass, service, climate, **data)
    assert _state(hass, climate).state is not None
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]

"""Entities from the catalog and the generic fallback, through Home Assistant.

The expected entities of each product are written here first, from what a user
of the device would expect; then service calls move the emulator's DPs and the
emulator's own reports move the entities' states.
"""

from __future__ import annotations

from collections.abc import Callable
import logging

from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from simulator.products import SENSOR, SWITCH, Product
from simulator.products_part1 import GADGET
from simulator.products_part1_sensors import DOOR_SENSOR, SCENE_SWITCH

from .common import (
    Simulated,
    entity_id_of,
    entity_keys,
    set_up,
    with_cloud_model,
)

# What a user expects of each product, by entity key (dp_<id>) and platform.
EXPECTED_SWITCH = {
    "connection": "binary_sensor",
    "dp_1": "switch",  # switch_1
    "dp_2": "switch",  # switch_2
    "dp_7": "number",  # countdown_1
    "dp_8": "number",  # countdown_2
    "dp_14": "select",  # relay_status
}
EXPECTED_SENSOR = {
    "connection": "binary_sensor",
    "dp_1": "sensor",  # temperature
    "dp_2": "sensor",  # humidity
    "dp_3": "sensor",  # battery state
    "dp_4": "sensor",  # battery
    "dp_9": "select",  # temperature unit
}


async def _set_up_from_cloud(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], product: Product
) -> Simulated:
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product)
    return device


async def test_switch_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = await _set_up_from_cloud(hass, simulate, SWITCH)
    (entry,) = hass.config_entries.async_entries("tuya_bluetooth")
    assert entity_keys(hass, entry) == EXPECTED_SWITCH
    gang = entity_id_of(hass, device, "switch", "dp_1")
    state = hass.states.get(gang)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_DEVICE_CLASS] == "outlet"

    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: gang}, blocking=True
    )
    assert device.emulator.dp_values[1] is True
    assert hass.states.get(gang).state == STATE_ON  # type: ignore[union-attr]

    # Pressed on the device itself: its report turns the entity off.
    device.emulator.set_dp(1, False)
    await hass.async_block_till_done()
    assert hass.states.get(gang).state == STATE_OFF  # type: ignore[union-attr]

    countdown = entity_id_of(hass, device, "number", "dp_7")
    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: countdown, "value": 90}, blocking=True
    )
    assert device.emulator.dp_values[7] == 90
    assert float(hass.states.get(countdown).state) == 90  # type: ignore[union-attr]

    relay = entity_id_of(hass, device, "select", "dp_14")
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: relay, "option": "last"},
        blocking=True,
    )
    # Enums go over Bluetooth as their index in the model's range.
    assert device.emulator.dp_values[14] == "last"
    assert hass.states.get(relay).state == "last"  # type: ignore[union-attr]
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "select",
            "select_option",
            {ATTR_ENTITY_ID: relay, "option": "sideways"},
            blocking=True,
        )


async def test_sensor_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = await _set_up_from_cloud(hass, simulate, SENSOR)
    (entry,) = hass.config_entries.async_entries("tuya_bluetooth")
    keys = entity_keys(hass, entry)
    assert keys == EXPECTED_SENSOR
    temperature = hass.states.get(entity_id_of(hass, device, "sensor", "dp_1"))
    assert temperature is not None
    assert temperature.attributes[ATTR_DEVICE_CLASS] == "temperature"
    assert temperature.attributes[ATTR_UNIT_OF_MEASUREMENT] == "°C"
    assert float(temperature.state) == 21.5  # 215 at scale 1
    humidity = hass.states.get(entity_id_of(hass, device, "sensor", "dp_2"))
    assert humidity is not None
    assert humidity.attributes[ATTR_DEVICE_CLASS] == "humidity"
    battery_id = entity_id_of(hass, device, "sensor", "dp_4")
    battery = er.async_get(hass).async_get(battery_id)
    assert battery is not None
    assert battery.entity_category == "diagnostic"

    device.emulator.set_dp(1, 237)
    await hass.async_block_till_done()
    temperature = hass.states.get(entity_id_of(hass, device, "sensor", "dp_1"))
    assert temperature is not None
    assert float(temperature.state) == 23.7


async def test_manual_entry_gets_entities_from_what_the_device_reports(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """No cloud model: booleans become switches, everything else readings."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    assert entity_keys(hass, entry) == {
        "connection": "binary_sensor",
        "dp_1": "switch",
        "dp_2": "switch",
        "dp_7": "sensor",
        "dp_8": "sensor",
        "dp_14": "sensor",
    }
    state = hass.states.get(entity_id_of(hass, device, "switch", "dp_2"))
    assert state is not None
    assert state.name is not None
    assert state.name.endswith("DP 2")


async def test_odd_value_is_logged_once_and_shown_as_unknown(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = await _set_up_from_cloud(hass, simulate, SWITCH)
    relay = entity_id_of(hass, device, "select", "dp_14")
    caplog.set_level(logging.WARNING)
    coordinator = hass.config_entries.async_entries("tuya_bluetooth")[
        0
    ].runtime_data.coordinator
    # Indexes past the model's range (a firmware newer than its model).
    for index in (9, 10):
        coordinator.device.acknowledged([DataPoint(14, DPType.ENUM, index)])
        await hass.async_block_till_done()
    assert hass.states.get(relay).state == STATE_UNKNOWN  # type: ignore[union-attr]
    assert caplog.text.count("which its model does not allow") == 1


async def test_a_dp_the_model_lacks_adds_its_entity(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """The firmware is newer than the cloud model: DP 8 is not in the model."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, SWITCH, without=frozenset({8}), fresh=True)
    # Connecting, the device reported every DP, DP 8 too: the model learnt it
    # (type only) and the entry keeps it; its entity was added on the spot.
    learnt = [dp for dp in entry.data["dp_model"]["dps"] if dp["dp_id"] == 8]
    assert learnt == [{"dp_id": 8, "code": "dp_8", "type": "value", "access": "rw"}]
    assert entity_keys(hass, entry)["dp_8"] == "sensor"
    device.emulator.set_dp(8, 30)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id_of(hass, device, "sensor", "dp_8"))
    assert state is not None
    assert state.state == "30"
    # The catalog's entities of the DPs the model has are unchanged.
    assert entity_keys(hass, entry)["dp_7"] == "number"


async def test_door_sensor_follows_the_device_reports(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = await _set_up_from_cloud(hass, simulate, DOOR_SENSOR)
    door = entity_id_of(hass, device, "binary_sensor", "dp_1")
    assert hass.states.get(door).state == STATE_OFF  # type: ignore[union-attr]
    device.emulator.set_dp(1, True)  # opened
    await hass.async_block_till_done()
    assert hass.states.get(door).state == STATE_ON  # type: ignore[union-attr]


async def test_scene_switch_presses_are_events(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = await _set_up_from_cloud(hass, simulate, SCENE_SWITCH)
    button = entity_id_of(hass, device, "event", "dp_1")
    state = hass.states.get(button)
    assert state is not None
    assert state.state == STATE_UNKNOWN  # nothing pressed yet
    assert state.attributes["event_types"] == ["click", "double_click", "press"]
    fired = []
    for press in ("click", "click", "double_click"):
        device.emulator.set_dp(1, press)
        await hass.async_block_till_done()
        state = hass.states.get(button)
        assert state is not None
        fired.append((state.state, state.attributes["event_type"]))
    # The same press twice is two events (two timestamps), not one state.
    assert [event_type for _when, event_type in fired] == [
        "click",
        "click",
        "double_click",
    ]
    assert len({when for when, _type in fired}) == 3


async def test_text_and_button_of_an_unknown_product(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = await _set_up_from_cloud(hass, simulate, GADGET)
    text = entity_id_of(hass, device, "text", "dp_102")
    assert hass.states.get(text).state == "hello"  # type: ignore[union-attr]
    await hass.services.async_call(
        "text", "set_value", {ATTR_ENTITY_ID: text, "value": "bonjour"}, blocking=True
    )
    assert device.emulator.dp_values[102] == "bonjour"
    assert hass.states.get(text).state == "bonjour"  # type: ignore[union-attr]

    find_me = entity_id_of(hass, device, "button", "dp_106")
    writes = len(device.emulator.dp_writes)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: find_me}, blocking=True
    )
    assert [w.values for w in device.emulator.dp_writes[writes:]] == [{106: True}]

    # A fault bit set on the device turns on its problem sensor, and only it.
    device.emulator.set_dp(101, 0b100)  # low_voltage
    await hass.async_block_till_done()
    bits = [
        hass.states.get(
            entity_id_of(hass, device, "binary_sensor", f"dp_101_bit_{bit}")
        )
        for bit in range(4)
    ]
    assert [bit.state for bit in bits if bit is not None] == [
        STATE_OFF,
        STATE_OFF,
        STATE_ON,
        STATE_OFF,
    ]

    # A number between steps is put on the step (and clamped).
    offset = entity_id_of(hass, device, "number", "dp_104")
    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: offset, "value": 2.2}, blocking=True
    )
    assert device.emulator.dp_values[104] == 20  # 2.0 at scale 1, step 0.5

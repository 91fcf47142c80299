"""A device set up with keys, given its category in the options.

Without a cloud model the entities come from what the device reports (types
only); naming the category in the options gives its usual DP ids the catalog's
entities, and "unknown" takes them back. Registry entries are kept where a DP
keeps its platform, and dropped where it changes platform.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.light import ATTR_BRIGHTNESS, ATTR_COLOR_TEMP_KELVIN
from homeassistant.config_entries import ConfigEntry, ConfigFlowResult
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from simulator.products import SENSOR, SWITCH, Product
from simulator.products_part2 import WHITE_LIGHT

from .common import Simulated, entity_id_of, entity_keys, set_up, with_cloud_model

TYPE_ONLY_SWITCH = {
    "connection": "binary_sensor",
    "dp_1": "switch",
    "dp_2": "switch",
    "dp_7": "sensor",
    "dp_8": "sensor",
    "dp_14": "sensor",
}
CATALOG_SWITCH = {
    "connection": "binary_sensor",
    "dp_1": "switch",  # switch_1
    "dp_2": "switch",  # switch_2
    "dp_7": "number",  # countdown_1
    "dp_8": "number",  # countdown_2
    "dp_14": "select",  # relay_status
}


def _schema_fields(result: ConfigFlowResult) -> dict[str, Any]:
    """The form's fields by name, with their suggested values."""
    schema = result["data_schema"]
    assert schema is not None
    return {
        str(key): (key.description or {}).get("suggested_value")
        for key in schema.schema
    }


async def _choose(hass: HomeAssistant, entry: ConfigEntry, category: str) -> None:
    """The options form, submitted with a category; the entry reloads."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] == "form"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"connection_policy": "always", "idle_timeout": 30, "category": category},
    )
    assert result["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)


def _registered(hass: HomeAssistant, entry: ConfigEntry) -> list[er.RegistryEntry]:
    return er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)


async def test_switch_gets_the_catalog_entities_and_back(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    assert entity_keys(hass, entry) == TYPE_ONLY_SWITCH
    gang = entity_id_of(hass, device, "switch", "dp_1")
    registry_id = er.async_get(hass).async_get(gang).id  # type: ignore[union-attr]

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert _schema_fields(result)["category"] == "unknown"
    await _choose(hass, entry, "kg")

    assert entry.options["category"] == "kg"
    assert entity_keys(hass, entry) == CATALOG_SWITCH
    # One registry entry per entity: the sensors the countdowns were are gone.
    assert len(_registered(hass, entry)) == len(CATALOG_SWITCH)
    # The gang kept its entity id and registry entry, and is now the catalog's.
    assert entity_id_of(hass, device, "switch", "dp_1") == gang
    registered = er.async_get(hass).async_get(gang)
    assert registered is not None
    assert registered.id == registry_id
    state = hass.states.get(gang)
    assert state is not None
    assert state.attributes[ATTR_DEVICE_CLASS] == "outlet"
    assert state.name is not None
    assert state.name.endswith("Switch 1")
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: gang}, blocking=True
    )
    assert device.emulator.dp_values[1] is True

    # The table's enum values and ranges are the entities' own now.
    relay = entity_id_of(hass, device, "select", "dp_14")
    assert hass.states.get(relay).state == "power_off"  # type: ignore[union-attr]
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: relay, "option": "last"},
        blocking=True,
    )
    assert device.emulator.dp_values[14] == "last"
    countdown = entity_id_of(hass, device, "number", "dp_7")
    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: countdown, "value": 90}, blocking=True
    )
    assert device.emulator.dp_values[7] == 90

    # The form offers the choice made.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert _schema_fields(result)["category"] == "kg"
    hass.config_entries.options.async_abort(result["flow_id"])

    await _choose(hass, entry, "unknown")
    assert entity_keys(hass, entry) == TYPE_ONLY_SWITCH
    assert len(_registered(hass, entry)) == len(TYPE_ONLY_SWITCH)
    assert entity_id_of(hass, device, "switch", "dp_1") == gang
    state = hass.states.get(gang)
    assert state is not None
    assert ATTR_DEVICE_CLASS not in state.attributes
    assert state.name is not None
    assert state.name.endswith("DP 1")


async def test_sensor_reading_gets_its_scale_unit_and_class(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SENSOR)
    entry = await set_up(hass, device)
    temperature = entity_id_of(hass, device, "sensor", "dp_1")
    state = hass.states.get(temperature)
    assert state is not None
    assert state.state == "215"  # types only: the raw tenths
    assert ATTR_DEVICE_CLASS not in state.attributes

    await _choose(hass, entry, "wsdcg")
    assert entity_keys(hass, entry) == {
        "connection": "binary_sensor",
        "dp_1": "sensor",  # temperature
        "dp_2": "sensor",  # humidity
        "dp_3": "sensor",  # battery state
        "dp_4": "sensor",  # battery
        "dp_9": "select",  # temperature unit
    }
    assert entity_id_of(hass, device, "sensor", "dp_1") == temperature
    state = hass.states.get(temperature)
    assert state is not None
    assert state.attributes[ATTR_DEVICE_CLASS] == "temperature"
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == "°C"
    assert float(state.state) == 21.5
    device.emulator.set_dp(1, 237)
    await hass.async_block_till_done()
    assert float(hass.states.get(temperature).state) == 23.7  # type: ignore[union-attr]
    humidity = hass.states.get(entity_id_of(hass, device, "sensor", "dp_2"))
    assert humidity is not None
    assert humidity.attributes[ATTR_DEVICE_CLASS] == "humidity"
    battery_state = hass.states.get(entity_id_of(hass, device, "sensor", "dp_3"))
    assert battery_state is not None
    assert battery_state.state == "high"
    battery = er.async_get(hass).async_get(entity_id_of(hass, device, "sensor", "dp_4"))
    assert battery is not None
    assert battery.entity_category == "diagnostic"
    assert len(_registered(hass, entry)) == 6

    await _choose(hass, entry, "unknown")
    state = hass.states.get(temperature)
    assert state is not None
    assert state.state == "237"
    assert ATTR_DEVICE_CLASS not in state.attributes


async def test_a_device_with_a_cloud_model_keeps_the_clouds_category(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """No category field; a category left in the options changes nothing."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    await _choose(hass, entry, "wsdcg")
    await with_cloud_model(hass, entry, SWITCH)
    assert entity_keys(hass, entry) == CATALOG_SWITCH

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert set(_schema_fields(result)) == {"connection_policy", "idle_timeout"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"connection_policy": "always", "idle_timeout": 40}
    )
    assert result["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "category" not in entry.options
    assert entity_keys(hass, entry) == CATALOG_SWITCH


async def test_leaving_the_category_out_keeps_it(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """A form sent without the optional field (an automation, an old client)."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    await _choose(hass, entry, "kg")
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"connection_policy": "on_demand", "idle_timeout": 20}
    )
    assert result["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options["category"] == "kg"
    assert entity_keys(hass, entry) == CATALOG_SWITCH


async def test_a_v1_light_becomes_one_light(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """DP 1-4 of a dj light make the light; their type-only entities go."""
    device = simulate(WHITE_LIGHT)
    entry = await set_up(hass, device)
    assert entity_keys(hass, entry) == {
        "connection": "binary_sensor",
        "dp_1": "switch",
        "dp_2": "sensor",
        "dp_3": "sensor",
        "dp_4": "sensor",
    }
    await _choose(hass, entry, "dj")
    assert entity_keys(hass, entry) == {
        "connection": "binary_sensor",
        "dp_1_light": "light",
    }
    assert len(_registered(hass, entry)) == 2
    light = entity_id_of(hass, device, "light", "dp_1_light")
    await hass.services.async_call(
        "light",
        "turn_on",
        {ATTR_ENTITY_ID: light, ATTR_BRIGHTNESS: 128, ATTR_COLOR_TEMP_KELVIN: 4600},
        blocking=True,
    )
    values = device.emulator.dp_values
    # The table's ranges: brightness 25-255, colour temperature 0-255.
    assert (values[1], values[3], values[4]) == (True, 140, 128)
    assert hass.states.get(light).state == STATE_ON  # type: ignore[union-attr]

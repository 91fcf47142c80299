"""Every simulated product of the catalog's first part, set up with its cloud model.

The tables below are what a user of each product expects to see (platform,
device class, unit, entity category; "off" = disabled by default), written
before the catalog was; the test compares them with Home Assistant's entity
registry and checks that every enabled entity has a state.
"""

from __future__ import annotations

from collections.abc import Callable
import random

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.tuya_bluetooth.catalog import CATALOG
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)
from simulator.products import SWITCH, Product
from simulator.products_part1 import PART1_PRODUCTS

from .common import Simulated, described_entities, set_up, with_cloud_model

EXPECTED: dict[str, dict[str, str]] = {
    "kg": {  # 2-gang switch
        "dp_1": "switch outlet",
        "dp_2": "switch outlet",
        "dp_7": "number - s config",  # countdown_1
        "dp_8": "number - s config",
        "dp_14": "select - - config",  # relay_status
    },
    "cz": {  # metering socket
        "dp_1": "switch outlet",
        "dp_17": "sensor energy kWh",
        "dp_18": "sensor current mA",
        "dp_19": "sensor power W",
        "dp_20": "sensor voltage V",
        "dp_38": "select - - config",
        "dp_41": "switch - - config",  # child lock
    },
    "pc": {  # power strip
        "dp_1": "switch outlet",
        "dp_2": "switch outlet",
        "dp_3": "switch outlet",
        "dp_7": "switch",  # USB port: no outlet
    },
    "tdq": {  # switch module
        "dp_1": "switch outlet",
        "dp_7": "number - s config",
        "dp_14": "select - - config",
        "dp_15": "select - - config",
    },
    "wsdcg": {  # temperature and humidity sensor
        "dp_1": "sensor temperature °C",
        "dp_2": "sensor humidity %",
        "dp_3": "sensor enum - diagnostic",  # battery state
        "dp_4": "sensor battery % diagnostic",
        "dp_9": "select - - config",  # temperature unit
    },
    "ldcg": {  # light sensor
        "dp_1": "sensor enum",
        "dp_2": "sensor illuminance lx",
        "dp_4": "sensor battery % diagnostic",
        "dp_5": "sensor temperature °C",
        "dp_6": "sensor humidity %",
    },
    "co2bj": {  # CO2 detector
        "dp_1": "binary_sensor safety",
        "dp_2": "sensor carbon_dioxide ppm",
        "dp_5": "select - - config",
        "dp_6": "number duration s config",
        "dp_15": "sensor battery % diagnostic",
        "dp_18": "sensor temperature °C",
        "dp_19": "sensor humidity %",
    },
    "cobj": {  # CO detector
        "dp_1": "binary_sensor safety",
        "dp_2": "sensor carbon_monoxide ppm",
        "dp_14": "sensor enum - diagnostic",
    },
    "mcs": {  # door sensor
        "dp_1": "binary_sensor door",
        "dp_2": "sensor battery % diagnostic",
        "dp_4": "binary_sensor tamper - diagnostic",
    },
    "pir": {
        "dp_1": "binary_sensor motion",
        "dp_3": "sensor enum - diagnostic",
    },
    "hps": {  # presence sensor
        "dp_1": "binary_sensor occupancy",
        "dp_2": "number - - config",
        "dp_3": "number distance cm config",
        "dp_4": "number distance cm config",
        "dp_9": "sensor - cm",
    },
    "sj": {
        "dp_1": "binary_sensor moisture",
        "dp_4": "sensor battery % diagnostic",
    },
    "ywbj": {  # smoke alarm
        "dp_1": "binary_sensor smoke",
        "dp_2": "sensor - - diagnostic",
        "dp_14": "sensor enum - diagnostic",
        "dp_16": "switch - - config",  # mute
    },
    "rqbj": {
        "dp_1": "binary_sensor gas",
        "dp_2": "sensor",
    },
    "sos": {
        "dp_1": "binary_sensor safety",
        "dp_2": "sensor battery % diagnostic",
    },
    "zd": {  # vibration sensor: one enum, three binary sensors
        "dp_1_vibration": "binary_sensor vibration",
        "dp_1_drop": "binary_sensor",
        "dp_1_tilt": "binary_sensor",
        "dp_4": "sensor battery % diagnostic",
        "dp_5": "number - - config",
    },
    "wxkg": {  # scene switch
        "dp_1": "event button",
        "dp_2": "event button",
        "dp_10": "sensor battery % diagnostic",
    },
    "zwjcy": {  # soil sensor
        "dp_3": "sensor humidity %",
        "dp_5": "sensor temperature °C",
        "dp_15": "sensor battery % diagnostic",
    },
    "xyzzy": {  # a category nobody knows: everything by type and access
        "dp_1": "switch",
        **{
            f"dp_101_bit_{bit}": "binary_sensor problem - diagnostic"
            for bit in range(10)
        },
        "dp_102": "text",
        "dp_103": "sensor - - diagnostic off",
        "dp_104": "number - °C config",
        "dp_105": "select - - config",
        "dp_106": "button",
        "dp_150": "sensor - s",
    },
}


@pytest.mark.parametrize("product", PART1_PRODUCTS, ids=lambda p: p.category)
async def test_product_shows_the_expected_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], product: Product
) -> None:
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product, fresh=True)
    registry = er.async_get(hass)
    found = described_entities(hass, entry)
    assert found == {
        "connection": "binary_sensor connectivity - diagnostic",
        **EXPECTED[product.category],
    }
    for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
        if registered.disabled_by is None:
            state = hass.states.get(registered.entity_id)
            assert state is not None, registered.entity_id
            assert state.state != STATE_UNAVAILABLE, registered.entity_id
            assert state.name, registered.entity_id


def test_every_product_of_the_part_has_a_table() -> None:
    assert {product.category for product in PART1_PRODUCTS} == set(EXPECTED)


def _random_model(rng: random.Random) -> DeviceDpModel:
    """A model as odd as clouds send: any type on the device's DP ids, min > max,
    empty enums, big scales, codes of the catalog on the wrong types."""
    known_codes = sorted(
        {code for entry in CATALOG.values() for code in entry.entities}
    )
    dps = []
    for dp_id in rng.sample([1, 2, 7, 8, 14, 30, 101, 200], k=rng.randint(1, 8)):
        dp_type = rng.choice(list(DpType))
        low, high = rng.randint(-1000, 1000), rng.randint(-1000, 1000)
        dps.append(
            DpModel(
                dp_id=dp_id,
                code=rng.choice([*known_codes, f"odd_{dp_id}", f"dp_{dp_id}"]),
                type=dp_type,
                access=rng.choice(list(DpAccess)),
                minimum=low,
                maximum=high,
                scale=rng.randint(0, 5),
                step=rng.randint(0, 50),
                unit=rng.choice(["", "℃", "%", "lux", "s", "zz"]),
                range=tuple(f"opt{i}" for i in range(rng.randint(0, 4))),
                labels=tuple(f"bit{i}" for i in range(rng.randint(0, 3))),
            )
        )
    return DeviceDpModel(tuple(dps), "thing_model")


@pytest.mark.parametrize("seed", range(6))
async def test_generated_models_set_up_without_errors(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
    seed: int,
) -> None:
    """The switch reports DPs 1, 2, 7, 8, 14 whatever the model says they are."""
    rng = random.Random(seed)
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    model = _random_model(rng)
    category = rng.choice([*sorted(CATALOG), "xyzzy"])
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, "category": category, "dp_model": model.to_dict()}
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    registry = er.async_get(hass)
    for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
        if registered.disabled_by is None:
            state = hass.states.get(registered.entity_id)
            assert state is not None, registered.entity_id
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    odd = [r.getMessage() for r in caplog.records if "does not allow" in r.getMessage()]
    assert len(odd) == len(set(odd))  # each odd value logged once per entity

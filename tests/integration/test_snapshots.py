"""Snapshots of the entities of the entities' second part, product by product.

The expected entities are written as tables in each platform's tests
(test_light.py, test_lock.py, test_climate.py, test_cover_valve.py,
test_fingerbot.py); the snapshots add everything else Home Assistant keeps of
them — names, entity ids, translation keys, supported features, attributes
and the states the emulator's defaults give — so any change shows in review.
"""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion

from simulator.products import LIGHT, Product
from simulator.products_part2 import (
    COLOUR_LIGHT_V1,
    CURTAIN,
    FINGERBOT,
    WATER_VALVE,
    WHITE_LIGHT,
)
from simulator.products_part2_climate import RADIATOR_VALVE
from simulator.products_part2_locks import LOCK_BOOL_DP6, LOCK_CHECK_CODE, LOCK_RAW_DP6

from .common import Simulated, set_up, with_cloud_model

PART2_PRODUCTS = (
    LIGHT,
    WHITE_LIGHT,
    COLOUR_LIGHT_V1,
    LOCK_CHECK_CODE,
    LOCK_RAW_DP6,
    LOCK_BOOL_DP6,
    RADIATOR_VALVE,
    CURTAIN,
    WATER_VALVE,
    FINGERBOT,
)


@pytest.mark.parametrize("product", PART2_PRODUCTS, ids=lambda p: p.product_id)
async def test_entities_match_the_snapshot(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    snapshot: SnapshotAssertion,
    product: Product,
) -> None:
    # Home Assistant's serializer leaves out ids and times that change per run.
    snapshot = snapshot.use_extension(HomeAssistantSnapshotExtension)
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product)
    registry = er.async_get(hass)
    entries = sorted(
        er.async_entries_for_config_entry(registry, entry.entry_id),
        key=lambda registered: registered.unique_id,
    )
    for registered in entries:
        assert registered == snapshot(name=f"{registered.unique_id}-entry")
        state = hass.states.get(registered.entity_id)
        if registered.disabled_by is None:
            assert state == snapshot(name=f"{registered.unique_id}-state")
        else:
            assert state is None

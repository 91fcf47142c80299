"""The lights' composites: which DPs a light takes and which keep an entity."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.tuya_bluetooth.catalog import CATALOG
from custom_components.tuya_bluetooth.catalog.model import Platform
from custom_components.tuya_bluetooth.resolver import resolve
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)


def _dp(dp_id: int, code: str, dp_type: DpType, **extra: Any) -> DpModel:
    return DpModel(dp_id=dp_id, code=code, type=dp_type, **extra)


def _platforms(category: str, *dps: DpModel) -> dict[str, Platform]:
    model = DeviceDpModel(dps, "thing_model")
    return {entity.key: entity.platform for entity in resolve(category, model)}


V1_LAMP = (
    _dp(1, "switch_led", DpType.BOOL),
    _dp(2, "work_mode", DpType.ENUM, range=("white", "colour")),
    _dp(3, "bright_value", DpType.VALUE, minimum=25, maximum=255),
    _dp(4, "temp_value", DpType.VALUE, minimum=0, maximum=255),
    _dp(5, "colour_data", DpType.STRING),
    _dp(6, "countdown_1", DpType.VALUE, maximum=86400),
)


@pytest.mark.parametrize("category", ["dj", "xdd", "fwd", "dc", "dd"])
def test_a_lamp_is_one_light_and_its_timer(category: str) -> None:
    assert _platforms(category, *V1_LAMP) == {
        "dp_1_light": Platform.LIGHT,
        "dp_6": Platform.NUMBER,
    }


def test_v2_codes_are_preferred_and_v1_twins_keep_an_entity() -> None:
    model = DeviceDpModel(
        (
            _dp(20, "switch_led", DpType.BOOL),
            _dp(22, "bright_value_v2", DpType.VALUE, minimum=10, maximum=1000),
            _dp(3, "bright_value", DpType.VALUE, minimum=25, maximum=255),
        ),
        "thing_model",
    )
    (light, twin) = resolve("dj", model)
    assert light.roles["brightness"].dp_id == 22
    assert twin.key == "dp_3"


def test_a_read_only_brightness_is_no_role() -> None:
    """The light writes its roles: a DP it may not write stays a reading."""
    platforms = _platforms(
        "dj",
        _dp(1, "switch_led", DpType.BOOL),
        _dp(3, "bright_value", DpType.VALUE, access=DpAccess.RO),
    )
    assert platforms == {"dp_1_light": Platform.LIGHT, "dp_3": Platform.SENSOR}


def test_no_switch_led_no_light() -> None:
    platforms = _platforms(
        "dj", _dp(3, "bright_value_v2", DpType.VALUE, minimum=10, maximum=1000)
    )
    assert platforms == {"dp_3": Platform.NUMBER}


def test_ceiling_light_with_night_light() -> None:
    model = DeviceDpModel(
        (*V1_LAMP[:3], _dp(9, "switch_night_light", DpType.BOOL)), "thing_model"
    )
    entities = {entity.key: entity for entity in resolve("xdd", model)}
    assert {key: entity.platform for key, entity in entities.items()} == {
        "dp_1_light": Platform.LIGHT,
        "dp_9_light": Platform.LIGHT,
    }
    assert entities["dp_1_light"].translation_key is None
    assert entities["dp_9_light"].translation_key == "night_light"


def test_dimmer_windows_stay_numbers_and_gangs_need_brightness() -> None:
    dps = (
        _dp(1, "switch_led", DpType.BOOL),
        _dp(2, "bright_value_v2", DpType.VALUE, minimum=10, maximum=1000),
        _dp(3, "brightness_min_1", DpType.VALUE, minimum=10, maximum=1000),
        _dp(4, "brightness_max_1", DpType.VALUE, minimum=10, maximum=1000),
        _dp(7, "switch_led_1", DpType.BOOL),
        _dp(8, "bright_value_1", DpType.VALUE, minimum=10, maximum=1000),
        _dp(9, "switch_led_2", DpType.BOOL),  # no bright_value_2: a switch
    )
    model = DeviceDpModel(dps, "thing_model")
    entities = {entity.key: entity for entity in resolve("tgq", model)}
    assert {key: entity.platform for key, entity in entities.items()} == {
        "dp_1_light": Platform.LIGHT,
        "dp_7_light": Platform.LIGHT,
        "dp_3": Platform.NUMBER,
        "dp_4": Platform.NUMBER,
        "dp_9": Platform.SWITCH,
    }
    assert set(entities["dp_1_light"].roles) == {
        "switch",
        "brightness",
        "brightness_min",
        "brightness_max",
    }
    assert entities["dp_1_light"].translation_key is None
    assert entities["dp_7_light"].translation_key == "light_1"


def test_tgkg_gangs_with_their_windows() -> None:
    dps = tuple(
        dp
        for gang in (1, 2, 3)
        for dp in (
            _dp(gang, f"switch_led_{gang}", DpType.BOOL),
            _dp(10 + gang, f"bright_value_{gang}", DpType.VALUE, maximum=1000),
            _dp(20 + gang, f"brightness_min_{gang}", DpType.VALUE, maximum=1000),
        )
    )
    entities = resolve("tgkg", DeviceDpModel(dps, "thing_model"))
    lights = [entity for entity in entities if entity.platform is Platform.LIGHT]
    assert [light.translation_key for light in lights] == [
        "light_1",
        "light_2",
        "light_3",
    ]
    assert [light.roles["brightness_min"].dp_id for light in lights] == [21, 22, 23]
    numbers = sorted(e.key for e in entities if e.platform is Platform.NUMBER)
    assert numbers == ["dp_21", "dp_22", "dp_23"]


def test_every_light_category_has_its_light() -> None:
    for category in ("dj", "xdd", "fwd", "dc", "dd", "tgq", "tgkg"):
        composites = CATALOG[category].composites
        assert composites, category
        assert all(c.platform is Platform.LIGHT for c in composites)
        for composite in composites:
            assert composite.roles["switch"].required
            assert set(composite.keep) <= set(composite.roles)

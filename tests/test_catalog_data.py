"""The entity catalog's data holds together: names, units, classes, icons.

Pure Python: the catalog is plain data, so these tests read it and the JSON
files beside it. Home Assistant is imported only to check device class values
against its enums.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.components.binary_sensor import BinarySensorDeviceClass
from homeassistant.components.button import ButtonDeviceClass
from homeassistant.components.event import EventDeviceClass
from homeassistant.components.number import NumberDeviceClass
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.components.switch import SwitchDeviceClass
import pytest

from custom_components.tuya_bluetooth.catalog import (
    CATALOG,
    COMMON,
    DEVICE_CLASS_UNITS,
    NEVER_EXPOSED,
    UNIT_ALIASES,
    EntityCategory,
    EntitySpec,
    Platform,
)
from custom_components.tuya_bluetooth.catalog.common import numbered

INTEGRATION = Path(__file__).parent.parent / "custom_components" / "tuya_bluetooth"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Every category the catalog must cover, by the group it belongs to.
REQUIRED = {
    "switches": ("kg", "cz", "pc", "tdq"),
    "sensors": (
        "wsdcg",
        "ldcg",
        "co2bj",
        "cobj",
        "mcs",
        "pir",
        "hps",
        "sj",
        "ywbj",
        "rqbj",
        "sos",
        "zd",
        "wxkg",
        "zwjcy",
    ),
    "appliances": ("bh", "cwwsq", "jsq", "szjqr"),
    "lights": ("dj", "xdd", "fwd", "dc", "dd", "tgq", "tgkg"),
    "locks": ("ms", "jtmspro", "jtmsbh"),
    "others": ("wkf", "wk", "cl", "clkg", "sfkzq", "ggq"),
}
REQUIRED_CATEGORIES = sorted({code for group in REQUIRED.values() for code in group})
BATTERY_CODES = (
    "battery_percentage",
    "battery",
    "battery_value",
    "va_battery",
    "battery_state",
    "residual_electricity",
)
# Which Home Assistant enum a platform's device class must belong to; None:
# the platform takes no device class.
DEVICE_CLASSES: dict[Platform, frozenset[str] | None] = {
    Platform.SENSOR: frozenset(SensorDeviceClass),
    Platform.BINARY_SENSOR: frozenset(BinarySensorDeviceClass),
    Platform.NUMBER: frozenset(NumberDeviceClass),
    Platform.SWITCH: frozenset(SwitchDeviceClass),
    Platform.EVENT: frozenset(EventDeviceClass),
    Platform.BUTTON: frozenset(ButtonDeviceClass),
    Platform.SELECT: None,
    Platform.TEXT: None,
}
STATE_CLASSES = {"measurement", "total", "total_increasing"}


def _load(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(
        (INTEGRATION / name).read_text(encoding="utf-8")
    )
    return result


def _tables() -> Iterator[tuple[str, Mapping[str, tuple[EntitySpec, ...]]]]:
    yield "COMMON", COMMON
    for category, entry in CATALOG.items():
        yield category, entry.entities


def _specs() -> Iterator[tuple[str, str, EntitySpec]]:
    """(table, DP code, spec) for every entry of every table."""
    for table, entities in _tables():
        for code, specs in entities.items():
            for spec in specs:
                yield table, code, spec


SPECS = list(_specs())


def _ids(specs: list[tuple[str, str, EntitySpec]]) -> list[str]:
    return [f"{table}:{code}:{spec.key or '-'}" for table, code, spec in specs]


def _used_keys() -> set[tuple[str, str]]:
    """Translation keys of single-DP entries and of entities on several DPs."""
    return {
        (spec.platform.value, spec.translation_key)
        for _, _, spec in SPECS
        if spec.translation_key is not None
    } | {
        (composite.platform.value, composite.translation_key)
        for entry in CATALOG.values()
        for composite in entry.composites
        if composite.translation_key is not None
    }


@pytest.fixture(scope="module")
def entity_strings() -> dict[str, Any]:
    result: dict[str, Any] = _load("strings.json")["entity"]
    return result


def test_every_required_category_is_catalogued() -> None:
    assert sorted(set(REQUIRED_CATEGORIES) - set(CATALOG)) == []


def test_catalog_is_keyed_by_category_and_shares_exist() -> None:
    for category, entry in CATALOG.items():
        assert entry.category == category
        assert entry.name.strip()
        assert entry.source.startswith("https://"), category
        for shared in entry.shares:
            assert shared in CATALOG, f"{category} shares unknown {shared}"
            assert shared != category


def test_sources_cite_public_pages_only() -> None:
    for category, entry in CATALOG.items():
        for url in entry.source.split():
            assert url.startswith(
                ("https://developer.tuya.com/", "https://github.com/home-assistant/")
            ), f"{category}: {url}"


def test_every_category_has_entries() -> None:
    """A category with an empty table must at least share another's."""
    for category, entry in CATALOG.items():
        assert entry.entities or entry.shares, category


def test_cz_and_pc_share_the_switch_tables() -> None:
    assert "kg" in CATALOG["pc"].shares
    assert {"kg", "pc"} <= set(CATALOG["cz"].shares)
    assert "cur_power" in CATALOG["kg"].entities


def test_battery_codes_are_common_and_diagnostic() -> None:
    for code in BATTERY_CODES:
        assert code in COMMON, code
        for spec in COMMON[code]:
            assert spec.entity_category is EntityCategory.DIAGNOSTIC, code
            assert spec.platform is Platform.SENSOR, code


@pytest.mark.parametrize(("table", "code", "spec"), SPECS, ids=_ids(SPECS))
def test_translation_key_has_a_name_with_matching_placeholders(
    table: str, code: str, spec: EntitySpec, entity_strings: dict[str, Any]
) -> None:
    if spec.translation_key is None:
        assert not spec.placeholders, "placeholders without a translation key"
        return
    entry = entity_strings.get(spec.platform.value, {}).get(spec.translation_key)
    assert entry is not None, (
        f"entity.{spec.platform.value}.{spec.translation_key} missing"
    )
    name = entry["name"]
    assert set(PLACEHOLDER.findall(name)) == set(spec.placeholders), name


def test_every_entity_gets_a_name() -> None:
    """Without a translation key, only the device class can name the entity."""
    nameless = [
        f"{table}:{code}"
        for table, code, spec in SPECS
        if spec.translation_key is None and spec.device_class is None
    ]
    assert nameless == []


def test_translation_keys_are_snake_case() -> None:
    for platform, key in _used_keys():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), f"{platform}.{key}"


def test_generic_fallback_names_exist(entity_strings: dict[str, Any]) -> None:
    for platform in Platform:
        assert entity_strings[platform.value]["dp"]["name"] == "{name}"
    assert entity_strings["binary_sensor"]["dp_bit"]["name"] == "{name} {label}"
    assert "connection" in entity_strings["binary_sensor"]


def test_never_exposed_codes_have_no_entry() -> None:
    for table, entities in _tables():
        assert sorted(NEVER_EXPOSED & set(entities)) == [], table


def test_never_exposed_covers_the_lock_secrets() -> None:
    assert {
        "unlock_method_create",
        "unlock_method_delete",
        "unlock_method_modify",
        "ble_unlock_check",
        "check_code_set",
        "bluetooth_unlock",
        "record",
    } <= NEVER_EXPOSED


@pytest.mark.parametrize(
    ("table", "code", "spec"),
    [item for item in SPECS if item[2].unit is not None],
    ids=_ids([item for item in SPECS if item[2].unit is not None]),
)
def test_explicit_units_are_home_assistant_units(
    table: str, code: str, spec: EntitySpec
) -> None:
    assert spec.unit is not None
    allowed = DEVICE_CLASS_UNITS.get(spec.device_class or "")
    assert spec.unit in set(UNIT_ALIASES.values()) or (
        allowed is not None and spec.unit in allowed
    ), spec.unit
    if allowed is not None:
        # Otherwise the resolver would drop the device class at once.
        assert spec.unit in allowed, (spec.device_class, spec.unit)


def test_unit_aliases_are_lowercase_keys() -> None:
    """The resolver lowercases a DP's unit before looking it up."""
    for alias in UNIT_ALIASES:
        assert alias == alias.strip().lower(), alias


@pytest.mark.parametrize(
    ("alias", "unit"),
    [
        ("℃", "°C"),
        ("°c", "°C"),
        ("celsius", "°C"),
        ("℉", "°F"),
        ("lux", "lx"),
        ("pct", "%"),
        ("% rh", "%"),
        ("kw·h", "kWh"),
        ("ma", "mA"),
        ("µg/m³", "μg/m³"),
        ("ug/m3", "μg/m³"),
        ("dbm", "dBm"),
    ],
)
def test_unit_aliases(alias: str, unit: str) -> None:
    assert UNIT_ALIASES[alias] == unit


def test_device_classes_with_units_are_used_by_readings_only() -> None:
    """A binary sensor's class listed in DEVICE_CLASS_UNITS would be dropped.

    Binary sensors, switches and events have no unit, so the resolver would
    always find the unit wrong for such a class.
    """
    for table, code, spec in SPECS:
        if spec.platform not in (Platform.SENSOR, Platform.NUMBER):
            assert spec.device_class not in DEVICE_CLASS_UNITS, f"{table}:{code}"


def test_device_class_units_cover_the_catalog() -> None:
    """Every reading's device class says which units it accepts."""
    for table, code, spec in SPECS:
        if spec.platform in (Platform.SENSOR, Platform.NUMBER) and spec.device_class:
            assert spec.device_class in DEVICE_CLASS_UNITS, f"{table}:{code}"


@pytest.mark.parametrize(("table", "code", "spec"), SPECS, ids=_ids(SPECS))
def test_device_class_is_a_home_assistant_value(
    table: str, code: str, spec: EntitySpec
) -> None:
    valid = DEVICE_CLASSES[spec.platform]
    if valid is None:
        assert spec.device_class is None
    elif spec.device_class is not None:
        assert spec.device_class in valid


def test_state_class_only_on_sensors() -> None:
    for table, code, spec in SPECS:
        if spec.state_class is not None:
            assert spec.platform is Platform.SENSOR, f"{table}:{code}"
            assert spec.state_class in STATE_CLASSES, f"{table}:{code}"


def test_on_values_only_on_binary_sensors() -> None:
    for table, code, spec in SPECS:
        if spec.on_values:
            assert spec.platform is Platform.BINARY_SENSOR, f"{table}:{code}"


def test_keys_unique_per_code() -> None:
    for table, entities in _tables():
        for code, specs in entities.items():
            keys = [spec.key for spec in specs]
            assert len(keys) == len(set(keys)), f"{table}:{code}"
            assert specs, f"{table}:{code} has no entities"


def test_vibration_sensor_splits_one_enum_three_ways() -> None:
    specs = CATALOG["zd"].entities["shock_state"]
    assert {(spec.key, spec.on_values) for spec in specs} == {
        ("vibration", ("vibration",)),
        ("drop", ("drop",)),
        ("tilt", ("tilt",)),
    }


def test_scene_buttons_are_events() -> None:
    entities = CATALOG["wxkg"].entities
    for index in range(1, 10):
        (spec,) = entities[f"switch_mode{index}"]
        assert spec.platform is Platform.EVENT
        assert spec.device_class == "button"
        assert spec.placeholders == {"index": str(index)}


def test_numbered_fills_the_index() -> None:
    template = EntitySpec(platform=Platform.SWITCH, translation_key="switch_n")
    table = numbered("switch_{}", range(2, 4), template)
    assert list(table) == ["switch_2", "switch_3"]
    assert table["switch_3"][0].placeholders == {"index": "3"}
    assert template.placeholders == {}


def test_translation_keys_named_consistently() -> None:
    """One translation key always comes with the same placeholder names."""
    seen: dict[tuple[str, str], set[str]] = {}
    for _, _, spec in SPECS:
        if spec.translation_key is None:
            continue
        names = set(spec.placeholders)
        key = (spec.platform.value, spec.translation_key)
        assert seen.setdefault(key, names) == names, key


def test_icons_refer_to_used_translation_keys() -> None:
    icons = _load("icons.json")
    allowed = (
        _used_keys()
        | {(platform.value, "dp") for platform in Platform}
        | {("binary_sensor", "connection")}
    )
    for platform, keys in icons["entity"].items():
        for key, icon in keys.items():
            assert (platform, key) in allowed, f"{platform}.{key}"
            assert icon["default"].startswith("mdi:"), f"{platform}.{key}"
    assert icons["services"] == {
        "send_dp": {"service": "mdi:send"},
        "query_dps": {"service": "mdi:database-search"},
    }


def test_catalog_code_has_no_home_assistant_imports() -> None:
    imports = re.compile(r"^\s*(from|import)\s+homeassistant\b", re.MULTILINE)
    for path in (INTEGRATION / "catalog").glob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path.name

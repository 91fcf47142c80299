"""Simple DPs of thermostats, covers and water valves: wk, wkf, cl, clkg, sfkzq, ggq.

The climate, cover and valve entities are composite and not listed here; these
are the settings and readings around them. Entries follow Home Assistant
core's cloud `tuya` integration (switch.py, binary_sensor.py, number.py,
select.py and sensor.py under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/);
battery codes and child_lock come from COMMON.
"""

from __future__ import annotations

from collections.abc import Mapping

from .climate import CORE_CLIMATE, THERMOSTAT, THERMOSTAT_ENTITIES
from .common import (
    CONFIG,
    CORE_BINARY_SENSOR,
    CORE_NUMBER,
    CORE_SELECT,
    CORE_SENSOR,
    CORE_SWITCH,
    DIAGNOSTIC,
    TEMPERATURE,
    TOTAL_INCREASING,
    numbered,
)
from .cover_valve import (
    CORE_COVER,
    CORE_VALVE,
    CURTAINS,
    IRRIGATOR_VALVES,
    WATER_VALVES,
)
from .model import CategoryCatalog, EntitySpec, Platform

TUYA_WK = "https://developer.tuya.com/en/docs/iot/f?id=K9gf45ld5l0t9"


def _setting(
    platform: Platform, translation_key: str, reason: str = ""
) -> tuple[EntitySpec, ...]:
    return (
        EntitySpec(
            platform=platform,
            translation_key=translation_key,
            entity_category=CONFIG,
            reason=reason,
        ),
    )


# Thermostats: core maps window detection on wkf and frost protection, the
# temperature offset and the valve on wk. The codes mean the same on both, so
# each category also gets the other's, with the reason noted.
_ONLY_ON_WK = "Core maps this code on wk only; wkf valves use the same code."
_ONLY_ON_WKF = "Core maps this code on wkf only; wk thermostats use the same code."


def _window_state(reason: str = "") -> tuple[EntitySpec, ...]:
    return (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="window",
            on_values=("opened",),
            reason=reason,
        ),
    )


def _valve_state(reason: str = "") -> tuple[EntitySpec, ...]:
    return (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="valve",
            on_values=("open",),
            reason=reason,
        ),
    )


# The offset is a temperature difference: no temperature device class, which
# would convert it between °C and °F as if it were a temperature.
_WK: Mapping[str, tuple[EntitySpec, ...]] = {
    "frost": _setting(Platform.SWITCH, "frost_protection"),
    "temp_correction": _setting(Platform.NUMBER, "temperature_correction"),
    "valve_state": _valve_state(),
    "window_check": _setting(Platform.SWITCH, "window_detection", _ONLY_ON_WKF),
    "window_state": _window_state(_ONLY_ON_WKF),
    **THERMOSTAT_ENTITIES,
}

_WKF: Mapping[str, tuple[EntitySpec, ...]] = {
    "window_check": _setting(Platform.SWITCH, "window_detection"),
    "window_state": _window_state(),
    "frost": _setting(Platform.SWITCH, "frost_protection", _ONLY_ON_WK),
    "temp_correction": _setting(Platform.NUMBER, "temperature_correction", _ONLY_ON_WK),
    "valve_state": _valve_state(_ONLY_ON_WK),
    **THERMOSTAT_ENTITIES,
}

# Curtains: motor direction and mode settings, and how long the last run took.
_CL: Mapping[str, tuple[EntitySpec, ...]] = {
    "control_back_mode": _setting(Platform.SELECT, "motor_direction"),
    "mode": _setting(Platform.SELECT, "curtain_mode"),
    "control_back": _setting(Platform.SWITCH, "reverse"),
    "opposite": _setting(Platform.SWITCH, "reverse"),
    "time_total": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="last_operation_duration",
            entity_category=DIAGNOSTIC,
        ),
    ),
}

_CLKG: Mapping[str, tuple[EntitySpec, ...]] = {
    "control_back_mode": _setting(
        Platform.SELECT,
        "motor_direction",
        "Core reads this code on clkg (to decide whether to invert the position)"
        " but shows no entity; it is the same motor-direction setting as on cl.",
    ),
}

_IRRIGATION_DURATION = EntitySpec(
    platform=Platform.NUMBER,
    translation_key="irrigation_duration_n",
    device_class="duration",
    entity_category=CONFIG,
)

# Water timers: how long each zone runs, the rain delay and the totals.
_SFKZQ: Mapping[str, tuple[EntitySpec, ...]] = {
    "countdown": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="irrigation_duration",
            device_class="duration",
            entity_category=CONFIG,
        ),
    ),
    **numbered("countdown_{}", range(1, 9), _IRRIGATION_DURATION),
    "weather_delay": _setting(Platform.SELECT, "weather_delay"),
    "time_use": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="total_watering_time",
            state_class=TOTAL_INCREASING,
            entity_category=DIAGNOSTIC,
        ),
    ),
    "use_time_one": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="last_watering_time",
            device_class="duration",
            entity_category=DIAGNOSTIC,
        ),
    ),
    "work_state": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="irrigation_status",
            entity_category=DIAGNOSTIC,
        ),
    ),
    "water_once": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="water_once",
            device_class="water",
            state_class=TOTAL_INCREASING,
        ),
    ),
    "water_total": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="water_total",
            device_class="water",
            state_class=TOTAL_INCREASING,
        ),
    ),
    "sensor_temperature": TEMPERATURE,
}

# Irrigators: each zone's switch_n is a water valve (cover_valve.py says why,
# against core's plain switches); its run time stays a number.
_GGQ: Mapping[str, tuple[EntitySpec, ...]] = {
    **numbered(
        "countdown_{}",
        range(1, 9),
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="irrigation_duration_n",
            device_class="duration",
            entity_category=CONFIG,
            reason=(
                "Core shows no run time for ggq zones; it is the same setting"
                " as sfkzq's countdown_n, which core does map."
            ),
        ),
    ),
}

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="wk",
        name="Thermostat",
        source=f"{TUYA_WK} {CORE_CLIMATE} {CORE_SWITCH} {CORE_NUMBER} {CORE_BINARY_SENSOR}",
        entities=_WK,
        composites=(THERMOSTAT,),
    ),
    CategoryCatalog(
        category="wkf",
        name="Thermostatic radiator valve",
        source=f"{CORE_CLIMATE} {CORE_SWITCH} {CORE_BINARY_SENSOR}",
        entities=_WKF,
        composites=(THERMOSTAT,),
    ),
    CategoryCatalog(
        category="cl",
        name="Curtain",
        source=f"{CORE_COVER} {CORE_SELECT} {CORE_SWITCH} {CORE_SENSOR}",
        entities=_CL,
        composites=CURTAINS,
    ),
    CategoryCatalog(
        category="clkg",
        name="Curtain switch",
        source=f"{CORE_SELECT} {CORE_COVER}",
        entities=_CLKG,
        composites=CURTAINS,
    ),
    CategoryCatalog(
        category="sfkzq",
        name="Smart water timer",
        source=f"{CORE_VALVE} {CORE_NUMBER} {CORE_SELECT} {CORE_SENSOR}",
        entities=_SFKZQ,
        composites=WATER_VALVES,
    ),
    CategoryCatalog(
        category="ggq",
        name="Irrigator",
        source=f"{CORE_SWITCH} {CORE_NUMBER}",
        entities=_GGQ,
        composites=IRRIGATOR_VALVES,
    ),
)

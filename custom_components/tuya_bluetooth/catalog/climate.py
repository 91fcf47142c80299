"""The climate entity of thermostats and radiator valves (wk, wkf).

Home Assistant core's cloud `tuya` integration builds one climate entity for
both categories from `switch`, `mode`, `temp_set(_f)` and `temp_current(_f)`
(https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/climate.py);
Tuya's wk page lists the codes, the mode range and the temperature limits
(https://developer.tuya.com/en/docs/iot/f?id=K9gf45ld5l0t9). How the roles are
read and written is in docs/climate.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import CONFIG, MEASUREMENT
from .model import CompositeSpec, EntitySpec, Platform, RoleSpec

CORE_CLIMATE = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/climate.py"

# The target comes first: it is required, so the entity's key (named after the
# first role's DP) is the same on every device that gets the entity.
THERMOSTAT = CompositeSpec(
    platform=Platform.CLIMATE,
    roles={
        "target": RoleSpec(
            codes=("temp_set", "temp_set_f"),
            types=("value",),
            required=True,
            writable=True,
        ),
        "current": RoleSpec(codes=("temp_current", "temp_current_f"), types=("value",)),
        "switch": RoleSpec(codes=("switch",), types=("bool",), writable=True),
        "mode": RoleSpec(codes=("mode",), types=("enum",), writable=True),
        # The user's limits for the target; they stay settings of their own.
        "upper": RoleSpec(codes=("upper_temp",), types=("value",), writable=True),
        "lower": RoleSpec(codes=("lower_temp",), types=("value",), writable=True),
    },
    keep=("upper", "lower"),
    reason=(
        "Core reads upper_temp as a fallback current temperature; Tuya's wk page"
        " lists it (and lower_temp) as the limits of the target, so they bound"
        " it here and only when the device lets them be set."
    ),
)

COMPOSITES: tuple[CompositeSpec, ...] = (THERMOSTAT,)


def _limit(translation_key: str) -> tuple[EntitySpec, ...]:
    return (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key=translation_key,
            device_class="temperature",
            entity_category=CONFIG,
            reason=(
                "Core shows no entity for the limits (it reads upper_temp as a"
                " fallback current temperature); Tuya's wk page lists them as"
                " settings."
            ),
        ),
    )


# The single-DP entities around the climate entity that core does not map.
THERMOSTAT_ENTITIES: Mapping[str, tuple[EntitySpec, ...]] = {
    "upper_temp": _limit("upper_temperature_limit"),
    "lower_temp": _limit("lower_temperature_limit"),
    "valve_opening": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="valve_opening",
            state_class=MEASUREMENT,
            unit="%",
            reason=(
                "Not a code Tuya publishes for wk or wkf: the name this"
                " integration's simulated valve uses for its opening, which some"
                " valves report as a percentage (docs/climate.md)."
            ),
        ),
    ),
}

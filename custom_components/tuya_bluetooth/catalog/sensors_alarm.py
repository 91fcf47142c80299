"""Alarms, detectors and buttons: sj, ywbj, rqbj, sos, zd, wxkg.

Entries follow Home Assistant core's cloud `tuya` integration (binary_sensor.py,
sensor.py, switch.py, number.py and event.py under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/),
including the enum values it treats as "alarm on". Battery and tamper codes
come from COMMON.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import (
    CONFIG,
    CORE_BINARY_SENSOR,
    CORE_EVENT,
    CORE_NUMBER,
    CORE_SENSOR,
    CORE_SWITCH,
    DIAGNOSTIC,
    MEASUREMENT,
    numbered,
)
from .model import CategoryCatalog, EntitySpec, Platform

# Detectors come in two generations: a *_status enum of alarm/normal and a
# *_state enum of "1"/"2"; core also counts "alarm" as on in the latter.
_SJ: Mapping[str, tuple[EntitySpec, ...]] = {
    "watersensor_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="moisture",
            on_values=("1", "alarm"),
        ),
    ),
}

_YWBJ: Mapping[str, tuple[EntitySpec, ...]] = {
    "smoke_sensor_status": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="smoke",
            on_values=("alarm",),
        ),
    ),
    "smoke_sensor_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="smoke",
            on_values=("1", "alarm"),
        ),
    ),
    "smoke_sensor_value": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="smoke_amount",
            state_class=MEASUREMENT,
            entity_category=DIAGNOSTIC,
        ),
    ),
    "muffling": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="mute",
            entity_category=CONFIG,
        ),
    ),
}

_RQBJ: Mapping[str, tuple[EntitySpec, ...]] = {
    "gas_sensor_status": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="gas",
            on_values=("alarm",),
        ),
    ),
    "gas_sensor_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="gas",
            on_values=("1",),
        ),
    ),
    # A concentration whose unit differs from detector to detector, so no
    # device class, as in core.
    "gas_sensor_value": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="gas_amount",
            state_class=MEASUREMENT,
        ),
    ),
}

_SOS: Mapping[str, tuple[EntitySpec, ...]] = {
    "sos_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="sos",
            device_class="safety",
        ),
    ),
}

# One enum tells three stories: shaken, dropped or tilted.
_ZD: Mapping[str, tuple[EntitySpec, ...]] = {
    "shock_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="vibration",
            on_values=("vibration",),
            key="vibration",
        ),
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="drop",
            on_values=("drop",),
            key="drop",
        ),
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="tilt",
            on_values=("tilt",),
            key="tilt",
        ),
    ),
    "sensitivity": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="sensitivity",
            entity_category=CONFIG,
        ),
    ),
}

# Scene buttons: each press reports click, double_click or press.
_WXKG: Mapping[str, tuple[EntitySpec, ...]] = numbered(
    "switch_mode{}",
    range(1, 10),
    EntitySpec(
        platform=Platform.EVENT, translation_key="button_n", device_class="button"
    ),
)

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="sj",
        name="Water leak detector",
        source=CORE_BINARY_SENSOR,
        entities=_SJ,
    ),
    CategoryCatalog(
        category="ywbj",
        name="Smoke alarm",
        source=f"{CORE_BINARY_SENSOR} {CORE_SENSOR} {CORE_SWITCH}",
        entities=_YWBJ,
    ),
    CategoryCatalog(
        category="rqbj",
        name="Gas alarm",
        source=f"{CORE_BINARY_SENSOR} {CORE_SENSOR}",
        entities=_RQBJ,
    ),
    CategoryCatalog(
        category="sos",
        name="Emergency button",
        source=CORE_BINARY_SENSOR,
        entities=_SOS,
    ),
    CategoryCatalog(
        category="zd",
        name="Vibration sensor",
        source=f"{CORE_BINARY_SENSOR} {CORE_NUMBER}",
        entities=_ZD,
    ),
    CategoryCatalog(
        category="wxkg",
        name="Wireless switch",
        source=CORE_EVENT,
        entities=_WXKG,
    ),
)

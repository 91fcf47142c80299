"""Switches, sockets, power strips and dimmers: kg, pc, cz, tdq.

Follows Home Assistant core's cloud `tuya` integration (switch.py, sensor.py and
select.py under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/):
kg is the base table; pc and cz name their gangs "socket" instead of "switch";
pc and cz meter energy like kg; tdq adds the climate readings some in-wall
switches carry.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import (
    CONFIG,
    CORE_CONST,
    CORE_SELECT,
    CORE_SENSOR,
    CORE_SWITCH,
    HUMIDITY,
    ILLUMINANCE,
    MEASUREMENT,
    TEMPERATURE,
    TOTAL_INCREASING,
    numbered,
)
from .model import CategoryCatalog, EntitySpec, Platform

_SOURCES = f"{CORE_SWITCH} {CORE_SENSOR} {CORE_SELECT} {CORE_CONST}"

# What metering plugs and switches report. Core names the energy total after
# its device class and sets kWh itself, since Tuya often leaves the unit out.
_METERING: Mapping[str, tuple[EntitySpec, ...]] = {
    "cur_current": (
        EntitySpec(
            platform=Platform.SENSOR, device_class="current", state_class=MEASUREMENT
        ),
    ),
    "cur_power": (
        EntitySpec(
            platform=Platform.SENSOR, device_class="power", state_class=MEASUREMENT
        ),
    ),
    "cur_voltage": (
        EntitySpec(
            platform=Platform.SENSOR, device_class="voltage", state_class=MEASUREMENT
        ),
    ),
    "add_ele": (
        EntitySpec(
            platform=Platform.SENSOR,
            device_class="energy",
            state_class=TOTAL_INCREASING,
            unit="kWh",
        ),
    ),
    "pro_add_ele": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="energy_produced",
            device_class="energy",
            state_class=TOTAL_INCREASING,
        ),
    ),
}

# Power-on behaviour and the indicator LED, both settings.
_RELAY_AND_INDICATOR: Mapping[str, tuple[EntitySpec, ...]] = {
    "relay_status": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="relay_status",
            entity_category=CONFIG,
        ),
    ),
    "light_mode": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="light_mode",
            entity_category=CONFIG,
        ),
    ),
}

_KG: Mapping[str, tuple[EntitySpec, ...]] = {
    "switch": (
        EntitySpec(
            platform=Platform.SWITCH, translation_key="switch", device_class="outlet"
        ),
    ),
    **numbered(
        "switch_{}",
        range(1, 9),
        EntitySpec(
            platform=Platform.SWITCH, translation_key="switch_n", device_class="outlet"
        ),
    ),
    **numbered(
        "switch_usb{}",
        range(1, 7),
        EntitySpec(platform=Platform.SWITCH, translation_key="usb_n"),
    ),
    # Core shows the backlight as a light entity of its own; a plain on/off
    # setting is all it is, and this catalog keeps lights for composite ones.
    "switch_backlight": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="backlight",
            entity_category=CONFIG,
            reason=(
                "Core makes a config light; it is only on/off, so a config switch"
                " shows the same without a light entity."
            ),
        ),
    ),
    **_RELAY_AND_INDICATOR,
    **_METERING,
}

# Sockets: the same codes as kg, named "socket" (core has switch_1..6 here).
_PC: Mapping[str, tuple[EntitySpec, ...]] = {
    "switch": (
        EntitySpec(
            platform=Platform.SWITCH, translation_key="socket", device_class="outlet"
        ),
    ),
    **numbered(
        "switch_{}",
        range(1, 7),
        EntitySpec(
            platform=Platform.SWITCH, translation_key="socket_n", device_class="outlet"
        ),
    ),
}

# Dimmers (tdq): kg's gangs and settings, plus the readings of models
# with a temperature, humidity or light sensor built in.
_TDQ: Mapping[str, tuple[EntitySpec, ...]] = {
    "va_temperature": TEMPERATURE,
    "temp_current": TEMPERATURE,
    "va_humidity": HUMIDITY,
    "humidity_value": HUMIDITY,
    "bright_value": ILLUMINANCE,
}

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="kg",
        name="Switch",
        source=_SOURCES,
        entities=_KG,
    ),
    CategoryCatalog(
        category="pc",
        name="Power strip",
        source=_SOURCES,
        entities=_PC,
        shares=("kg",),
    ),
    CategoryCatalog(
        category="cz",
        name="Socket",
        source=_SOURCES,
        entities={},
        shares=("kg", "pc"),
    ),
    CategoryCatalog(
        category="tdq",
        name="Dimmer",
        source=_SOURCES,
        entities=_TDQ,
        shares=("kg",),
    ),
)

"""Appliances' simple DPs: bh (kettle), cwwsq (pet feeder), jsq (humidifier), szjqr.

Only the DPs that stand alone: settings, readings and states. The humidifier
itself and the feeder's light belong to composite entities and are not listed
here. Entries follow Home Assistant core's cloud `tuya` integration (files under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/).
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import (
    CONFIG,
    CORE_BINARY_SENSOR,
    CORE_NUMBER,
    CORE_SELECT,
    CORE_SENSOR,
    CORE_SWITCH,
    DIAGNOSTIC,
    HUMIDITY,
    MEASUREMENT,
    TEMPERATURE,
)
from .model import CategoryCatalog, EntitySpec, Platform

_ALL_CORE = f"{CORE_SWITCH} {CORE_SENSOR} {CORE_NUMBER} {CORE_SELECT}"


def _config(
    platform: Platform,
    translation_key: str,
    *,
    device_class: str | None = None,
    unit: str | None = None,
) -> EntitySpec:
    """A setting: an entity in the config category."""
    return EntitySpec(
        platform=platform,
        translation_key=translation_key,
        device_class=device_class,
        unit=unit,
        entity_category=CONFIG,
    )


_SET_TEMPERATURE = (
    _config(Platform.NUMBER, "target_temperature", device_class="temperature"),
)
_BOILING_TEMPERATURE = (
    _config(Platform.NUMBER, "temperature_after_boiling", device_class="temperature"),
)

_BH: Mapping[str, tuple[EntitySpec, ...]] = {
    "temp_current": TEMPERATURE,
    "temp_current_f": TEMPERATURE,
    "status": (EntitySpec(platform=Platform.SENSOR, translation_key="status"),),
    "temp_set": _SET_TEMPERATURE,
    "temp_set_f": _SET_TEMPERATURE,
    "temp_boiling_c": _BOILING_TEMPERATURE,
    "temp_boiling_f": _BOILING_TEMPERATURE,
    "warm_time": (_config(Platform.NUMBER, "keep_warm_time"),),
    "temp_setting_quick_c": (_config(Platform.SELECT, "quick_heat_temperature"),),
    "work_type": (_config(Platform.SELECT, "kettle_work_mode"),),
    "start": (EntitySpec(platform=Platform.SWITCH, translation_key="start"),),
    "warm": (_config(Platform.SWITCH, "keep_warm"),),
}

_CWWSQ: Mapping[str, tuple[EntitySpec, ...]] = {
    # Writing a portion count dispenses that many portions now.
    "manual_feed": (EntitySpec(platform=Platform.NUMBER, translation_key="feed"),),
    "voice_times": (
        EntitySpec(platform=Platform.NUMBER, translation_key="voice_times"),
    ),
    "slow_feed": (_config(Platform.SWITCH, "slow_feed"),),
    "feed_report": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="last_feed_amount",
            state_class=MEASUREMENT,
        ),
    ),
    "feed_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="feeding",
            on_values=("feeding",),
        ),
    ),
    "charge_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="battery_charging",
            entity_category=DIAGNOSTIC,
        ),
    ),
}

_COUNTDOWN_CHOICE = (_config(Platform.SELECT, "countdown"),)

_JSQ: Mapping[str, tuple[EntitySpec, ...]] = {
    "spray_mode": (_config(Platform.SELECT, "spray_mode"),),
    "level": (_config(Platform.SELECT, "spray_level"),),
    "moodlighting": (_config(Platform.SELECT, "mood_lighting"),),
    "countdown": _COUNTDOWN_CHOICE,
    "countdown_set": _COUNTDOWN_CHOICE,
    "switch_sound": (_config(Platform.SWITCH, "sound"),),
    "sleep": (_config(Platform.SWITCH, "sleep"),),
    "sterilization": (_config(Platform.SWITCH, "sterilization"),),
    "humidity_current": HUMIDITY,
    "temp_current": TEMPERATURE,
    "temp_current_f": TEMPERATURE,
    "level_current": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="water_level",
            entity_category=DIAGNOSTIC,
        ),
    ),
    "temp_set": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="target_temperature",
            device_class="temperature",
        ),
    ),
    "temp_set_f": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="target_temperature",
            device_class="temperature",
        ),
    ),
}

# The Fingerbot: its press, mode, arm positions and hold time. Names follow
# core's (move_down, move_up, down_delay) though the keys are older; see
# docs/covers_valves_fingerbot.md.
_SZJQR: Mapping[str, tuple[EntitySpec, ...]] = {
    # In click mode writing true is a press (the device lets go by itself and
    # reports false); in switch mode it holds the arm down. Both ways are
    # offered: a button for the press, core's switch for holding.
    "switch": (
        EntitySpec(platform=Platform.SWITCH, translation_key="switch"),
        EntitySpec(
            platform=Platform.BUTTON,
            translation_key="press",
            key="press",
            reason="Core has only the switch; a press is what a click-mode"
            " Fingerbot is for, and a button says so.",
        ),
    ),
    "mode": (_config(Platform.SELECT, "fingerbot_mode"),),
    "arm_down_percent": (_config(Platform.NUMBER, "down_position", unit="%"),),
    "arm_up_percent": (_config(Platform.NUMBER, "up_position", unit="%"),),
    # Some models give the unit as "0.1s" with scale 1: left to the DP's unit.
    "click_sustain_time": (_config(Platform.NUMBER, "hold_time"),),
    # Swaps what up and down mean (BLE map's key name; core has no code).
    "reverse_positions": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="reverse_positions",
            entity_category=CONFIG,
            reason="Core maps no such code; BLE Fingerbots report it.",
        ),
    ),
}

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="bh",
        name="Smart kettle",
        source=_ALL_CORE,
        entities=_BH,
    ),
    CategoryCatalog(
        category="cwwsq",
        name="Pet feeder",
        source=f"{CORE_NUMBER} {CORE_SWITCH} {CORE_SENSOR} {CORE_BINARY_SENSOR}",
        entities=_CWWSQ,
    ),
    CategoryCatalog(
        category="jsq",
        name="Humidifier",
        source=_ALL_CORE,
        entities=_JSQ,
    ),
    CategoryCatalog(
        category="szjqr",
        name="Fingerbot",
        source=f"{CORE_SWITCH} {CORE_SELECT} {CORE_NUMBER}",
        entities=_SZJQR,
    ),
)

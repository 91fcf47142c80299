"""Lights' simple DPs: dj, xdd, fwd, dc, dd, tgq, tgkg.

The light entities themselves (switch_led with brightness, colour temperature
and colour) are composite and not listed here; these are the settings and
extra switches around them. Entries follow Home Assistant core's cloud `tuya`
integration (switch.py, number.py, select.py under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/)
and Tuya's light standard set.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import CONFIG, CORE_NUMBER, CORE_SELECT, CORE_SWITCH, numbered
from .model import CategoryCatalog, EntitySpec, Platform

TUYA_DJ = "https://developer.tuya.com/en/docs/iot/s?id=K9i5ql6yir2oy"
TUYA_FWD = "https://developer.tuya.com/en/docs/iot/fwd?id=Ka8tlcrawqdsb"

# Tuya's light set has countdown_1, 0-86400: seconds until the light toggles.
# The unit is given because the range is in seconds even where the DP has none.
_COUNTDOWN: Mapping[str, tuple[EntitySpec, ...]] = {
    "countdown_1": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="countdown",
            device_class="duration",
            unit="s",
            entity_category=CONFIG,
            reason=(
                "Core shows no entity for the light timer; Tuya's light standard"
                " set defines it (0-86400 s)."
            ),
        ),
    ),
}

_DJ: Mapping[str, tuple[EntitySpec, ...]] = {
    # A lamp's extra socket or relay, next to the light itself.
    "switch": (EntitySpec(platform=Platform.SWITCH, translation_key="plug"),),
    **_COUNTDOWN,
}

_XDD: Mapping[str, tuple[EntitySpec, ...]] = {
    "do_not_disturb": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="do_not_disturb",
            entity_category=CONFIG,
        ),
    ),
    **_COUNTDOWN,
}


def _dimmer(gangs: range) -> dict[str, tuple[EntitySpec, ...]]:
    """Per gang: the brightness window and the kind of lamp driven."""
    return {
        **numbered(
            "brightness_min_{}",
            gangs,
            EntitySpec(
                platform=Platform.NUMBER,
                translation_key="minimum_brightness_n",
                entity_category=CONFIG,
            ),
        ),
        **numbered(
            "brightness_max_{}",
            gangs,
            EntitySpec(
                platform=Platform.NUMBER,
                translation_key="maximum_brightness_n",
                entity_category=CONFIG,
            ),
        ),
        **numbered(
            "led_type_{}",
            gangs,
            EntitySpec(
                platform=Platform.SELECT,
                translation_key="led_type_n",
                entity_category=CONFIG,
            ),
        ),
    }


def _relay_and_indicator(reason: str = "") -> dict[str, tuple[EntitySpec, ...]]:
    """Power-on behaviour and indicator LED, as on switches."""
    return {
        code: (
            EntitySpec(
                platform=Platform.SELECT,
                translation_key=code,
                entity_category=CONFIG,
                reason=reason,
            ),
        )
        for code in ("relay_status", "light_mode")
    }


_TGQ: Mapping[str, tuple[EntitySpec, ...]] = {
    **_dimmer(range(1, 3)),
    **_relay_and_indicator(
        "Core lists these settings for tgkg only; tgq dimmers use the same codes."
    ),
}

_TGKG: Mapping[str, tuple[EntitySpec, ...]] = {
    **_dimmer(range(1, 4)),
    **_relay_and_indicator(),
}

_SOURCES = f"{TUYA_DJ} {CORE_SWITCH}"
_DIMMER_SOURCES = f"{CORE_NUMBER} {CORE_SELECT}"

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(category="dj", name="Light", source=_SOURCES, entities=_DJ),
    CategoryCatalog(
        category="xdd", name="Ceiling light", source=_SOURCES, entities=_XDD
    ),
    CategoryCatalog(
        category="fwd",
        name="Ambiance light",
        source=f"{TUYA_FWD} {TUYA_DJ}",
        entities=_COUNTDOWN,
    ),
    CategoryCatalog(
        category="dc", name="String lights", source=TUYA_DJ, entities=_COUNTDOWN
    ),
    CategoryCatalog(
        category="dd", name="Strip lights", source=TUYA_DJ, entities=_COUNTDOWN
    ),
    CategoryCatalog(
        category="tgq", name="Dimmer", source=_DIMMER_SOURCES, entities=_TGQ
    ),
    CategoryCatalog(
        category="tgkg",
        name="Dimmer switch",
        source=_DIMMER_SOURCES,
        entities=_TGKG,
    ),
)

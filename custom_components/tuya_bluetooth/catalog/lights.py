"""Lights: dj, xdd, fwd, dc, dd, tgq, tgkg.

The light entities themselves are composites (`LIGHT` and the dimmers' lights
below): switch_led with work mode, brightness, colour temperature and colour,
as Home Assistant core's cloud `tuya` integration builds them (light.py). The
single-DP entries are the settings and extra switches around them, after its
switch.py, number.py and select.py (all under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/)
and Tuya's light standard set. docs/lights.md explains the roles and values.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import CONFIG, CORE_NUMBER, CORE_SELECT, CORE_SWITCH, numbered
from .model import CategoryCatalog, CompositeSpec, EntitySpec, Platform, RoleSpec

TUYA_DJ = "https://developer.tuya.com/en/docs/iot/s?id=K9i5ql6yir2oy"
TUYA_FWD = "https://developer.tuya.com/en/docs/iot/fwd?id=Ka8tlcrawqdsb"
CORE_LIGHT = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/light.py"


def _role(*codes: str, dp_type: str, required: bool = False) -> RoleSpec:
    """A role the light writes: its DP must be writable."""
    return RoleSpec(codes=codes, types=(dp_type,), required=required, writable=True)


# The main light of a lamp: the v2 code before its v1 twin, as core tries them.
# Colour data is Tuya's "Json" type, which travels as a string DP.
LIGHT = CompositeSpec(
    platform=Platform.LIGHT,
    roles={
        "switch": _role("switch_led", dp_type="bool", required=True),
        "mode": _role("work_mode", dp_type="enum"),
        "brightness": _role("bright_value_v2", "bright_value", dp_type="value"),
        "color_temp": _role("temp_value_v2", "temp_value", dp_type="value"),
        "colour": _role("colour_data_v2", "colour_data", dp_type="string"),
    },
)

# A ceiling light's night light: on and off only (core's "night_light").
NIGHT_LIGHT = CompositeSpec(
    platform=Platform.LIGHT,
    roles={"switch": _role("switch_night_light", dp_type="bool", required=True)},
    translation_key="night_light",
)


def _window(gang: int) -> dict[str, RoleSpec]:
    """A dimmer's brightness window: read by the light, still its own numbers."""
    return {
        "brightness_min": RoleSpec(codes=(f"brightness_min_{gang}",), types=("value",)),
        "brightness_max": RoleSpec(codes=(f"brightness_max_{gang}",), types=("value",)),
    }


def _gang_light(gang: int, *, window: bool) -> CompositeSpec:
    """A dimmer's numbered light; without its brightness DP it stays a switch."""
    return CompositeSpec(
        platform=Platform.LIGHT,
        roles={
            "switch": _role(f"switch_led_{gang}", dp_type="bool", required=True),
            "brightness": _role(f"bright_value_{gang}", dp_type="value", required=True),
            **(_window(gang) if window else {}),
        },
        translation_key=f"light_{gang}",
        keep=("brightness_min", "brightness_max") if window else (),
    )


# tgq: one main dimmer channel (window of gang 1, as core reads it) and up to
# two numbered ones; tgkg: up to three numbered channels with their windows.
_TGQ_LIGHTS = (
    CompositeSpec(
        platform=Platform.LIGHT,
        roles={
            "switch": _role("switch_led", dp_type="bool", required=True),
            "brightness": _role("bright_value_v2", "bright_value", dp_type="value"),
            **_window(1),
        },
        keep=("brightness_min", "brightness_max"),
    ),
    *(_gang_light(gang, window=False) for gang in (1, 2)),
)
_TGKG_LIGHTS = tuple(_gang_light(gang, window=True) for gang in (1, 2, 3))

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

_SOURCES = f"{TUYA_DJ} {CORE_SWITCH} {CORE_LIGHT}"
_DIMMER_SOURCES = f"{CORE_NUMBER} {CORE_SELECT} {CORE_LIGHT}"

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="dj",
        name="Light",
        source=_SOURCES,
        entities=_DJ,
        composites=(LIGHT,),
    ),
    CategoryCatalog(
        category="xdd",
        name="Ceiling light",
        source=_SOURCES,
        entities=_XDD,
        composites=(LIGHT, NIGHT_LIGHT),
    ),
    CategoryCatalog(
        category="fwd",
        name="Ambiance light",
        source=f"{TUYA_FWD} {TUYA_DJ} {CORE_LIGHT}",
        entities=_COUNTDOWN,
        composites=(LIGHT,),
    ),
    CategoryCatalog(
        category="dc",
        name="String lights",
        source=f"{TUYA_DJ} {CORE_LIGHT}",
        entities=_COUNTDOWN,
        composites=(LIGHT,),
    ),
    CategoryCatalog(
        category="dd",
        name="Strip lights",
        source=f"{TUYA_DJ} {CORE_LIGHT}",
        entities=_COUNTDOWN,
        composites=(LIGHT,),
    ),
    CategoryCatalog(
        category="tgq",
        name="Dimmer",
        source=_DIMMER_SOURCES,
        entities=_TGQ,
        composites=_TGQ_LIGHTS,
    ),
    CategoryCatalog(
        category="tgkg",
        name="Dimmer switch",
        source=_DIMMER_SOURCES,
        entities=_TGKG,
        composites=_TGKG_LIGHTS,
    ),
)

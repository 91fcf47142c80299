"""Entities on several DPs of curtains (cl, clkg) and water valves (sfkzq, ggq).

Pure data, attached to the categories in `others.py`. The conventions these
entities follow (which percent means open, when a motor's direction flips the
position, why irrigators get valves) are in docs/covers_valves_fingerbot.md.
"""

from __future__ import annotations

from .model import CompositeSpec, Platform, RoleSpec

_CORE = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya"
CORE_COVER = f"{_CORE}/cover.py"
CORE_VALVE = f"{_CORE}/valve.py"

_MOTOR_DIRECTION = RoleSpec(codes=("control_back_mode",), types=("enum",))


def _curtain(suffix: str, translation_key: str | None) -> CompositeSpec:
    """One curtain: `control{suffix}` moves it, `percent_*{suffix}` place it.

    The motor direction stays a select of its own (`keep`): it is a setting the
    user changes, and the cover only reads it to orient the position.
    """
    return CompositeSpec(
        platform=Platform.COVER,
        roles={
            # open / stop / close; the cover offers what the range lists.
            "control": RoleSpec(
                codes=(f"control{suffix}",),
                types=("enum",),
                required=True,
                writable=True,
            ),
            "position": RoleSpec(
                codes=(f"percent_control{suffix}",), types=("value",), writable=True
            ),
            "current": RoleSpec(codes=(f"percent_state{suffix}",), types=("value",)),
            "reverse": _MOTOR_DIRECTION,
        },
        translation_key=translation_key,
        keep=("reverse",),
        reason=(
            "Named after the device (core calls it 'Curtain'): moving the"
            " curtain is what the device is for."
            if translation_key is None
            else ""
        ),
    )


# The first curtain is the device's main feature; core adds control_2 and
# control_3 as further curtains of one controller.
CURTAINS: tuple[CompositeSpec, ...] = (
    _curtain("", None),
    _curtain("_2", "curtain_2"),
    _curtain("_3", "curtain_3"),
)

_GGQ_REASON = (
    "Core shows irrigator (ggq) zones as switches. Each switch_n opens the water"
    " line of one zone, the same thing sfkzq's switch_n does, which core shows"
    " as water valves (and whose switch entity it deprecated); a valve gives"
    " the open/closed states, the water device class and the valve services"
    " and voice commands a user expects of it."
)


def _valve(code: str, translation_key: str | None, reason: str) -> CompositeSpec:
    """A water valve opened and closed by the boolean `code`, no position."""
    return CompositeSpec(
        platform=Platform.VALVE,
        roles={
            "switch": RoleSpec(
                codes=(code,), types=("bool",), required=True, writable=True
            )
        },
        translation_key=translation_key,
        reason=reason,
    )


_MAIN_VALVE = (
    "Named after the device (core calls it 'Valve'): it is the device's main feature."
)


def _valves(reason: str) -> tuple[CompositeSpec, ...]:
    """`switch` (the one valve, named after the device), then zones 1-8."""
    return (
        _valve("switch", None, f"{_MAIN_VALVE} {reason}".strip()),
        *(_valve(f"switch_{zone}", f"valve_{zone}", reason) for zone in range(1, 9)),
    )


# Countdowns, rain delay, usage, water volumes and the battery stay single-DP
# entities (others.py, COMMON): none of them is part of opening the valve.
WATER_VALVES: tuple[CompositeSpec, ...] = _valves("")
IRRIGATOR_VALVES: tuple[CompositeSpec, ...] = _valves(_GGQ_REASON)

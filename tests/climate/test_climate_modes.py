"""The mode mapping of thermostats: Tuya's mode enum and switch ↔ HVAC modes and presets.

Pure: no Home Assistant. The tables say what a user expects of each enum (the
simulated radiator valve's, and the full range on Tuya's wk page); the property
test checks that any enum leaves no label unreachable.
"""

from __future__ import annotations

import re

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.climate_modes import (
    AUTO,
    COOL,
    DRY,
    FAN_ONLY,
    HEAT,
    OFF,
    PRESET_NONE,
    ModeState,
    mode_map,
    preset_name,
)

VALVE = ("auto", "manual", "eco", "holiday", "off")  # simulated wkf valve
# Tuya's wk range (https://developer.tuya.com/en/docs/iot/f?id=K9gf45ld5l0t9).
WK = (
    "cold",
    "hot",
    "wind",
    "comfortable",
    "energy",
    "auto",
    "holiday",
    "eco",
    "manual",
    "sleep",
    "dry",
    "program",
    "floor_heat",
    "auxiliary_heat",
)


def test_the_valve_offers_off_heat_auto_and_its_presets() -> None:
    modes = mode_map(VALVE, has_switch=True)
    assert modes.hvac_modes == [OFF, HEAT, AUTO]
    assert modes.preset_modes == [PRESET_NONE, "eco", "away"]
    assert modes.presets == {"eco": "eco", "away": "holiday"}


@pytest.mark.parametrize(
    ("switch", "label", "expected"),
    [
        (True, "manual", ModeState(HEAT, PRESET_NONE)),
        (True, "auto", ModeState(AUTO, PRESET_NONE)),
        (True, "eco", ModeState(HEAT, "eco")),
        (True, "holiday", ModeState(HEAT, "away")),
        (True, "off", ModeState(OFF, PRESET_NONE)),
        (False, "manual", ModeState(OFF, PRESET_NONE)),  # switched off: mode kept
        (False, "eco", ModeState(OFF, "eco")),
        (None, "manual", ModeState(HEAT, PRESET_NONE)),  # switch not yet reported
        (True, None, ModeState(None, None)),  # mode unknown
        (False, None, ModeState(OFF, None)),
    ],
)
def test_the_valve_reads(
    switch: bool | None, label: str | None, expected: ModeState
) -> None:
    modes = mode_map(VALVE, has_switch=True)
    assert modes.state(switch, label, has_mode=True) == expected


@pytest.mark.parametrize(
    ("hvac", "switch", "current", "writes"),
    [
        (OFF, True, "manual", {"switch": False}),  # the mode is kept for turning on
        (HEAT, True, "eco", {"mode": "manual"}),
        (HEAT, False, "manual", {"switch": True, "mode": "manual"}),
        (AUTO, None, "off", {"switch": True, "mode": "auto"}),
    ],
)
def test_the_valve_writes_hvac_modes(
    hvac: str, switch: bool | None, current: str, writes: dict[str, object]
) -> None:
    modes = mode_map(VALVE, has_switch=True)
    assert modes.writes_for_hvac(hvac, switch, current) == writes


def test_the_valve_writes_presets() -> None:
    modes = mode_map(VALVE, has_switch=True)
    assert modes.writes_for_preset("away", True, "manual") == {"mode": "holiday"}
    assert modes.writes_for_preset("eco", False, "manual") == {
        "switch": True,
        "mode": "eco",
    }
    # Leaving a preset: back to the HVAC mode it ran under.
    assert modes.writes_for_preset(PRESET_NONE, True, "eco") == {"mode": "manual"}


def test_the_valve_turns_on() -> None:
    modes = mode_map(VALVE, has_switch=True)
    assert modes.writes_for_turn_on(False, "manual") == {"switch": True}
    assert modes.writes_for_turn_on(True, "off") == {"mode": "manual"}
    assert modes.writes_for_turn_on(True, "auto") == {}


def test_tuyas_wk_range() -> None:
    modes = mode_map(WK, has_switch=True)
    assert modes.hvac_modes == [OFF, HEAT, COOL, AUTO, DRY, FAN_ONLY]
    assert modes.hvac_labels == {
        OFF: None,
        HEAT: "manual",
        COOL: "cold",
        AUTO: "auto",
        DRY: "dry",
        FAN_ONLY: "wind",
    }
    assert modes.presets == {
        "hot": "hot",
        "comfort": "comfortable",
        "energy": "energy",
        "away": "holiday",
        "eco": "eco",
        "sleep": "sleep",
        "program": "program",
        "floor_heat": "floor_heat",
        "auxiliary_heat": "auxiliary_heat",
    }
    # A second label of an HVAC mode is a preset running under that mode.
    assert modes.state(True, "program", has_mode=True) == ModeState(AUTO, "program")
    assert modes.writes_for_preset(PRESET_NONE, True, "program") == {"mode": "auto"}
    assert modes.state(True, "hot", has_mode=True) == ModeState(HEAT, "hot")


def test_without_a_switch_off_is_the_off_label() -> None:
    modes = mode_map(("manual", "off"), has_switch=False)
    assert modes.hvac_modes == [OFF, HEAT]
    assert modes.preset_modes == []
    assert modes.writes_for_hvac(OFF, None, "manual") == {"mode": "off"}
    assert modes.writes_for_turn_on(None, "off") == {"mode": "manual"}


def test_without_switch_or_off_label_there_is_no_off() -> None:
    modes = mode_map(("manual", "auto"), has_switch=False)
    assert modes.hvac_modes == [HEAT, AUTO]


def test_a_switch_and_no_mode_is_off_and_heat() -> None:
    modes = mode_map((), has_switch=True)
    assert modes.hvac_modes == [OFF, HEAT]
    assert modes.state(True, None, has_mode=False) == ModeState(HEAT, None)
    assert modes.state(None, None, has_mode=False) == ModeState(None, None)
    assert modes.writes_for_hvac(HEAT, False, None) == {"switch": True}
    assert mode_map((), has_switch=False).hvac_modes == [HEAT]


def test_only_presets_heat() -> None:
    modes = mode_map(("eco", "comfort", "off"), has_switch=False)
    assert modes.hvac_modes == [OFF, HEAT]
    assert modes.state(None, "comfort", has_mode=True) == ModeState(HEAT, "comfort")
    # Heat has no label: a heating preset is kept, or the first one chosen.
    assert modes.writes_for_hvac(HEAT, None, "comfort") == {}
    assert modes.writes_for_hvac(HEAT, None, "off") == {"mode": "eco"}
    assert modes.writes_for_turn_on(None, "off") == {"mode": "eco"}


def test_preset_names() -> None:
    assert preset_name("holiday") == "away"
    assert preset_name("BOOST") == "boost"
    assert preset_name("Floor Heat") == "floor_heat"
    modes = mode_map(("eco", "ECO", "none"), has_switch=False)
    assert modes.presets == {"eco": "eco", "eco_1": "ECO", "none_2": "none"}


labels = st.lists(
    st.one_of(
        st.sampled_from([*WK, *VALVE, "BOOST", "temp_auto"]), st.text(max_size=8)
    ),
    max_size=12,
    unique=True,
)


@given(labels=labels, has_switch=st.booleans())
def test_any_enum_leaves_no_label_unreachable(
    labels: list[str], has_switch: bool
) -> None:
    modes = mode_map(labels, has_switch=has_switch)
    assert modes.hvac_modes  # a climate entity needs at least one
    reachable = {label for label in modes.hvac_labels.values() if label is not None}
    reachable |= set(modes.presets.values())
    assert reachable == set(labels)
    for name in modes.presets:
        assert re.fullmatch(r"[a-z0-9_]+", name), name
        assert name != PRESET_NONE
    for label in labels:
        state = modes.state(True, label, has_mode=True)
        assert state.hvac in modes.hvac_modes
        assert state.preset in [PRESET_NONE, *modes.presets]
        for preset in modes.presets:
            written = modes.writes_for_preset(preset, True, label)["mode"]
            assert isinstance(written, str)
            assert modes.state(True, written, has_mode=True).preset == preset

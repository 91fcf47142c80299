"""Between a thermostat's Tuya `mode` enum plus its `switch` and Home Assistant's
HVAC modes and presets.

Pure data and functions, no Home Assistant import: the climate platform turns
the strings into Home Assistant's enums. The rules (docs/climate.md):

- off: the switch is false, or the mode is "off";
- each HVAC mode is written as the first label of its preference list the
  device has (heat: "manual" before "hot"); the mode's other labels and every
  label no HVAC mode claims are presets;
- a preset runs under an HVAC mode: the one its label maps to, or heat (the
  presets of radiator valves and heating thermostats all heat).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import re

OFF = "off"
HEAT = "heat"
COOL = "cool"
AUTO = "auto"
DRY = "dry"
FAN_ONLY = "fan_only"
PRESET_NONE = "none"  # Home Assistant's name for "no preset"

# Tuya mode labels (lowercased) by the HVAC mode they mean, preferred first.
# Home Assistant's "auto" is a schedule the user does not steer, as Tuya's
# auto/program are; "manual" holds the target the user sets, i.e. heat.
HVAC_LABELS: Mapping[str, tuple[str, ...]] = {
    OFF: ("off",),
    HEAT: ("manual", "heat", "hot"),
    COOL: ("cold", "cool", "freeze"),
    AUTO: ("auto", "program"),
    DRY: ("dry", "wet"),
    FAN_ONLY: ("wind", "fan"),
}
# The order Home Assistant lists the modes in.
HVAC_ORDER: tuple[str, ...] = (OFF, HEAT, COOL, AUTO, DRY, FAN_ONLY)

# Labels whose meaning is one of Home Assistant's standard presets; any other
# label is a preset of its own name.
PRESET_OF_LABEL: Mapping[str, str] = {
    "eco": "eco",
    "holiday": "away",
    "away": "away",
    "comfortable": "comfort",
    "comfort": "comfort",
    "boost": "boost",
    "sleep": "sleep",
}

_HVAC_OF_LABEL = {
    label: hvac for hvac, labels in HVAC_LABELS.items() for label in labels
}
_NOT_A_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ModeState:
    """What the device's mode and switch mean: HVAC mode and preset (None: unknown)."""

    hvac: str | None
    preset: str | None


@dataclass(frozen=True, slots=True)
class ModeMap:
    """One device's mode enum, sorted into HVAC modes and presets.

    `hvac_labels` gives the label written for each HVAC mode (None: nothing to
    write but the switch), `presets` the label of each preset; `implied` the
    HVAC mode each label runs under.
    """

    has_switch: bool
    hvac_labels: Mapping[str, str | None]
    presets: Mapping[str, str]
    implied: Mapping[str, str]

    @property
    def hvac_modes(self) -> list[str]:
        """The HVAC modes to offer, in Home Assistant's order."""
        return [mode for mode in HVAC_ORDER if mode in self.hvac_labels]

    @property
    def preset_modes(self) -> list[str]:
        """The presets to offer ("none" first), or none at all."""
        return [PRESET_NONE, *self.presets] if self.presets else []

    def state(self, switch: object, label: str | None, *, has_mode: bool) -> ModeState:
        """The HVAC mode and preset of a reported switch and mode label.

        `label` None with `has_mode`: the mode is not known (not reported, or a
        value the model does not allow).
        """
        preset = None if label is None else self._preset_of(label)
        if switch is False or (label is not None and label == self.off_label):
            return ModeState(OFF, preset)
        if not has_mode:
            return ModeState(HEAT if switch is True else None, None)
        if label is None:
            return ModeState(None, None)
        return ModeState(self.implied.get(label, HEAT), preset)

    def _preset_of(self, label: str) -> str:
        for name, preset_label in self.presets.items():
            if preset_label == label:
                return name
        return PRESET_NONE

    @property
    def off_label(self) -> str | None:
        """The label that means off, if the enum has one."""
        return self.hvac_labels.get(OFF)

    def writes_for_hvac(
        self, hvac: str, switch: object, current: str | None
    ) -> dict[str, bool | str]:
        """The roles to write for an HVAC mode: {"switch": …, "mode": …}.

        Off turns the switch off and leaves the mode (turning on again brings
        it back); with no switch, off is the "off" label. Any other mode turns
        a switch that is not on on and writes its label. Heat without a label
        of its own keeps a heating preset, or picks the first one.
        """
        if hvac == OFF:
            if self.has_switch:
                return {"switch": False}
            return {"mode": self.off_label or OFF}
        label = self.hvac_labels.get(hvac)
        if label is None and hvac == HEAT:
            keeps = current not in (None, self.off_label) and (
                self.implied.get(current or "") == HEAT
            )
            label = None if keeps else self._first_heating_preset()
        return self._switched_on(switch, label)

    def writes_for_preset(
        self, preset: str, switch: object, current: str | None
    ) -> dict[str, bool | str]:
        """The roles to write for a preset; "none" goes back to its HVAC mode.

        Leaving a preset writes the label of the HVAC mode the current one ran
        under (heat for eco), or of heat when that is not known.
        """
        if preset == PRESET_NONE:
            implied = self.implied.get(current or "", HEAT)
            label = self.hvac_labels.get(implied) or self.hvac_labels.get(HEAT)
        else:
            label = self.presets[preset]
        return self._switched_on(switch, label)

    def writes_for_turn_on(
        self, switch: object, current: str | None
    ) -> dict[str, bool | str]:
        """Turn on: the switch, and a mode other than "off" when it is off."""
        label = None
        if current is not None and current == self.off_label:
            label = next(
                (
                    on
                    for mode in HVAC_ORDER
                    if mode != OFF and (on := self.hvac_labels.get(mode)) is not None
                ),
                self._first_heating_preset(),
            )
        return self._switched_on(switch, label)

    def _first_heating_preset(self) -> str | None:
        return next(
            (label for label in self.presets.values() if self.implied[label] == HEAT),
            None,
        )

    def _switched_on(self, switch: object, label: str | None) -> dict[str, bool | str]:
        """The switch on (unless it is), and `label` as the mode (if any)."""
        writes: dict[str, bool | str] = {}
        if self.has_switch and switch is not True:
            writes["switch"] = True
        if label is not None:
            writes["mode"] = label
        return writes


def preset_name(label: str) -> str:
    """A preset's name for a label: Home Assistant's standard one, or its own."""
    lowered = label.lower()
    return PRESET_OF_LABEL.get(lowered) or _NOT_A_NAME.sub("_", lowered).strip("_")


def mode_map(labels: Sequence[str], *, has_switch: bool) -> ModeMap:
    """Sort a device's mode labels into HVAC modes and presets."""
    claimed: dict[str, str] = {}
    for hvac, preferred in HVAC_LABELS.items():
        for wanted in preferred:
            found = next((label for label in labels if label.lower() == wanted), None)
            if found is not None:
                claimed[hvac] = found
                break
    claimed_labels = set(claimed.values())
    presets: dict[str, str] = {}
    implied: dict[str, str] = {}
    for label in labels:
        implied[label] = _HVAC_OF_LABEL.get(label.lower(), HEAT)
        if label in claimed_labels:
            continue
        name = preset_name(label) or f"mode_{labels.index(label)}"
        if name in presets or name == PRESET_NONE:
            # Two labels of one meaning ("eco" and "ECO"): each keeps a name.
            name = f"{name}_{labels.index(label)}"
        presets[name] = label
    hvac_labels: dict[str, str | None] = dict(claimed)
    if has_switch:
        hvac_labels.setdefault(OFF, None)
    if any(implied[label] == HEAT for label in presets.values()) or not labels:
        # Heating presets (or a bare switch) run under heat: it must be offered.
        hvac_labels.setdefault(HEAT, None)
    if not hvac_labels:
        hvac_labels[HEAT] = None  # a target and nothing else: it heats
    return ModeMap(has_switch, hvac_labels, presets, implied)

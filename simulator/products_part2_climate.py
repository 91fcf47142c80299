"""The simulated thermostatic radiator valve (wkf) of the entity catalog's second part.

Standard codes as a wkf unit's cloud specification lists them (mode, temp_set,
temp_current, window_check, child_lock:
https://github.com/0x5e/homebridge-tuya-platform/issues/40); DP ids and value
specs from the public BLE integration that maps a wkf TRV (window detection 8,
antifreeze 10, calibration 27, child lock 40, on/off 101, current temperature
102 and target 103 in tenths of a degree:
https://github.com/ha-tuya-ble/ha_tuya_ble, climate.py and switch.py). The
mode enum, window state, battery and valve opening have no public BLE id: their
ids are made up and `uncertain` says so.

Behaviour: choosing mode "off" turns the unit's switch off, any other mode turns
it back on; both reported by the unit on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .behaviour import WriteOutcome
from .model import Access, DpSpec, DpType, Product

if TYPE_CHECKING:
    from .behaviour import EmulatorLike
    from .model import DpValue

__all__ = ["RADIATOR_VALVE", "ValveModeSwitch"]

MODE, SWITCH = 2, 101


class ValveModeSwitch:
    """Mode "off" switches the valve off; another mode switches it on again."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Follow a mode write with the switch, when that changes it."""
        mode = values.get(MODE)
        if mode is None or SWITCH in values:
            return WriteOutcome()  # no mode change, or the hub sets both itself
        on = mode != "off"
        if device.dp_values.get(SWITCH) == on:
            return WriteOutcome()
        return WriteOutcome(then={SWITCH: on})


# Thermostatic radiator valve, category wkf, protocol 3.
RADIATOR_VALVE = Product(
    product_id="sim0wf28",
    category="wkf",
    name="Simulated radiator valve",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.4",
    firmware_update="1.0.5",
    hardware_version="1.0.0",
    source="https://github.com/0x5e/homebridge-tuya-platform/issues/40",
    dps=(
        DpSpec(
            MODE,
            "mode",
            DpType.ENUM,
            enum_range=("auto", "manual", "eco", "holiday", "off"),
            default="manual",
        ),
        DpSpec(
            7,
            "window_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("closed", "opened"),
            default="closed",
        ),
        DpSpec(8, "window_check", DpType.BOOL, default=False),
        DpSpec(10, "frost", DpType.BOOL, default=False),
        DpSpec(
            13,
            "battery_percentage",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=64,
        ),
        DpSpec(
            14,
            "valve_opening",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=35,
        ),
        DpSpec(
            27,
            "temp_correction",
            DpType.VALUE,
            minimum=-6,
            maximum=6,
            unit="℃",
            default=0,
        ),
        DpSpec(40, "child_lock", DpType.BOOL, default=False),
        DpSpec(SWITCH, "switch", DpType.BOOL, default=True),
        # Tenths of a degree: -10.0..50.0 ℃ as the wkf dump gives it.
        DpSpec(
            102,
            "temp_current",
            DpType.VALUE,
            Access.RO,
            minimum=-100,
            maximum=500,
            scale=1,
            unit="℃",
            default=195,
        ),
        # 5.0..30.0 ℃ in 0.5 ℃ steps, as the BLE integration sets it.
        DpSpec(
            103,
            "temp_set",
            DpType.VALUE,
            minimum=50,
            maximum=300,
            scale=1,
            step=5,
            unit="℃",
            default=210,
        ),
    ),
    behaviour=ValveModeSwitch,
    uncertain=(
        "DP ids of mode (2), window_state (7), battery_percentage (13) and "
        "valve_opening (14) are made up: the public BLE map has none",
        "valve_opening is not a published Tuya code (a generic-fallback DP)",
        "the mode range mixes the wkf dump's auto/manual with presets eco, "
        "holiday and off",
        "window_state enum values: Home Assistant reads 'opened'; 'closed' assumed",
        "mode 'off' turning DP 101 off is a guess at how the two relate",
    ),
)

"""Simulated products of the entity catalog's second part, and their behaviours.

`PART2_PRODUCTS` lists them all: two v1-code lights (dj) next to the v2 colour
light of `simulator.products`, the locks of `simulator.products_part2_locks`
(jtmspro, ms), the radiator valve of `simulator.products_part2_climate` (wkf),
a curtain (cl), a water valve (sfkzq) and a Fingerbot (szjqr).

Some of them act on a write (`Product.behaviour`, see `simulator.behaviour`): the
unit reports what it does on its own, in an active report after the write's
confirmation::

    device, ble_device = make_virtual_device(CURTAIN, bound=True)
    # hub writes percent_control (DP 2) = 40 -> the unit reports percent_state 40

Public API:
    PART2_PRODUCTS: tuple[Product, ...]
    WHITE_LIGHT, COLOUR_LIGHT_V1, CURTAIN, WATER_VALVE, FINGERBOT, and
    LOCK_CHECK_CODE, LOCK_RAW_DP6, LOCK_BOOL_DP6, RADIATOR_VALVE re-exported.
"""

from __future__ import annotations

from collections.abc import Mapping
import string
from typing import TYPE_CHECKING

from .behaviour import ACCEPT, WriteOutcome, refuse
from .model import Access, DpSpec, DpType, Product
from .products_part1_sensors import battery_percentage
from .products_part2_climate import RADIATOR_VALVE
from .products_part2_locks import LOCK_BOOL_DP6, LOCK_CHECK_CODE, LOCK_RAW_DP6

if TYPE_CHECKING:
    from .behaviour import EmulatorLike
    from .model import DpValue

__all__ = [
    "COLOUR_LIGHT_V1",
    "CURTAIN",
    "FINGERBOT",
    "LOCK_BOOL_DP6",
    "LOCK_CHECK_CODE",
    "LOCK_RAW_DP6",
    "PART2_PRODUCTS",
    "RADIATOR_VALVE",
    "WATER_VALVE",
    "WHITE_LIGHT",
    "CurtainMotion",
    "FingerbotPress",
    "V1ColourCheck",
]

_DJ_SOURCE = "https://developer.tuya.com/en/docs/iot/s?id=K9i5ql6yir2oy"


def _v1_light_dps(modes: tuple[str, ...]) -> tuple[DpSpec, ...]:
    """switch_led 1, work_mode 2, bright_value 3 (25-255), temp_value 4 (0-255)."""
    return (
        DpSpec(1, "switch_led", DpType.BOOL, default=False),
        DpSpec(2, "work_mode", DpType.ENUM, enum_range=modes, default="white"),
        DpSpec(3, "bright_value", DpType.VALUE, minimum=25, maximum=255, default=255),
        DpSpec(4, "temp_value", DpType.VALUE, minimum=0, maximum=255, default=128),
    )


# White light with colour temperature, category dj, protocol 3, v1 codes.
# Codes and ranges: Tuya's dj status set (_DJ_SOURCE); DP ids 1-4 as the v1
# ("type A") bulbs use them: https://github.com/jasonacox/tinytuya (BulbDevice.py).
WHITE_LIGHT = Product(
    product_id="sim0dj23",
    category="dj",
    name="Simulated white light",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.3",
    firmware_update="1.0.4",
    hardware_version="1.0.0",
    source=_DJ_SOURCE,
    dps=_v1_light_dps(("white", "scene")),
    uncertain=(
        "work_mode trimmed to white and scene; a scene has no data DP here",
        "DP ids 1-4 come from Wi-Fi v1 bulbs, not a BLE product's dump",
    ),
)


class V1ColourCheck:
    """Refuses a colour_data (DP 5) that is not the v1 14-hex-digit string."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """RRGGBB + 0HHH (hue 0-360) + SS + VV, hex digits."""
        colour = values.get(5)
        if colour is None:
            return ACCEPT
        text = str(colour)
        if len(text) != 14 or not set(text) <= set(string.hexdigits):
            return refuse("colour_data is not 14 hex digits")
        if int(text[6:10], 16) > 360:
            return refuse("hue above 360")
        return ACCEPT


# Colour light, category dj, protocol 3, v1 codes. colour_data (DP 5) is the v1
# string RRGGBB0HHHSSVV (h 0-360, s and v 0-255) that tinytuya writes to type A
# bulbs: https://github.com/jasonacox/tinytuya (BulbDevice.py); the cloud model
# calls it Json. `simulator.products.LIGHT` is the v2 counterpart (12 digits).
COLOUR_LIGHT_V1 = Product(
    product_id="sim0dj24",
    category="dj",
    name="Simulated v1 colour light",
    protocol_version=3,
    protocol_minor=2,
    firmware_version="1.2.0",
    firmware_update="1.2.1",
    hardware_version="1.0.0",
    source=_DJ_SOURCE,
    dps=(
        *_v1_light_dps(("white", "colour", "scene", "music")),
        DpSpec(5, "colour_data", DpType.STRING, maxlen=14, default="ff00000000ffff"),
    ),
    behaviour=V1ColourCheck,
    uncertain=(
        "the hex form of colour_data on BLE v1 lights (the cloud speaks Json)",
        "refusing a malformed colour_data is the simulator's choice, so a wrong "
        "encoding shows; a real bulb may ignore it",
        "DP ids 1-5 come from Wi-Fi v1 bulbs, not a BLE product's dump",
    ),
)

CONTROL, PERCENT_CONTROL, PERCENT_STATE = 1, 2, 3
# Where `control` sends the curtain: 100 = fully open (Tuya's usual reading).
_CONTROL_TARGET = {"open": 100, "close": 0}


class CurtainMotion:
    """The motor reaches its target at once: percent_state follows."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """percent_control wins over control; stop leaves the position."""
        target = values.get(PERCENT_CONTROL)
        if target is None:
            target = _CONTROL_TARGET.get(str(values.get(CONTROL)))
        if target is None:
            return ACCEPT
        return WriteOutcome(then={PERCENT_STATE: target})


# Curtain motor, category cl, protocol 3. DP ids of the BLE curtain controller
# (1 control open/stop/close, 2 position set, 3 position, 13 battery, 101 motor
# direction): https://github.com/ha-tuya-ble/ha_tuya_ble (cover.py, sensor.py);
# codes and ranges: Tuya's cl status set (source) and instruction set,
# https://developer.tuya.com/en/docs/iot/f?id=K9gf46o5mtfyc
CURTAIN = Product(
    product_id="sim0cl29",
    category="cl",
    name="Simulated curtain",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="2.1.0",
    firmware_update="2.1.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48qy7wkre",
    dps=(
        DpSpec(
            CONTROL,
            "control",
            DpType.ENUM,
            enum_range=("open", "stop", "close"),
            default="stop",
        ),
        DpSpec(
            PERCENT_CONTROL,
            "percent_control",
            DpType.VALUE,
            maximum=100,
            unit="%",
            default=0,
        ),
        DpSpec(
            PERCENT_STATE,
            "percent_state",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=0,
        ),
        battery_percentage(13, 90),
        DpSpec(
            101,
            "control_back_mode",
            DpType.ENUM,
            enum_range=("forward", "back"),
            default="forward",
        ),
    ),
    behaviour=CurtainMotion,
    uncertain=(
        "percent convention: 100 = fully open here; whether BLE curtains need "
        "Home Assistant's usual inversion is not confirmed",
        "the motor arrives at once; a real one takes seconds and may report "
        "intermediate positions",
        "control_back_mode on DP 101 (the BLE map's 'motor direction')",
        "control range without Tuya's 'continue', as the BLE map lists it",
    ),
)

# Garden water valve, category sfkzq, protocol 3. DP ids of the public BLE map
# (switch 1, battery 7, weather delay 10, countdown 11 s, use time 15):
# https://github.com/ha-tuya-ble/ha_tuya_ble (switch.py, number.py, sensor.py);
# codes as Home Assistant's tuya integration reads them (valve.py, number.py).
WATER_VALVE = Product(
    product_id="sim0sf30",
    category="sfkzq",
    name="Simulated water valve",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.6",
    firmware_update="1.0.7",
    hardware_version="1.0.0",
    source="https://github.com/ha-tuya-ble/ha_tuya_ble",
    dps=(
        DpSpec(1, "switch", DpType.BOOL, default=False),
        battery_percentage(7, 80),
        DpSpec(
            10,
            "weather_delay",
            DpType.ENUM,
            enum_range=("cancel", "24h", "48h", "72h"),
            default="cancel",
        ),
        DpSpec(11, "countdown", DpType.VALUE, maximum=86400, unit="s", default=600),
        DpSpec(
            15,
            "time_use",
            DpType.VALUE,
            Access.RO,
            maximum=2_147_483_647,
            unit="s",
            default=0,
        ),
    ),
    uncertain=(
        "weather_delay enum values are assumed",
        "DP 15 named time_use (Home Assistant's code); the BLE map says use_time",
        "no flow or volume DP: the public maps give none",
        "the countdown does not close the simulated valve",
    ),
)

SWITCH, MODE = 2, 8


class FingerbotPress:
    """In click mode a press is momentary: the switch reports true, then false."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Release after a click-mode press; switch mode holds."""
        mode = values.get(MODE, device.dp_values.get(MODE))
        if values.get(SWITCH) is True and mode == "click":
            return WriteOutcome(then={SWITCH: False})
        return ACCEPT


# Fingerbot, category szjqr, protocol 3. DP ids of the Fingerbot row of the
# public BLE map (switch 2, mode 8, down 9, hold time 10 in tenths of a second,
# reverse 11, battery 12, up 15): https://github.com/ha-tuya-ble/ha_tuya_ble
# (devices.py); codes as Home Assistant's tuya integration reads them.
FINGERBOT = Product(
    product_id="sim0sz31",
    category="szjqr",
    name="Simulated Fingerbot",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.4.0",
    firmware_update="1.4.1",
    hardware_version="1.0.0",
    source="https://github.com/ha-tuya-ble/ha_tuya_ble",
    dps=(
        DpSpec(SWITCH, "switch", DpType.BOOL, default=False),
        DpSpec(
            MODE,
            "mode",
            DpType.ENUM,
            enum_range=("click", "switch", "program"),
            default="click",
        ),
        DpSpec(9, "arm_down_percent", DpType.VALUE, maximum=100, unit="%", default=80),
        DpSpec(
            10,
            "click_sustain_time",
            DpType.VALUE,
            maximum=100,
            scale=1,
            unit="s",
            default=0,
        ),
        DpSpec(11, "reverse_positions", DpType.BOOL, default=False),
        battery_percentage(12, 100),
        DpSpec(15, "arm_up_percent", DpType.VALUE, maximum=100, unit="%", default=0),
    ),
    behaviour=FingerbotPress,
    uncertain=(
        "reverse_positions has no published code (the BLE map's key name)",
        "the release after a press is reported at once, not after the hold time",
        "program mode holds like switch mode here; the program DP is left out",
    ),
)

PART2_PRODUCTS: tuple[Product, ...] = (
    WHITE_LIGHT,
    COLOUR_LIGHT_V1,
    LOCK_CHECK_CODE,
    LOCK_RAW_DP6,
    LOCK_BOOL_DP6,
    RADIATOR_VALVE,
    CURTAIN,
    WATER_VALVE,
    FINGERBOT,
)

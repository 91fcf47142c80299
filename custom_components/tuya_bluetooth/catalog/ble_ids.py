"""Typical Bluetooth DP ids of a category: what a DP id usually means.

A device set up with typed keys has no cloud model: only its DP ids and the
types it reports are known. Once the user names its category, these tables give
each usual DP id its standard code and constraints (range, scale, unit, enum
values), so the catalog's entities can be built (`reported_codes.coded_model`).

DP ids are not part of Tuya's standard instruction sets: they are per product.
The ids below are those the public Bluetooth integrations and Tuya's own
function definitions use for most products of a category. Entries marked
"inferred" go beyond what those sources state (a code name chosen, a range
taken from a sibling product or the usual Wi-Fi firmware); the reported type
must still match for any entry to be used. Pure data: no Home Assistant, no
protocol library.

"HTB/<file>" below stands for the file of the public Bluetooth integration,
https://github.com/ha-tuya-ble/ha_tuya_ble/blob/main/custom_components/tuya_ble/<file>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True, kw_only=True)
class TypicalDp:
    """What a DP id usually is in a category, in Tuya's words.

    `type` is Tuya's type name ("bool", "value", "enum", "string", "raw"),
    `access` who may do what ("rw", "ro": reported only, "wr": sent only); the
    constraints mean what they mean in a cloud model (real value = raw /
    10**scale, step in raw units, enum values in index order).
    """

    dp_id: int
    code: str
    type: str
    access: str = "rw"
    minimum: int | None = None
    maximum: int | None = None
    scale: int = 0
    step: int = 1
    unit: str = ""
    range: tuple[str, ...] = ()


RO, RW, WR = "ro", "rw", "wr"


def _bool(dp_id: int, code: str, access: str = RW) -> TypicalDp:
    return TypicalDp(dp_id=dp_id, code=code, type="bool", access=access)


def _value(
    dp_id: int,
    code: str,
    minimum: int | None = None,
    maximum: int | None = None,
    *,
    scale: int = 0,
    step: int = 1,
    unit: str = "",
    access: str = RW,
) -> TypicalDp:
    return TypicalDp(
        dp_id=dp_id,
        code=code,
        type="value",
        access=access,
        minimum=minimum,
        maximum=maximum,
        scale=scale,
        step=step,
        unit=unit,
    )


def _enum(
    dp_id: int, code: str, values: tuple[str, ...] = (), access: str = RW
) -> TypicalDp:
    return TypicalDp(dp_id=dp_id, code=code, type="enum", access=access, range=values)


def _string(dp_id: int, code: str, access: str = RW) -> TypicalDp:
    return TypicalDp(dp_id=dp_id, code=code, type="string", access=access)


def _raw(dp_id: int, code: str, access: str = RW) -> TypicalDp:
    return TypicalDp(dp_id=dp_id, code=code, type="raw", access=access)


def _table(*dps: TypicalDp) -> Mapping[int, TypicalDp]:
    table = {dp.dp_id: dp for dp in dps}
    if len(table) != len(dps):
        raise ValueError("a DP id twice in one table")
    return MappingProxyType(table)


def _battery(dp_id: int) -> TypicalDp:
    # The public maps call it "battery" (0-100 %); inferred: Tuya's code for it.
    return _value(dp_id, "battery_percentage", 0, 100, unit="%", access=RO)


_BATTERY_LEVELS = ("low", "middle", "high")
_CELSIUS = "℃"

# --- Switches and sockets (kg, pc, cz) ----------------------------------------------
# Codes: https://developer.tuya.com/cn/docs/iot/switch-socket-and-power-strip?id=K9gf7o3qbbklt
# The only Bluetooth id the public maps state is DP 1 of a kg switch robot
# (HTB/switch.py). Inferred, all of the rest: the layout of Tuya's usual
# switch firmware (gangs 1-6, their countdowns 7-12, power-on state 14,
# indicator 15, metering 17-20 with Tuya's usual scales).
_SWITCH = _table(
    *(_bool(gang, f"switch_{gang}") for gang in range(1, 7)),
    *(
        _value(6 + gang, f"countdown_{gang}", 0, 86400, unit="s")
        for gang in range(1, 7)
    ),
    _enum(14, "relay_status", ("power_off", "power_on", "last")),
    _enum(15, "light_mode", ("none", "relay", "pos")),
    _value(17, "add_ele", 0, None, scale=3, unit="kWh", access=RO),
    _value(18, "cur_current", 0, None, unit="mA", access=RO),
    _value(19, "cur_power", 0, None, scale=1, unit="W", access=RO),
    _value(20, "cur_voltage", 0, None, scale=1, unit="V", access=RO),
)

# --- Sensors --------------------------------------------------------------------------
# wsdcg: https://developer.tuya.com/en/docs/iot/s?id=K9gf48k1c0sgo (codes, ranges);
# ids and the ÷10 temperature: HTB/sensor.py and HTB/select.py;
# the temperature range of a Bluetooth unit:
# https://github.com/home-assistant/core/blob/dev/tests/components/tuya/fixtures/wsdcg_iv7hudlj.json
_WSDCG = _table(
    _value(1, "va_temperature", -99, 600, scale=1, unit=_CELSIUS, access=RO),
    _value(2, "va_humidity", 0, 100, unit="%", access=RO),
    _enum(3, "battery_state", _BATTERY_LEVELS, RO),
    _battery(4),
    _enum(9, "temp_unit_convert", ("c", "f")),
)

# co2bj: ids of the CO2 detector 59s19z5m in HTB/sensor.py,
# HTB/switch.py and HTB/select.py; DP 1 in the order of its sensor: alarm, normal.
_CO2BJ = _table(
    _enum(1, "co2_state", ("alarm", "normal"), RO),
    _value(2, "co2_value", 0, None, unit="ppm", access=RO),
    _bool(13, "alarm_switch"),
    _battery(15),
    # Read without a divisor by the public map, hence scale 0.
    _value(18, "temp_current", unit=_CELSIUS, access=RO),
    _value(19, "humidity_value", 0, 100, unit="%", access=RO),
    # Inferred code: the map's "temperature unit" select.
    _enum(101, "temp_unit_convert", ("c", "f")),
)

# zwjcy (soil sensor): HTB/sensor.py (temperature ÷10, soil moisture,
# battery state and level).
_ZWJCY = _table(
    _value(3, "humidity", 0, 100, unit="%", access=RO),
    _value(5, "temp_current", scale=1, unit=_CELSIUS, access=RO),
    _enum(14, "battery_state", _BATTERY_LEVELS, RO),
    _battery(15),
)

# wxkg (wireless switch): only the battery has a public id, HTB/sensor.py.
_WXKG = _table(_battery(10))

# --- Lights (dj, xdd, fwd, dc, dd) ----------------------------------------------------
# v1 codes at DP 1-5, v2 codes at DP 20-26 (a light has one generation, so a
# code may stand at two ids). Codes and ranges: Tuya's dj status set
# https://developer.tuya.com/en/docs/iot/s?id=K9i5ql6yir2oy and instruction set
# https://developer.tuya.com/cn/docs/iot/dj?id=K9i5ql3v98hn3; ids 20-26:
# https://developer.tuya.com/en/docs/iot/product-function-definition?id=K9s9rhj576ypf;
# ids 1, 3 and 5 of a Bluetooth bulb, with 10-1000 brightness: HTB/light.py.
# fwd, dc and dd use 10-1000 / 0-1000 for the v1 codes too:
# https://developer.tuya.com/en/docs/iot/fwd?id=Ka8tlcrawqdsb. Colour data
# travel as text (the cloud's Json). Inferred: DP 2 and 4 (between the stated
# ones), and work_mode limited to the four modes every light has.
_MODES = ("white", "colour", "scene", "music")


def _light(bright_min: int, bright_max: int, temp_max: int) -> Mapping[int, TypicalDp]:
    return _table(
        _bool(1, "switch_led"),
        _enum(2, "work_mode", _MODES),
        _value(3, "bright_value", bright_min, bright_max),
        _value(4, "temp_value", 0, temp_max),
        _string(5, "colour_data"),
        _bool(20, "switch_led"),
        _enum(21, "work_mode", _MODES),
        _value(22, "bright_value_v2", 10, 1000),
        _value(23, "temp_value_v2", 0, 1000),
        _string(24, "colour_data_v2"),
        _string(25, "scene_data_v2"),
        _value(26, "countdown_1", 0, 86400, unit="s"),
    )


_LIGHT_DJ = _light(25, 255, 255)  # dj's own page; xdd inferred to follow it
_LIGHT_WIDE = _light(10, 1000, 1000)

# --- Locks (ms, jtmspro, jtmsbh) ------------------------------------------------------
# Tuya's Bluetooth lock DP reference:
# https://developer.tuya.com/cn/docs/iot/smart-product-solution/product-solution-lock/product-solution-lock-ble/ble?id=K9ow3vcpn71ua
# types of a Bluetooth lock:
# https://github.com/home-assistant/core/blob/dev/tests/components/tuya/fixtures/jtmspro_xqeob8h6.json
# ids: https://github.com/PlusPlus-ua/ha_tuya_ble/issues/191,
# https://github.com/ha-tuya-ble/ha_tuya_ble/pull/155, HTB/lock.py,
# HTB/sensor.py. DP 6 is raw by the reference; some locks report a
# boolean there, and then it keeps its number (the reported type wins).
_LAST_UNLOCK = 0, 999
_LOCK = _table(
    _raw(1, "unlock_method_create"),
    _raw(2, "unlock_method_delete"),
    _raw(3, "unlock_method_modify"),
    _raw(6, "bluetooth_unlock", WR),
    _value(8, "residual_electricity", 0, 100, access=RO),
    _enum(9, "battery_state", ("high", "medium", "low", "exhausted"), RO),
    _value(12, "unlock_fingerprint", *_LAST_UNLOCK, access=RO),
    _value(13, "unlock_password", *_LAST_UNLOCK, access=RO),
    _value(14, "unlock_dynamic", *_LAST_UNLOCK, access=RO),
    _value(15, "unlock_card", *_LAST_UNLOCK, access=RO),
    _value(16, "unlock_key", *_LAST_UNLOCK, access=RO),
    _value(19, "unlock_ble", *_LAST_UNLOCK, access=RO),
    _enum(
        21,
        "alarm_lock",
        (
            "wrong_finger",
            "wrong_password",
            "wrong_card",
            "wrong_face",
            "tongue_bad",
            "too_hot",
            "unclosed_time",
            "tongue_not_out",
            "pry",
            "key_in",
            "low_battery",
            "power_off",
            "shock",
            "defense",
        ),
        RO,
    ),
    _bool(22, "hijack", RO),
    _enum(28, "language"),  # the languages differ by product: no range
    _enum(31, "beep_volume", ("mute", "low", "normal", "high")),
    _bool(33, "automatic_lock"),
    _value(36, "auto_lock_time", 1, 1800, unit="s"),
    _enum(40, "closed_opened", ("unknown", "open", "closed"), RO),
    _bool(46, "manual_lock", WR),
    _bool(47, "lock_motor_state", RO),
    _value(55, "unlock_temp_pwd", *_LAST_UNLOCK, access=RO),
    # Inferred choice: the sources name DP 62 unlock_phone_remote or unlock_app.
    _value(62, "unlock_phone_remote", *_LAST_UNLOCK, access=RO),
    _value(63, "unlock_voice_remote", *_LAST_UNLOCK, access=RO),
    _raw(69, "record", RO),
    _raw(70, "check_code_set"),
    _raw(71, "ble_unlock_check"),
)

# --- Fingerbot (szjqr) ----------------------------------------------------------------
# The Fingerbot row of HTB/devices.py (TuyaBLEFingerbotInfo), with ranges
# from HTB/number.py (hold time ÷10, 0-10 s) and modes from
# HTB/select.py (push, switch, program: Tuya calls the first "click").
# Inferred: the codes of DP 11 (the map's name) and DP 12.
_FINGERBOT = _table(
    _bool(2, "switch"),
    _enum(8, "mode", ("click", "switch", "program")),
    _value(9, "arm_down_percent", 0, 100, unit="%"),
    _value(10, "click_sustain_time", 0, 100, scale=1, unit="s"),
    _bool(11, "reverse_positions"),
    _battery(12),
    _value(15, "arm_up_percent", 0, 100, unit="%"),
)

# --- Radiator valves (wk, wkf) --------------------------------------------------------
# HTB/climate.py, HTB/switch.py, HTB/number.py: window
# detection 8, antifreeze 10, calibration 27 (-6..6 °C), child lock 40, on/off
# 101, current temperature 102 and target 103 in tenths (5-30 °C, 0.5 steps).
# Inferred: "switch" as the code of DP 101.
_TRV = _table(
    _bool(8, "window_check"),
    _bool(10, "frost"),
    _value(27, "temp_correction", -6, 6, unit=_CELSIUS),
    _bool(40, "child_lock"),
    _bool(101, "switch"),
    _value(102, "temp_current", scale=1, unit=_CELSIUS, access=RO),
    _value(103, "temp_set", 50, 300, scale=1, step=5, unit=_CELSIUS),
)

# --- Curtain (cl) ---------------------------------------------------------------------
# HTB/cover.py (control 1 open/stop/close, position set 2, position 3,
# work state 7, battery 13) and HTB/sensor.py (work state values).
# Inferred: the codes of DP 2, 3 and 7, and control_back_mode for the "motor
# direction" at DP 101.
_CURTAIN = _table(
    _enum(1, "control", ("open", "stop", "close")),
    _value(2, "percent_control", 0, 100, unit="%"),
    _value(3, "percent_state", 0, 100, unit="%", access=RO),
    _enum(7, "work_state", ("standby", "success", "learning"), RO),
    _battery(13),
    _enum(101, "control_back_mode", ("forward", "back")),
)

# --- Water valves (sfkzq, ggq) --------------------------------------------------------
# sfkzq: the first valve row of HTB/switch.py, HTB/number.py,
# HTB/select.py, HTB/sensor.py. Inferred: time_use (Home
# Assistant's code) for the map's use_time.
_SFKZQ = _table(
    _bool(1, "switch"),
    _battery(7),
    _enum(8, "battery_state", _BATTERY_LEVELS, RO),
    _enum(10, "weather_delay", ("cancel", "24h", "48h", "72h")),
    _value(11, "countdown", 0, 86400, unit="s"),
    _enum(13, "smart_weather", ("sunny", "cloudy", "rainy")),
    _value(15, "time_use", 0, None, unit="s", access=RO),
)
# ggq: the single-zone irrigator 6pahkcau of the same files (countdown in
# minutes). Inferred: gang 1's codes for its switch and countdown.
_GGQ = _table(
    _bool(1, "switch_1"),
    _value(5, "countdown_1", 1, 1440, unit="min"),
    _battery(11),
)

# --- Humidifier (jsq) -----------------------------------------------------------------
# The diffuser if1nolcm of HTB/switch.py and HTB/select.py.
_JSQ = _table(
    _bool(1, "switch"),
    _bool(2, "switch_spray"),
    _enum(3, "spray_mode", ("small", "large")),
)

BLE_DP_IDS: Mapping[str, Mapping[int, TypicalDp]] = MappingProxyType(
    {
        "kg": _SWITCH,
        "pc": _SWITCH,  # inferred: sockets follow the switch layout
        "cz": _SWITCH,  # inferred, as pc
        "wsdcg": _WSDCG,
        "co2bj": _CO2BJ,
        "zwjcy": _ZWJCY,
        "wxkg": _WXKG,
        "dj": _LIGHT_DJ,
        "xdd": _LIGHT_DJ,
        "fwd": _LIGHT_WIDE,
        "dc": _LIGHT_WIDE,
        "dd": _LIGHT_WIDE,
        "ms": _LOCK,
        "jtmspro": _LOCK,
        "jtmsbh": _LOCK,
        "szjqr": _FINGERBOT,
        "wk": _TRV,
        "wkf": _TRV,
        "cl": _CURTAIN,
        "sfkzq": _SFKZQ,
        "ggq": _GGQ,
        "jsq": _JSQ,
    }
)
"""Category -> DP id -> the DP a device of that category usually has there."""

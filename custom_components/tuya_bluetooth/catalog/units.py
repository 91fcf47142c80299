"""Tuya's unit spellings in Home Assistant's, and the units each device class takes.

Tuya DP models spell units freely ("℃", "°c", "lux", "pct", "kW·h" ...). Home
Assistant core's cloud `tuya` integration normalises the same aliases before it
trusts a device class (UNITS and DEVICE_CLASS_UNITS in
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/const.py),
and drops the device class when the unit does not fit it
(https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/sensor.py).
The allowed units per device class are those of Home Assistant's sensor and
number device class documentation
(https://developers.home-assistant.io/docs/core/entity/sensor/#available-device-classes).

Home Assistant writes "micro" with the Greek letter mu (U+03BC): "μg/m³".
"""

from __future__ import annotations

from collections.abc import Mapping

CELSIUS = "°C"
FAHRENHEIT = "°F"
PERCENT = "%"
MICROGRAMS_PER_M3 = "μg/m³"  # Greek mu, as Home Assistant spells it
MILLIGRAMS_PER_M3 = "mg/m³"

# Keys are lowercased (the resolver lowercases a DP's unit before the lookup);
# values are Home Assistant's spellings. Units already spelled Home Assistant's
# way are listed too, so that every unit the catalog names is a value here.
UNIT_ALIASES: Mapping[str, str] = {
    # temperature
    "℃": CELSIUS,
    "°c": CELSIUS,
    "c": CELSIUS,
    "celsius": CELSIUS,
    "℉": FAHRENHEIT,
    "°f": FAHRENHEIT,
    "f": FAHRENHEIT,
    "fahrenheit": FAHRENHEIT,
    # ratios
    "%": PERCENT,
    "pct": PERCENT,
    "percent": PERCENT,
    "% rh": PERCENT,
    "%rh": PERCENT,
    "ppm": "ppm",
    "ppb": "ppb",
    # light
    "lux": "lx",
    "lx": "lx",
    # concentrations: the micro sign (U+00B5), the Greek mu and plain "u"
    "µg/m³": MICROGRAMS_PER_M3,
    "μg/m³": MICROGRAMS_PER_M3,
    "ug/m³": MICROGRAMS_PER_M3,
    "ug/m3": MICROGRAMS_PER_M3,
    "µg/m3": MICROGRAMS_PER_M3,
    "μg/m3": MICROGRAMS_PER_M3,
    "mg/m³": MILLIGRAMS_PER_M3,
    "mg/m3": MILLIGRAMS_PER_M3,
    # electricity
    "v": "V",
    "mv": "mV",
    "a": "A",
    "ma": "mA",
    "w": "W",
    "kw": "kW",
    "wh": "Wh",
    "kwh": "kWh",
    "kw·h": "kWh",
    "kw.h": "kWh",
    "kw*h": "kWh",
    # time
    "s": "s",
    "sec": "s",
    "second": "s",
    "seconds": "s",
    "ms": "ms",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "h": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "day": "d",
    "days": "d",
    # length
    "m": "m",
    "cm": "cm",
    "mm": "mm",
    "km": "km",
    # volume
    "l": "L",
    "m³": "m³",
    "m3": "m³",
    "gal": "gal",
    # signal
    "db": "dB",
    "dbm": "dBm",
}

_TEMPERATURE = frozenset({CELSIUS, FAHRENHEIT, "K"})
_TIME = frozenset({"d", "h", "min", "s", "ms", "μs"})

# The units a device class accepts. Only sensor and number device classes the
# catalog uses, and none that binary sensors also use (a binary sensor has no
# unit, so the resolver would drop its class).
DEVICE_CLASS_UNITS: Mapping[str, frozenset[str]] = {
    "battery": frozenset({PERCENT}),
    "carbon_dioxide": frozenset({"ppm"}),
    "carbon_monoxide": frozenset({"ppm", "ppb", MICROGRAMS_PER_M3, MILLIGRAMS_PER_M3}),
    "current": frozenset({"A", "mA", "μA"}),
    "distance": frozenset({"km", "m", "cm", "mm", "mi", "nmi", "yd", "ft", "in"}),
    "duration": _TIME,
    "energy": frozenset(
        {
            "J",
            "kJ",
            "MJ",
            "GJ",
            "mWh",
            "Wh",
            "kWh",
            "MWh",
            "GWh",
            "TWh",
            "cal",
            "kcal",
            "Mcal",
            "Gcal",
            "thm",
        }
    ),
    "humidity": frozenset({PERCENT}),
    "illuminance": frozenset({"lx"}),
    "pm10": frozenset({MICROGRAMS_PER_M3}),
    "pm25": frozenset({MICROGRAMS_PER_M3}),
    "power": frozenset({"mW", "W", "kW", "MW", "GW", "TW"}),
    "signal_strength": frozenset({"dB", "dBm"}),
    "temperature": _TEMPERATURE,
    "volatile_organic_compounds": frozenset({MICROGRAMS_PER_M3, MILLIGRAMS_PER_M3}),
    "voltage": frozenset({"μV", "mV", "V", "kV", "MV"}),
    "water": frozenset({"L", "m³", "gal", "ft³", "CCF", "MCF"}),
}

"""Simulated battery sensors of the entity catalog's first part.

ldcg, mcs, pir, hps, zd, wxkg, zwjcy; part of `simulator.products_part1`. Also the
small DP builders the alarm products (`simulator.products_part1_alarms`) share.

Codes and value specs come from Tuya's standard status sets (URL next to each
product). Tuya publishes no DP ids for most of them: ids come from public BLE
integrations where one maps the category, else they are a plausible layout and
`Product.uncertain` says so.

Event DPs (wxkg's switch_modeN) have no default: a factory-fresh unit has not
been pressed. A test makes the unit report one with `device.set_dp(dp, value)`.
"""

from __future__ import annotations

from .model import Access, DpSpec, DpType, Product

__all__ = [
    "DOOR_SENSOR",
    "LIGHT_SENSOR",
    "MOTION_SENSOR",
    "PRESENCE_SENSOR",
    "SCENE_SWITCH",
    "SOIL_SENSOR",
    "VIBRATION_SENSOR",
    "alarm_status",
    "battery_percentage",
    "battery_state",
]


def battery_percentage(dp_id: int, default: int) -> DpSpec:
    """Report-only battery level, 0-100 %."""
    return DpSpec(
        dp_id,
        "battery_percentage",
        DpType.VALUE,
        Access.RO,
        maximum=100,
        unit="%",
        default=default,
    )


def battery_state(dp_id: int, default: str = "high") -> DpSpec:
    """Report-only coarse battery level."""
    return DpSpec(
        dp_id,
        "battery_state",
        DpType.ENUM,
        Access.RO,
        enum_range=("low", "middle", "high"),
        default=default,
    )


def alarm_status(dp_id: int, code: str) -> DpSpec:
    """Report-only alarm/normal enum of the detector categories, idle."""
    return DpSpec(
        dp_id,
        code,
        DpType.ENUM,
        Access.RO,
        enum_range=("alarm", "normal"),
        default="normal",
    )


# Luminance sensor with temperature and humidity, category ldcg, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48abdqwiw
LIGHT_SENSOR = Product(
    product_id="sim0ld09",
    category="ldcg",
    name="Simulated light sensor",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.0.0",
    firmware_update="1.0.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48abdqwiw",
    dps=(
        DpSpec(
            1,
            "bright_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("low", "middle", "high", "strong"),
            default="middle",
        ),
        DpSpec(
            2,
            "bright_value",
            DpType.VALUE,
            Access.RO,
            maximum=10000,
            unit="lux",
            default=320,
        ),
        battery_percentage(4, 87),
        DpSpec(
            5,
            "temp_current",
            DpType.VALUE,
            Access.RO,
            minimum=-400,
            maximum=2000,
            scale=1,
            unit="℃",
            default=218,
        ),
        DpSpec(
            6,
            "humidity_value",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=51,
        ),
    ),
    uncertain=("DP ids 1, 2, 4, 5 and 6 are a plausible layout, not published",),
)

# Door/window contact, category mcs, protocol 3.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48hm02l8m
# doorcontact_state true = open.
DOOR_SENSOR = Product(
    product_id="sim0mc12",
    category="mcs",
    name="Simulated door sensor",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.2.0",
    firmware_update="1.2.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48hm02l8m",
    dps=(
        DpSpec(1, "doorcontact_state", DpType.BOOL, Access.RO, default=False),
        battery_percentage(2, 95),
        DpSpec(4, "temper_alarm", DpType.BOOL, Access.RO, default=False),
    ),
    uncertain=("DP ids 1, 2 and 4 are a plausible layout, not published",),
)

# PIR motion sensor, category pir, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48cz3utjt
MOTION_SENSOR = Product(
    product_id="sim0pr13",
    category="pir",
    name="Simulated motion sensor",
    protocol_version=4,
    protocol_minor=3,
    firmware_version="1.0.6",
    firmware_update="1.0.7",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48cz3utjt",
    dps=(
        DpSpec(
            1,
            "pir",
            DpType.ENUM,
            Access.RO,
            enum_range=("pir", "none"),
            default="none",
        ),
        battery_state(3, "middle"),
    ),
    uncertain=("DP ids 1 and 3 are a plausible layout, not published",),
)

# mmWave presence sensor, category hps, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9j2w4p710ge9
# DP ids 1-4 and 9 as a public driver for such a sensor numbers them:
# https://github.com/jasonacox/tinytuya/commit/d45473d1fd57d08e58bd7cffee734066ef09ed7f
PRESENCE_SENSOR = Product(
    product_id="sim0hp14",
    category="hps",
    name="Simulated presence sensor",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="2.0.3",
    firmware_update="2.1.0",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9j2w4p710ge9",
    dps=(
        DpSpec(
            1,
            "presence_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("none", "presence"),
            default="none",
        ),
        DpSpec(2, "sensitivity", DpType.VALUE, maximum=9, default=6),
        DpSpec(3, "near_detection", DpType.VALUE, maximum=1000, unit="cm", default=0),
        DpSpec(4, "far_detection", DpType.VALUE, maximum=1000, unit="cm", default=450),
        DpSpec(
            9,
            "target_dis_closest",
            DpType.VALUE,
            Access.RO,
            maximum=1000,
            unit="cm",
            default=0,
        ),
    ),
    uncertain=(
        "presence_state trimmed to none/presence; Tuya's set also lists"
        " peaceful, small_move and large_move",
        "DP ids come from a Wi-Fi unit's driver, not a BLE one",
    ),
)

# Vibration sensor, category zd, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48fdjccbc
VIBRATION_SENSOR = Product(
    product_id="sim0zd19",
    category="zd",
    name="Simulated vibration sensor",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.0.2",
    firmware_update="1.0.4",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48fdjccbc",
    dps=(
        DpSpec(
            1,
            "shock_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("normal", "vibration", "drop", "tilt"),
            default="normal",
        ),
        battery_percentage(4, 88),
        DpSpec(5, "sensitivity", DpType.VALUE, maximum=9, default=5),
    ),
    uncertain=(
        "Tuya's zd set has no sensitivity: an Integer 0-9 (as hps has) is a guess",
        "DP ids 1, 4 and 5 are a plausible layout, not published",
    ),
)

# Two-button scene switch, category wxkg, protocol 3.
# Codes and ranges: https://developer.tuya.com/en/docs/iot/s?id=Kbeoa9fkv6brp
# (switch_modeN: click/double_click/press). Battery on DP 10 as a public BLE
# integration maps wxkg units:
# https://github.com/ha-tuya-ble/ha_tuya_ble/blob/HEAD/custom_components/tuya_ble/sensor.py
SCENE_SWITCH = Product(
    product_id="sim0wx20",
    category="wxkg",
    name="Simulated scene switch",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.0",
    firmware_update="1.0.3",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=Kbeoa9fkv6brp",
    dps=(
        # Events: no state until a button is used (see the module docstring).
        DpSpec(
            1,
            "switch_mode1",
            DpType.ENUM,
            Access.RO,
            enum_range=("click", "double_click", "press"),
        ),
        DpSpec(
            2,
            "switch_mode2",
            DpType.ENUM,
            Access.RO,
            enum_range=("click", "double_click", "press"),
        ),
        battery_percentage(10, 100),
    ),
    uncertain=(
        "switch_mode DP ids 1 and 2 are a plausible layout, not published",
        "some units name the events single_click/double_click/long_press;"
        " Tuya's set (used here) says click/double_click/press",
    ),
)

# Soil moisture and temperature probe, category zwjcy, protocol 4.
# Tuya publishes no standard set for zwjcy; codes and DP ids (3 humidity,
# 5 temperature in tenths, 15 battery) as a public BLE integration maps two
# plant sensors:
# https://github.com/ha-tuya-ble/ha_tuya_ble/blob/HEAD/custom_components/tuya_ble/sensor.py
SOIL_SENSOR = Product(
    product_id="sim0zw21",
    category="zwjcy",
    name="Simulated soil sensor",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.3.0",
    firmware_update="1.3.1",
    hardware_version="1.0.0",
    source="https://github.com/ha-tuya-ble/ha_tuya_ble/blob/HEAD/custom_components/tuya_ble/sensor.py",
    dps=(
        DpSpec(
            3, "humidity", DpType.VALUE, Access.RO, maximum=100, unit="%", default=42
        ),
        DpSpec(
            5,
            "temp_current",
            DpType.VALUE,
            Access.RO,
            minimum=-200,
            maximum=600,
            scale=1,
            unit="℃",
            default=196,
        ),
        battery_percentage(15, 76),
    ),
    uncertain=("no Tuya standard set for zwjcy: codes, ranges and units are assumed",),
)

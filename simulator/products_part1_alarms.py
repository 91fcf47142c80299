"""Simulated detectors and alarms of the entity catalog's first part.

co2bj, cobj, sj, ywbj, rqbj, sos; part of `simulator.products_part1`. Codes and
value specs come from Tuya's standard status sets (URL next to each product);
DP ids from a public BLE integration where one maps the category, else they are
a plausible layout and `Product.uncertain` says so.
"""

from __future__ import annotations

from .model import Access, DpSpec, DpType, Product
from .products_part1_sensors import alarm_status, battery_percentage, battery_state

__all__ = [
    "CO2_DETECTOR",
    "CO_DETECTOR",
    "GAS_ALARM",
    "SMOKE_ALARM",
    "SOS_BUTTON",
    "WATER_SENSOR",
]

# CO2 detector with temperature and humidity, category co2bj, protocol 3.
# Codes: https://developer.tuya.com/en/docs/iot/s?id=K9gf48r6h13dg
# DP ids 1 (co2_state), 2 (co2_value), 15 (battery), 18 (temperature) and
# 19 (humidity) as a public BLE integration maps a co2bj unit:
# https://github.com/PlusPlus-ua/ha_tuya_ble/blob/HEAD/custom_components/tuya_ble/sensor.py
CO2_DETECTOR = Product(
    product_id="sim0co10",
    category="co2bj",
    name="Simulated CO2 detector",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.5",
    firmware_update="1.0.6",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48r6h13dg",
    dps=(
        alarm_status(1, "co2_state"),
        DpSpec(
            2,
            "co2_value",
            DpType.VALUE,
            Access.RO,
            maximum=5000,
            unit="ppm",
            default=450,
        ),
        DpSpec(
            5,
            "alarm_volume",
            DpType.ENUM,
            enum_range=("low", "middle", "high", "mute"),
            default="middle",
        ),
        DpSpec(
            6,
            "alarm_time",
            DpType.VALUE,
            minimum=1,
            maximum=60,
            unit="s",
            default=10,
        ),
        battery_percentage(15, 92),
        DpSpec(
            18,
            "temp_current",
            DpType.VALUE,
            Access.RO,
            minimum=-20,
            maximum=60,
            unit="℃",
            default=22,
        ),
        DpSpec(
            19,
            "humidity_value",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=48,
        ),
    ),
    uncertain=(
        "co2_value: Tuya's set says 0-1000 scale 1 without unit; BLE units report"
        " whole ppm, so 0-5000 ppm scale 0 here",
        "temp_current in whole degrees (scale 0), as the BLE mapping reads it",
        "alarm_volume DP 5 and alarm_time DP 6 are a plausible layout",
    ),
)

# CO detector, category cobj, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48r1traqw
CO_DETECTOR = Product(
    product_id="sim0cb11",
    category="cobj",
    name="Simulated CO detector",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.1.1",
    firmware_update="1.2.0",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48r1traqw",
    dps=(
        # Tuya's current code; co_state is the legacy one, with range "1"/"2".
        alarm_status(1, "co_status"),
        DpSpec(
            2,
            "co_value",
            DpType.VALUE,
            Access.RO,
            maximum=1000,
            scale=1,
            unit="ppm",
            default=0,
        ),
        battery_state(14, "high"),
    ),
    uncertain=(
        "DP ids 1, 2 and 14 are a plausible layout (that of Wi-Fi smoke alarms)",
        "Tuya gives co_value no unit; ppm is assumed",
    ),
)

# Water leak sensor, category sj, protocol 3.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48ml3r38c
WATER_SENSOR = Product(
    product_id="sim0sj15",
    category="sj",
    name="Simulated water leak sensor",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.1",
    firmware_update="1.0.2",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48ml3r38c",
    dps=(
        alarm_status(1, "watersensor_state"),
        battery_percentage(4, 100),
    ),
    uncertain=("DP ids 1 and 4 are a plausible layout, not published",),
)

# Smoke alarm, category ywbj, protocol 4.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48r5i2iiy
SMOKE_ALARM = Product(
    product_id="sim0yw16",
    category="ywbj",
    name="Simulated smoke alarm",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.0.0",
    firmware_update="1.0.2",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48r5i2iiy",
    dps=(
        alarm_status(1, "smoke_sensor_status"),
        DpSpec(
            2,
            "smoke_sensor_value",
            DpType.VALUE,
            Access.RO,
            maximum=1000,
            scale=1,
            default=0,
        ),
        battery_state(14, "high"),
        DpSpec(16, "muffling", DpType.BOOL, default=False),
    ),
    uncertain=(
        "DP ids 1, 2, 14 and 16 follow common Wi-Fi smoke alarm dumps,"
        " not a published table",
    ),
)

# Mains-powered gas alarm, category rqbj, protocol 3.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48qj3ipe7
GAS_ALARM = Product(
    product_id="sim0rq17",
    category="rqbj",
    name="Simulated gas alarm",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.2.3",
    firmware_update="1.2.4",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48qj3ipe7",
    dps=(
        alarm_status(1, "gas_sensor_status"),
        DpSpec(
            2,
            "gas_sensor_value",
            DpType.VALUE,
            Access.RO,
            maximum=1000,
            scale=1,
            default=0,
        ),
    ),
    uncertain=("DP ids 1 and 2 are a plausible layout, not published",),
)

# Emergency button, category sos, protocol 3.
# Codes and specs: https://developer.tuya.com/en/docs/iot/s?id=K9gf48qoksops
SOS_BUTTON = Product(
    product_id="sim0ss18",
    category="sos",
    name="Simulated emergency button",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.0",
    firmware_update="1.0.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48qoksops",
    dps=(
        DpSpec(1, "sos_state", DpType.BOOL, Access.RO, default=False),
        battery_percentage(2, 100),
    ),
    uncertain=(
        "Tuya lists sos_state as send-and-report; modelled report-only here,"
        " as a button the hub cannot press",
        "DP ids 1 and 2 are a plausible layout, not published",
    ),
)

"""Environment and presence sensors: wsdcg, ldcg, co2bj, cobj, mcs, pir, hps, zwjcy.

Entries follow Home Assistant core's cloud `tuya` integration (sensor.py,
binary_sensor.py, number.py and select.py under
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/)
wherever it maps the code; the rest come from Tuya's standard status sets and
carry a `reason`. Battery and tamper codes come from COMMON.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import (
    CARBON_DIOXIDE,
    CONFIG,
    CORE_BINARY_SENSOR,
    CORE_NUMBER,
    CORE_SELECT,
    CORE_SENSOR,
    CORE_SWITCH,
    DIAGNOSTIC,
    HUMIDITY,
    ILLUMINANCE,
    MEASUREMENT,
    TEMPERATURE,
)
from .model import CategoryCatalog, EntitySpec, Platform

# Tuya's standard status sets for the two categories whose pages list codes core
# does not map.
TUYA_WSDCG = "https://developer.tuya.com/en/docs/iot/s?id=K9gf48k1c0sgo"
TUYA_MCS = "https://developer.tuya.com/en/docs/iot/s?id=K9gf48hm02l8m"

_NOT_IN_CORE_WSDCG = (
    "Core does not map this code; Tuya's wsdcg standard set lists it and"
    " Bluetooth temperature/humidity sensors use it."
)


def _threshold(translation_key: str, device_class: str) -> tuple[EntitySpec, ...]:
    """An alarm limit the user sets on a temperature/humidity sensor."""
    return (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key=translation_key,
            device_class=device_class,
            entity_category=CONFIG,
            reason=_NOT_IN_CORE_WSDCG,
        ),
    )


def _alarm_state(translation_key: str) -> tuple[EntitySpec, ...]:
    """Whether a reading is below or above its limits (loweralarm/upperalarm/cancel)."""
    return (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key=translation_key,
            reason=_NOT_IN_CORE_WSDCG,
        ),
    )


_WSDCG: Mapping[str, tuple[EntitySpec, ...]] = {
    "va_temperature": TEMPERATURE,
    "temp_current": TEMPERATURE,
    "ext_temp": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="temperature_external",
            device_class="temperature",
            state_class=MEASUREMENT,
        ),
    ),
    "va_humidity": HUMIDITY,
    "humidity_value": HUMIDITY,
    "bright_value": ILLUMINANCE,
    "switch": (
        EntitySpec(
            platform=Platform.SWITCH, translation_key="switch", device_class="outlet"
        ),
    ),
    "temp_unit_convert": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="temperature_unit",
            entity_category=CONFIG,
            reason=(
                "Core does not map this code; it sets the unit the sensor's own"
                " display uses, a setting worth having."
            ),
        ),
    ),
    "maxtemp_set": _threshold("temperature_alarm_high", "temperature"),
    "minitemp_set": _threshold("temperature_alarm_low", "temperature"),
    "maxhum_set": _threshold("humidity_alarm_high", "humidity"),
    "minihum_set": _threshold("humidity_alarm_low", "humidity"),
    "temp_alarm": _alarm_state("temperature_alarm"),
    "hum_alarm": _alarm_state("humidity_alarm"),
}

_LDCG: Mapping[str, tuple[EntitySpec, ...]] = {
    "bright_state": (
        EntitySpec(platform=Platform.SENSOR, translation_key="luminosity"),
    ),
    "bright_value": ILLUMINANCE,
    "temp_current": TEMPERATURE,
    "humidity_value": HUMIDITY,
    "co2_value": CARBON_DIOXIDE,
}

_CO2BJ: Mapping[str, tuple[EntitySpec, ...]] = {
    "co2_value": CARBON_DIOXIDE,
    "temp_current": TEMPERATURE,
    "humidity_value": HUMIDITY,
    # Core gives formaldehyde no device class: Home Assistant has none for it.
    "ch2o_value": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="formaldehyde",
            state_class=MEASUREMENT,
        ),
    ),
    "voc_value": (
        EntitySpec(
            platform=Platform.SENSOR,
            device_class="volatile_organic_compounds",
            state_class=MEASUREMENT,
        ),
    ),
    "pm25_value": (
        EntitySpec(
            platform=Platform.SENSOR, device_class="pm25", state_class=MEASUREMENT
        ),
    ),
    "pm10": (
        EntitySpec(
            platform=Platform.SENSOR, device_class="pm10", state_class=MEASUREMENT
        ),
    ),
    "co2_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="co2_alarm",
            device_class="safety",
            on_values=("alarm",),
        ),
    ),
    "alarm_volume": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="alarm_volume",
            entity_category=CONFIG,
        ),
    ),
    "alarm_time": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="alarm_duration",
            device_class="duration",
            unit="s",
            entity_category=CONFIG,
        ),
    ),
    "alarm_switch": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="alarm_sound",
            entity_category=CONFIG,
            reason=(
                "Core makes a config siren; this integration has no siren"
                " platform, and turning the alarm sound on or off is a switch."
            ),
        ),
    ),
}

_COBJ: Mapping[str, tuple[EntitySpec, ...]] = {
    "co_value": (
        EntitySpec(
            platform=Platform.SENSOR,
            device_class="carbon_monoxide",
            state_class=MEASUREMENT,
        ),
    ),
    # Two spellings of the alarm: a "1"/"2" enum and an alarm/normal enum.
    "co_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="co_alarm",
            device_class="safety",
            on_values=("1",),
        ),
    ),
    "co_status": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="co_alarm",
            device_class="safety",
            on_values=("alarm",),
        ),
    ),
}

_DOOR = (EntitySpec(platform=Platform.BINARY_SENSOR, device_class="door"),)

_MCS: Mapping[str, tuple[EntitySpec, ...]] = {
    "doorcontact_state": _DOOR,  # true while open
    "switch": _DOOR,  # what some contact sensors report instead
    "signal_strength": (
        EntitySpec(
            platform=Platform.SENSOR,
            device_class="signal_strength",
            state_class=MEASUREMENT,
            entity_category=DIAGNOSTIC,
            enabled_default=False,
            reason=(
                "Core does not map this code; Tuya's mcs standard set reports it"
                " in dBm. Off by default like Home Assistant's other signal"
                " readings."
            ),
        ),
    ),
}

_PIR: Mapping[str, tuple[EntitySpec, ...]] = {
    "pir": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="motion",
            on_values=("pir",),
        ),
    ),
}

_HPS: Mapping[str, tuple[EntitySpec, ...]] = {
    "presence_state": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="occupancy",
            on_values=("presence", "small_move", "large_move", "peaceful"),
        ),
    ),
    "sensitivity": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="sensitivity",
            entity_category=CONFIG,
        ),
    ),
    "near_detection": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="near_detection",
            device_class="distance",
            entity_category=CONFIG,
        ),
    ),
    "far_detection": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="far_detection",
            device_class="distance",
            entity_category=CONFIG,
        ),
    ),
    # A number in core; where the DP can only be read the resolver's fallback
    # still shows it as a reading.
    "target_dis_closest": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="target_distance",
            device_class="distance",
        ),
    ),
}

# Soil sensors: core calls the soil moisture "humidity" and so does this.
_ZWJCY: Mapping[str, tuple[EntitySpec, ...]] = {
    "temp_current": TEMPERATURE,
    "humidity": HUMIDITY,
}

_CORE_SENSORS = f"{CORE_SENSOR} {CORE_BINARY_SENSOR}"

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="wsdcg",
        name="Temperature and humidity sensor",
        source=f"{TUYA_WSDCG} {CORE_SENSOR} {CORE_SWITCH}",
        entities=_WSDCG,
    ),
    CategoryCatalog(
        category="ldcg",
        name="Luminance sensor",
        source=_CORE_SENSORS,
        entities=_LDCG,
    ),
    CategoryCatalog(
        category="co2bj",
        name="CO2 detector",
        source=f"{_CORE_SENSORS} {CORE_NUMBER} {CORE_SELECT}",
        entities=_CO2BJ,
    ),
    CategoryCatalog(
        category="cobj",
        name="CO detector",
        source=_CORE_SENSORS,
        entities=_COBJ,
    ),
    CategoryCatalog(
        category="mcs",
        name="Contact sensor",
        source=f"{TUYA_MCS} {CORE_BINARY_SENSOR}",
        entities=_MCS,
    ),
    CategoryCatalog(
        category="pir",
        name="Human motion sensor",
        source=CORE_BINARY_SENSOR,
        entities=_PIR,
    ),
    CategoryCatalog(
        category="hps",
        name="Human presence sensor",
        source=f"{CORE_BINARY_SENSOR} {CORE_NUMBER}",
        entities=_HPS,
    ),
    CategoryCatalog(
        category="zwjcy",
        name="Soil sensor",
        source=CORE_SENSOR,
        entities=_ZWJCY,
    ),
)

"""Entries every category gets, codes never shown, and shared building blocks.

COMMON holds codes whose meaning does not depend on the category: the battery
readings Home Assistant core's cloud `tuya` integration tries on every sensor
category (BATTERY_SENSORS in
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/sensor.py),
the lock battery code, the tamper contact and the child lock. A category's own
table (and the tables it shares) overrides these entries code by code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import dataclasses

from .model import EntityCategory, EntitySpec, Platform

DIAGNOSTIC = EntityCategory.DIAGNOSTIC
CONFIG = EntityCategory.CONFIG
MEASUREMENT = "measurement"
TOTAL_INCREASING = "total_increasing"

CORE_SENSOR = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/sensor.py"
CORE_BINARY_SENSOR = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/binary_sensor.py"
CORE_SWITCH = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/switch.py"
CORE_NUMBER = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/number.py"
CORE_SELECT = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/select.py"
CORE_EVENT = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/event.py"
# Where core names the categories (and links Tuya's page for each).
CORE_CONST = "https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/const.py"


def numbered(
    code: str, indexes: Iterable[int], template: EntitySpec
) -> dict[str, tuple[EntitySpec, ...]]:
    """Entries for numbered codes: `code` holds "{}" where the number goes.

    Each entry is `template` with the number as the "index" placeholder, so one
    translation ("Switch {index}") names every gang.
    """
    return {
        code.format(index): (
            dataclasses.replace(template, placeholders={"index": str(index)}),
        )
        for index in indexes
    }


# Readings several categories use, written once.
TEMPERATURE = (
    EntitySpec(
        platform=Platform.SENSOR, device_class="temperature", state_class=MEASUREMENT
    ),
)
HUMIDITY = (
    EntitySpec(
        platform=Platform.SENSOR, device_class="humidity", state_class=MEASUREMENT
    ),
)
ILLUMINANCE = (
    EntitySpec(
        platform=Platform.SENSOR, device_class="illuminance", state_class=MEASUREMENT
    ),
)
CARBON_DIOXIDE = (
    EntitySpec(
        platform=Platform.SENSOR, device_class="carbon_dioxide", state_class=MEASUREMENT
    ),
)

_BATTERY_PERCENT = EntitySpec(
    platform=Platform.SENSOR,
    device_class="battery",
    state_class=MEASUREMENT,
    unit="%",
    entity_category=DIAGNOSTIC,
)
# battery_value and va_battery carry the DP's own unit, which is often a voltage
# in mV; the battery class (which needs %) is then dropped, so the entity needs a
# name of its own instead of the device class's.
_BATTERY_FROM_DP = EntitySpec(
    platform=Platform.SENSOR,
    translation_key="battery_level",
    device_class="battery",
    state_class=MEASUREMENT,
    entity_category=DIAGNOSTIC,
    reason=(
        "Named explicitly: the unit comes from the DP and is often mV, in which"
        " case the battery device class (and the name it gives) is dropped."
    ),
)

COMMON: Mapping[str, tuple[EntitySpec, ...]] = {
    "battery_percentage": (_BATTERY_PERCENT,),
    "battery": (_BATTERY_PERCENT,),
    "battery_value": (_BATTERY_FROM_DP,),
    "va_battery": (_BATTERY_FROM_DP,),
    # An enum: low/middle/high on sensors, high/medium/low/exhausted on locks.
    "battery_state": (
        EntitySpec(
            platform=Platform.SENSOR,
            translation_key="battery_state",
            entity_category=DIAGNOSTIC,
        ),
    ),
    # Locks report their charge here, 0-100 and usually without a unit.
    "residual_electricity": (
        EntitySpec(
            platform=Platform.SENSOR,
            device_class="battery",
            state_class=MEASUREMENT,
            unit="%",
            entity_category=DIAGNOSTIC,
            reason=(
                "Core has no entities for lock categories; locks report their"
                " remaining charge (0-100, no unit) in this code."
            ),
        ),
    ),
    # The tamper contact: core adds the same entry to every sensor category.
    "temper_alarm": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            device_class="tamper",
            entity_category=DIAGNOSTIC,
        ),
    ),
    # Core maps child_lock on sockets, switches and thermostats; it is a setting
    # wherever it appears, so it is listed once for all.
    "child_lock": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="child_lock",
            entity_category=CONFIG,
        ),
    ),
}

# Codes that carry unlock material or credential management of locks (see
# Tuya's BLE lock DP reference,
# https://developer.tuya.com/cn/docs/iot/smart-product-solution/product-solution-lock/product-solution-lock-ble/ble?id=K9ow3vcpn71ua).
# Showing or writing them from an entity would leak or misuse secrets, so the
# resolver makes no entity of any kind for them.
NEVER_EXPOSED: frozenset[str] = frozenset(
    {
        "unlock_method_create",  # enrol a credential
        "unlock_method_delete",  # remove a credential
        "unlock_method_modify",  # change a credential
        "bluetooth_unlock",  # the short-range BLE unlock command
        "ble_unlock_check",  # holds the lock's numeric code for checked unlocks
        "check_code_set",
        # Same frame layout as ble_unlock_check and the same 8-digit code in it.
        "remote_pd_setkey_check",
        "record",
    }
)

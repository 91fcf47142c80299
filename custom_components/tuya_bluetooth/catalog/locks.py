"""Locks' simple DPs: ms, jtmspro, jtmsbh.

Home Assistant core's cloud `tuya` integration creates no entity at all for
lock categories (they are only named in
https://github.com/home-assistant/core/blob/dev/homeassistant/components/tuya/const.py),
so nothing here can follow it. The codes and their types are Tuya's BLE lock
DP set. Two entities are built on several DPs (docs/locks.md):

- the lock itself: its bolt state (lock_motor_state) and the commands that move
  it. The unlock codes are in NEVER_EXPOSED (common.py), so no single-DP entity
  ever shows or writes them; the lock entity consumes them all the same, and
  is the only thing that writes them.
- "Unlocked": an event for each unlock the lock reports, its type the method
  (fingerprint, card, Bluetooth ...) and its attribute the member or credential
  id. The per-method sensors stay beside it ("who came home" as a state).

Door sensor, alarm and settings are single-DP entities below; the battery
(residual_electricity, battery_state) comes from COMMON.
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import CONFIG, CORE_CONST
from .model import CategoryCatalog, CompositeSpec, EntitySpec, Platform, RoleSpec

TUYA_BLE_LOCK = (
    "https://developer.tuya.com/cn/docs/iot/smart-product-solution/"
    "product-solution-lock/product-solution-lock-ble/ble?id=K9ow3vcpn71ua"
)


def _last_unlock(translation_key: str) -> tuple[EntitySpec, ...]:
    """The id (0-999) of the member or credential that last opened the lock.

    Useful in automations ("who came home"), so neither diagnostic nor hidden.
    """
    return (EntitySpec(platform=Platform.SENSOR, translation_key=translation_key),)


_LOCK: Mapping[str, tuple[EntitySpec, ...]] = {
    "unlock_fingerprint": _last_unlock("last_unlock_fingerprint"),
    "unlock_password": _last_unlock("last_unlock_password"),
    "unlock_dynamic": _last_unlock("last_unlock_dynamic"),
    "unlock_card": _last_unlock("last_unlock_card"),
    "unlock_key": _last_unlock("last_unlock_key"),
    "unlock_ble": _last_unlock("last_unlock_ble"),
    "unlock_temp_pwd": _last_unlock("last_unlock_temporary"),
    "unlock_phone_remote": _last_unlock("last_unlock_app"),
    "unlock_app": _last_unlock("last_unlock_app"),
    "unlock_voice_remote": _last_unlock("last_unlock_voice"),
    # wrong_finger, pry, low_battery ...: the latest alarm, an enum.
    "alarm_lock": (EntitySpec(platform=Platform.SENSOR, translation_key="lock_alarm"),),
    # A forced (duress) unlock: a safety matter, so not tucked away as
    # diagnostic even though community integrations do.
    "hijack": (
        EntitySpec(
            platform=Platform.BINARY_SENSOR,
            translation_key="duress_alarm",
            device_class="safety",
        ),
    ),
    # unknown/open/closed: kept as an enum so "unknown" stays distinct (some
    # locks never update it).
    "closed_opened": (
        EntitySpec(platform=Platform.SENSOR, translation_key="door_state"),
    ),
    "language": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="language",
            entity_category=CONFIG,
        ),
    ),
    "beep_volume": (
        EntitySpec(
            platform=Platform.SELECT,
            translation_key="beep_volume",
            entity_category=CONFIG,
        ),
    ),
    "automatic_lock": (
        EntitySpec(
            platform=Platform.SWITCH,
            translation_key="auto_lock",
            entity_category=CONFIG,
        ),
    ),
    # Seconds in Tuya's lock set; many locks leave the DP's unit empty.
    "auto_lock_time": (
        EntitySpec(
            platform=Platform.NUMBER,
            translation_key="auto_lock_time",
            device_class="duration",
            unit="s",
            entity_category=CONFIG,
        ),
    ),
}

# The lock entity. Role names are those of lock_commands.py; which unlock and
# lock command a device gets is decided there (`unlock_path`, `lock_path`).
LOCK = CompositeSpec(
    platform=Platform.LOCK,
    roles={
        # The bolt; its polarity is disputed and learned (docs/locks.md).
        "state": RoleSpec(codes=("lock_motor_state",), types=("bool",)),
        # The cloud lists the check-code DP as a status, so it need not be
        # writable in the model: the command goes to it all the same.
        "unlock_check": RoleSpec(codes=("ble_unlock_check",), types=("raw",)),
        # Raw [op][member] or a bool, as the model types it.
        "unlock": RoleSpec(
            codes=("bluetooth_unlock",), types=("raw", "bool"), writable=True
        ),
        "lock": RoleSpec(codes=("manual_lock",), types=("bool",), writable=True),
    },
    reason=(
        "Core has no lock entity for these categories; the commands follow the"
        " public Bluetooth lock implementations (docs/locks.md)."
    ),
)

# One event per reported unlock; the role is the event type (the method), the
# reported id its attribute. Each method's sensor is kept as well.
_UNLOCK_METHODS: Mapping[str, tuple[str, ...]] = {
    "fingerprint": ("unlock_fingerprint",),
    "password": ("unlock_password",),
    "card": ("unlock_card",),
    "key": ("unlock_key",),
    "dynamic_password": ("unlock_dynamic",),
    "temporary_password": ("unlock_temp_pwd",),
    "bluetooth": ("unlock_ble",),
    "app": ("unlock_phone_remote", "unlock_app"),
    "voice": ("unlock_voice_remote",),
}
UNLOCK_EVENT = CompositeSpec(
    platform=Platform.EVENT,
    roles={
        method: RoleSpec(codes=codes, types=("value",))
        for method, codes in _UNLOCK_METHODS.items()
    },
    translation_key="unlock",
    keep=tuple(_UNLOCK_METHODS),
    reason="Core has no entities for locks; one event names method and user.",
)

_SOURCES = f"{TUYA_BLE_LOCK} {CORE_CONST}"

CATALOGS: tuple[CategoryCatalog, ...] = (
    CategoryCatalog(
        category="ms",
        name="Residential lock",
        source=_SOURCES,
        entities=_LOCK,
        composites=(LOCK, UNLOCK_EVENT),
    ),
    CategoryCatalog(
        category="jtmspro",
        name="Residential lock pro",
        source=_SOURCES,
        entities={},
        shares=("ms",),
    ),
    CategoryCatalog(
        category="jtmsbh",
        name="Smart lock (keep alive)",
        source=_SOURCES,
        entities={},
        shares=("ms",),
    ),
)

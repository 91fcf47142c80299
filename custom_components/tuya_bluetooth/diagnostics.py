"""Diagnostics of a device or account entry, every secret redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .account import account_diagnostics, is_account_entry
from .catalog import NEVER_EXPOSED
from .const import (
    CONF_BEACON_KEY,
    CONF_DEVICE_ID,
    CONF_LOCAL_KEY,
    CONF_SEC_KEY,
    CONF_UNLOCK_CHECK,
)
from .models import TuyaBluetoothConfigEntry

# The virtual id goes into the pair request with the login key: redacted too.
TO_REDACT = {
    CONF_LOCAL_KEY,
    CONF_SEC_KEY,
    CONF_DEVICE_ID,
    CONF_BEACON_KEY,
    CONF_UNLOCK_CHECK,
}
REDACTED = "**REDACTED**"


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> dict[str, Any]:
    """What the entry holds and how its device (or account) is doing."""
    if is_account_entry(entry):
        return account_diagnostics(entry)
    coordinator = entry.runtime_data.coordinator
    device = coordinator.device
    info = device.device_info
    # Unlock material a lock reports (its check code) is as secret as a key.
    secret_dps = {
        dp.dp_id
        for dp in entry.runtime_data.entity_model.dps
        if dp.code in NEVER_EXPOSED
    }
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
            "category_used": entry.runtime_data.entity_category,
        },
        "device": {
            "address": device.address,
            "connected": device.is_connected,
            "available": coordinator.available,
            "policy": coordinator.policy,
            "last_disconnect_reason": device.last_disconnect_reason,
            "waiting_for_slot": device.waiting_for_slot,
            "device_info": None
            if info is None
            else {
                "firmware_version": info.firmware_version,
                "hardware_version": info.hardware_version,
                "protocol_version": info.protocol_version,
                "bound": info.bound,
                "flags": info.flags,
                "communication_ability": info.communication_ability,
            },
            "dps": {
                str(dp_id): {
                    "type": dp.type.name.lower(),
                    "value": REDACTED if dp_id in secret_dps else _plain(dp.value),
                }
                for dp_id, dp in sorted(device.dps.items())
            },
        },
    }


def _plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value

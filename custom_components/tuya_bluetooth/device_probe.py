"""Trying keys on a device before its entry exists (test-before-configure).

Connect, pair, read the device info and every DP; what the entry needs to run
without the cloud comes back, or the key of a translated error.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any

from homeassistant.components.bluetooth import async_ble_device_from_address
from homeassistant.core import HomeAssistant

from .const import (
    CONF_DEVICE_ID,
    CONF_DP_MODEL,
    CONF_FIRMWARE_VERSION,
    CONF_HARDWARE_VERSION,
    CONF_LOCAL_KEY,
    CONF_PROTOCOL_VERSION,
    CONF_SEC_KEY,
)
from .tuya.device import TuyaBLEDevice
from .tuya.device_info import DeviceInfo
from .tuya.dp_convert import model_from_reports
from .tuya.errors import ConnectError, KeyRejectedError, PairError, TuyaBLEError
from .tuya.handshake import DeviceCredentials

_LOGGER = logging.getLogger(__name__)


def keys_from(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The keys a user typed, trimmed; sec_key only when given."""
    keys = {
        CONF_DEVICE_ID: str(user_input[CONF_DEVICE_ID]).strip(),
        CONF_LOCAL_KEY: str(user_input[CONF_LOCAL_KEY]).strip(),
    }
    if sec_key := str(user_input.get(CONF_SEC_KEY) or "").strip():
        keys[CONF_SEC_KEY] = sec_key
    return keys


async def probe_device(
    hass: HomeAssistant,
    address: str,
    uuid: str,
    user_input: Mapping[str, Any],
    protocol_major: int,
) -> tuple[dict[str, Any] | None, str]:
    """Connect, pair, read device info and every DP; (what to store, error key)."""
    keys = keys_from(user_input)
    if len(keys[CONF_LOCAL_KEY]) < 6 or not keys[CONF_DEVICE_ID]:
        return None, "invalid_key_format"
    ble_device = async_ble_device_from_address(hass, address, True)
    if ble_device is None:
        return None, "device_not_reachable"
    device = TuyaBLEDevice(
        ble_device,
        DeviceCredentials(uuid, keys[CONF_LOCAL_KEY], keys[CONF_DEVICE_ID]),
        protocol_major=protocol_major,
    )
    try:
        info = await device.ensure_connected()
        values = await device.query_dps()
    except KeyRejectedError, PairError:
        return None, "invalid_key"
    except ConnectError:
        return None, "cannot_connect"
    except TuyaBLEError as err:
        _LOGGER.debug("Setting up %s failed: %s", address, type(err).__name__)
        return None, "cannot_connect"
    finally:
        await device.close()
    return _stored(info, values.values()), ""


def _stored(info: DeviceInfo, values: Any) -> dict[str, Any]:
    return {
        CONF_PROTOCOL_VERSION: info.protocol_major,
        CONF_FIRMWARE_VERSION: info.firmware_version,
        CONF_HARDWARE_VERSION: info.hardware_version,
        CONF_DP_MODEL: model_from_reports(values).to_dict(),
    }

"""The last device list of each linked account, kept in a `Store`.

The list changes whenever a device is added or re-paired in the app, far more
often than the account itself: keeping it in the entry's data would rewrite
(and with an update listener, reload) the entry each time. With it, an account
set up while the cloud is unreachable still matches the devices Bluetooth finds
(keys are tried on the device before anything is stored). It holds local keys,
like the config entries do, in Home Assistant's private storage.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .tuya.cloud import CloudDevice, TuyaCloudError

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION = 1


class _Stored(TypedDict):
    listed_at: str
    devices: list[dict[str, Any]]


class AccountCache:
    """One account's device list on disk."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._store: Store[_Stored] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.account_{entry_id}", private=True
        )

    async def async_load(self) -> tuple[dict[str, CloudDevice], str] | None:
        """The stored devices by uuid and when they were listed; None: nothing."""
        stored = await self._store.async_load()
        if stored is None:
            return None
        devices: dict[str, CloudDevice] = {}
        for data in stored.get("devices", []):
            try:
                device = CloudDevice.from_dict(data)
            except TuyaCloudError:
                continue  # a damaged record: the next listing replaces it
            if device.uuid:
                devices[device.uuid] = device
        return devices, stored.get("listed_at", "")

    def async_save(self, devices: Mapping[str, CloudDevice]) -> None:
        """Keep a fresh listing (written by Home Assistant's storage task)."""
        listed_at = dt_util.utcnow().isoformat()
        records = [device.to_dict() for device in devices.values()]
        self._store.async_delay_save(
            lambda: {"listed_at": listed_at, "devices": records}
        )

    async def async_remove(self) -> None:
        """The account was removed: forget its devices."""
        await self._store.async_remove()

"""The Tuya Bluetooth integration: local control of Tuya Bluetooth LE devices."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components import bluetooth
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady

from .const import CONF_UUID, DOMAIN


@dataclass(slots=True)
class TuyaBluetoothData:
    """Runtime data of one configured device."""

    address: str
    uuid: str


type TuyaBluetoothConfigEntry = ConfigEntry[TuyaBluetoothData]


async def async_setup_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> bool:
    """Set up a Tuya Bluetooth device once Home Assistant can reach it."""
    address: str = entry.data[CONF_ADDRESS]
    if not bluetooth.async_ble_device_from_address(hass, address, connectable=True):
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="device_not_found",
            translation_placeholders={"address": address},
        )
    entry.runtime_data = TuyaBluetoothData(address=address, uuid=entry.data[CONF_UUID])
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> bool:
    """Unload a config entry; nothing is held open yet."""
    return True

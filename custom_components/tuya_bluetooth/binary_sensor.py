"""Binary sensors: the device's Bluetooth connection."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_UUID
from .entity import TuyaBluetoothEntity
from .models import TuyaBluetoothConfigEntry

PARALLEL_UPDATES = 0

CONNECTIVITY = BinarySensorEntityDescription(
    key="connection",
    translation_key="connection",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the connectivity sensor of a device."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [ConnectionBinarySensor(coordinator, entry.data[CONF_UUID], CONNECTIVITY)]
    )


class ConnectionBinarySensor(TuyaBluetoothEntity, BinarySensorEntity):
    """On while a paired Bluetooth session to the device is up."""

    @property
    def available(self) -> bool:
        """Always: the connection state itself is what this entity shows."""
        return True

    @property
    def is_on(self) -> bool:
        """Whether the device is connected."""
        return self.coordinator.device.is_connected

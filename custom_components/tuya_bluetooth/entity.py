"""The base of every Tuya Bluetooth entity: device info and availability."""

from __future__ import annotations

from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription

from .const import DOMAIN
from .coordinator import TuyaBluetoothCoordinator


class TuyaBluetoothEntity(PassiveBluetoothCoordinatorEntity[TuyaBluetoothCoordinator]):
    """An entity of one device; unique ids are built from the device uuid."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        description: EntityDescription,
    ) -> None:
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{uuid}-{description.key}"
        self._attr_device_info = DeviceInfo(
            connections={(dr.CONNECTION_BLUETOOTH, coordinator.address)},
            identifiers={(DOMAIN, uuid)},
        )

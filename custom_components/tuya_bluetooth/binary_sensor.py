"""Binary sensors: the Bluetooth connection, boolean DPs, enum states, fault bits."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .const import CONF_UUID
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .entity import TuyaBluetoothEntity
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpType
from .tuya.dp_convert import reported_label

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
    """Add the connectivity sensor and the binary sensors of the DPs."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [ConnectionBinarySensor(coordinator, entry.data[CONF_UUID], CONNECTIVITY)]
    )
    async_setup_dp_entities(
        hass,
        entry,
        async_add_entities,
        Platform.BINARY_SENSOR,
        TuyaDpBinarySensor.build,
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


class TuyaDpBinarySensor(TuyaDpEntity, BinarySensorEntity):
    """A boolean DP, an enum DP that is on for some options, or one bitmap bit."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpBinarySensor:
        """The entity for one resolved DP."""
        description = BinarySensorEntityDescription(
            **description_fields(resolved),
            device_class=(
                BinarySensorDeviceClass(resolved.device_class)
                if resolved.device_class in set(BinarySensorDeviceClass)
                else None
            ),
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def is_on(self) -> bool | None:
        """On as the DP says; unknown for a value the model does not allow."""
        value = self.raw_value
        resolved = self.resolved
        if value is None:
            return None
        if resolved.bit is not None:
            if isinstance(value, int) and not isinstance(value, bool):
                return bool(value >> resolved.bit & 1)
        elif resolved.on_values:
            label = (
                reported_label(resolved.dp, value)
                if resolved.dp.type is DpType.ENUM
                else value
            )
            if isinstance(label, str):
                return label in resolved.on_values
        elif isinstance(value, bool):
            return value
        self.odd_value(value)
        return None

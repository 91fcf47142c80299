"""Sensors: readings of value, enum, string, bitmap and raw DPs."""

from __future__ import annotations

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpType
from .tuya.dp_convert import reported_label, reported_number

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for every DP the resolver calls a reading."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.SENSOR, TuyaDpSensor.build
    )


class TuyaDpSensor(TuyaDpEntity, SensorEntity):
    """One DP as a reading: scaled numbers, enum labels, text, hex."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpSensor:
        """The entity for one resolved DP."""
        dp = resolved.dp
        device_class = (
            SensorDeviceClass(resolved.device_class)
            if resolved.device_class in set(SensorDeviceClass)
            else None
        )
        options = None
        if dp.type is DpType.ENUM and dp.range:
            device_class, options = SensorDeviceClass.ENUM, list(dp.range)
        elif device_class is SensorDeviceClass.ENUM:
            device_class = None  # an enum without a known range: the raw index
        description = SensorEntityDescription(
            **description_fields(resolved),
            device_class=device_class,
            options=options,
            state_class=(
                SensorStateClass(resolved.state_class)
                if resolved.state_class in set(SensorStateClass)
                and device_class is not SensorDeviceClass.ENUM
                else None
            ),
            native_unit_of_measurement=resolved.unit,
            suggested_display_precision=dp.scale if dp.type is DpType.VALUE else None,
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def native_value(self) -> str | int | float | None:
        """The reading, in the unit and form the model gives."""
        value = self.raw_value
        dp = self.resolved.dp
        if value is None:
            return None
        shown: str | int | float | None
        match dp.type:
            case DpType.VALUE:
                shown = reported_number(dp, value)
            case DpType.ENUM if dp.range:
                shown = reported_label(dp, value)
            case _ if isinstance(value, bytes):
                shown = value.hex()
            case _ if isinstance(value, bool):
                shown = str(value).lower()
            case _:
                shown = value
        if shown is None:
            self.odd_value(value)
        return shown

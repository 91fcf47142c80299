"""Numbers: writable value DPs, scaled, clamped to their range and step."""

from __future__ import annotations

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.dp_convert import clamped_datapoint, number_bounds, reported_number

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a number for every writable value DP."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.NUMBER, TuyaDpNumber.build
    )


class TuyaDpNumber(TuyaDpEntity, NumberEntity):
    """A value DP shown as value / 10^scale and written back the same way."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpNumber:
        """The entity for one resolved DP."""
        low, high, step = number_bounds(resolved.dp)
        device_class = resolved.device_class
        description = NumberEntityDescription(
            **description_fields(resolved),
            device_class=(
                NumberDeviceClass(device_class)
                if device_class in set(NumberDeviceClass)
                else None
            ),
            native_unit_of_measurement=resolved.unit,
            native_min_value=low,
            native_max_value=high,
            native_step=step,
            # A slider over a range of millions is of no use to anyone.
            mode=NumberMode.BOX if (high - low) / step > 1000 else NumberMode.AUTO,
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def native_value(self) -> float | None:
        """The DP's value in real units."""
        value = self.raw_value
        if value is None:
            return None
        number = reported_number(self.resolved.dp, value)
        if number is None:
            self.odd_value(value)
        return number

    async def async_set_native_value(self, value: float) -> None:
        """Write the nearest value the device accepts."""
        await self.async_write_datapoint(clamped_datapoint(self.resolved.dp, value))

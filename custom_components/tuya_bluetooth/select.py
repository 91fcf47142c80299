"""Selects: writable enum DPs (their options are the model's range)."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.dp_convert import reported_label

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a select for every writable enum DP."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.SELECT, TuyaDpSelect.build
    )


class TuyaDpSelect(TuyaDpEntity, SelectEntity):
    """An enum DP with a known range; over Bluetooth it travels as the index."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpSelect:
        """The entity for one resolved DP."""
        description = SelectEntityDescription(
            **description_fields(resolved), options=list(resolved.dp.range)
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def current_option(self) -> str | None:
        """The option the device reported."""
        value = self.raw_value
        if value is None:
            return None
        label = reported_label(self.resolved.dp, value)
        if label is None:
            self.odd_value(value)
        return label

    async def async_select_option(self, option: str) -> None:
        """Write the option's index."""
        await self.async_write(option)

"""Text entities: writable string DPs."""

from __future__ import annotations

from homeassistant.components.text import TextEntity, TextEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity

PARALLEL_UPDATES = 0
TEXT_MAX = 255  # Home Assistant's own ceiling for a text entity


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a text entity for every writable string DP."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.TEXT, TuyaDpText.build
    )


class TuyaDpText(TuyaDpEntity, TextEntity):
    """A string DP the device lets us set."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpText:
        """The entity for one resolved DP."""
        maxlen = resolved.dp.maxlen
        description = TextEntityDescription(
            **description_fields(resolved),
            native_max=min(maxlen, TEXT_MAX) if maxlen is not None else TEXT_MAX,
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def native_value(self) -> str | None:
        """The DP's text."""
        value = self.raw_value
        if value is None or isinstance(value, str):
            return value
        self.odd_value(value)
        return None

    async def async_set_value(self, value: str) -> None:
        """Write the text."""
        await self.async_write(value)

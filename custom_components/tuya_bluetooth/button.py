"""Buttons: write-only DPs that trigger something (a reset, a press)."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpType

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a button for every DP the resolver calls a trigger."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.BUTTON, TuyaDpButton.build
    )


class TuyaDpButton(TuyaDpEntity, ButtonEntity):
    """Pressing writes the DP's trigger value (true, or an enum's first option)."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpButton:
        """The entity for one resolved DP."""
        description = ButtonEntityDescription(**description_fields(resolved))
        return cls(coordinator, uuid, resolved, description)

    async def async_press(self) -> None:
        """Send the trigger."""
        dp = self.resolved.dp
        await self.async_write(True if dp.type is DpType.BOOL else 0)

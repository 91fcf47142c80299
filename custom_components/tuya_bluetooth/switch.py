"""Switches: writable boolean DPs (gangs, sockets, child locks, config flags)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.components.switch.const import SwitchDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity

PARALLEL_UPDATES = 0  # the device's command queue orders writes itself


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for every writable boolean DP the resolver names."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.SWITCH, TuyaDpSwitch.build
    )


class TuyaDpSwitch(TuyaDpEntity, SwitchEntity):
    """A boolean DP the device lets us set."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpSwitch:
        """The entity for one resolved DP."""
        device_class = resolved.device_class
        description = SwitchEntityDescription(
            **description_fields(resolved),
            device_class=(
                SwitchDeviceClass(device_class)
                if device_class in set(SwitchDeviceClass)
                else None
            ),
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def is_on(self) -> bool | None:
        """The DP's value; unknown until the device reported a boolean."""
        value = self.raw_value
        if value is None or isinstance(value, bool):
            return value
        self.odd_value(value)
        return None

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Set the DP to true."""
        await self.async_write(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Set the DP to false."""
        await self.async_write(False)

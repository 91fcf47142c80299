"""Valves: water timers and irrigation zones opened and closed by a boolean DP.

The one role, `switch` (catalog/cover_valve.py), is true while water runs.
Tuya's water timers report no valve position, so none is offered; run time,
rain delay and water used are entities of their own. Why irrigators (ggq) get
valves too: docs/covers_valves_fingerbot.md.
"""

from __future__ import annotations

from homeassistant.components.valve.const import ValveDeviceClass, ValveEntityFeature
from homeassistant.components.valve.entity import ValveEntity, ValveEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a valve for every water valve the resolver found."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.VALVE, TuyaValve.build
    )


class TuyaValve(TuyaDpEntity, ValveEntity):
    """A water valve: open while its `switch` DP is true."""

    _attr_supported_features = ValveEntityFeature.OPEN | ValveEntityFeature.CLOSE
    _attr_reports_position = False

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaValve:
        """The entity for one resolved valve."""
        fields = description_fields(resolved)
        if resolved.translation_key is None:
            fields["name"] = None  # the device's main feature: its name
        description = ValveEntityDescription(
            **fields, device_class=ValveDeviceClass.WATER
        )
        return cls(coordinator, uuid, resolved, description)

    @property
    def is_closed(self) -> bool | None:
        """Closed while the switch is false; unknown until it is reported."""
        value = self.role_value("switch")
        if value is None:
            return None
        if isinstance(value, bool):
            return not value
        self.odd_value(value)
        return None

    async def async_open_valve(self) -> None:
        """Let the water run."""
        await self.async_write_roles({"switch": True})

    async def async_close_valve(self) -> None:
        """Stop the water."""
        await self.async_write_roles({"switch": False})

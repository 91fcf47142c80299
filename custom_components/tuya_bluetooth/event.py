"""Events: DPs that report something that happened (a scene button pressed)."""

from __future__ import annotations

from homeassistant.components.event import (
    EventDeviceClass,
    EventEntity,
    EventEntityDescription,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .lock_event import TuyaUnlockEvent
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpType
from .tuya.device import DeviceEvent
from .tuya.dp_convert import reported_label

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an event entity for every DP the catalog calls an event."""
    async_setup_dp_entities(hass, entry, async_add_entities, Platform.EVENT, _build)


def _build(
    coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
) -> EventEntity:
    """An event on several DPs is a lock's unlocks (lock_event.py)."""
    if resolved.roles:
        return TuyaUnlockEvent.build(coordinator, uuid, resolved)
    return TuyaDpEvent.build(coordinator, uuid, resolved)


class TuyaDpEvent(TuyaDpEntity, EventEntity):
    """Each report of the DP is an event; its type is the reported option."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaDpEvent:
        """The entity for one resolved DP."""
        dp = resolved.dp
        event_types = list(dp.range) if dp.type is DpType.ENUM else ["pressed"]
        description = EventEntityDescription(
            **description_fields(resolved),
            device_class=(
                EventDeviceClass(resolved.device_class)
                if resolved.device_class in set(EventDeviceClass)
                else None
            ),
            event_types=event_types,
        )
        return cls(coordinator, uuid, resolved, description)

    async def async_added_to_hass(self) -> None:
        """Listen to the device's reports (each one is an event, even if equal)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.device.subscribe(self._reported))

    @callback
    def _reported(self, event: DeviceEvent) -> None:
        dp_id = self.resolved.dp.dp_id
        for dp in event.dps:
            if dp.id != dp_id:
                continue
            if self.resolved.dp.type is DpType.ENUM:
                event_type = reported_label(self.resolved.dp, dp.value)
            else:
                event_type = "pressed" if dp.value else None
            if event_type is None:
                self.odd_value(dp.value)
                continue
            self._trigger_event(event_type)
            self.async_write_ha_state()

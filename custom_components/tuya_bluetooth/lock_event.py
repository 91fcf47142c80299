"""A lock's unlocks as events: the method is the event type, the id its attribute.

Locks report who last opened them in one DP per method (`unlock_fingerprint`,
`unlock_card`, `unlock_ble` ...; the catalog's "unlock" entry in
catalog/locks.py). Each report of such a DP is an unlock, except when the
device merely restates it: after every connection the integration asks for all
DPs, and locks also push their whole state when a connection is made; both
repeat the ids of long-past unlocks (see `is_unlock_report`). docs/locks.md
has the details.
"""

from __future__ import annotations

from typing import TypeIs

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, description_fields
from .resolver import ResolvedEntity
from .tuya.device import DeviceEvent

# The id the lock reported: the member id for Bluetooth and app unlocks, the
# credential's number (fingerprint, card, password ...) otherwise.
ATTR_CREDENTIAL_ID = "credential_id"


def is_unlock_report(*, held: int | None, reported: int, restated: bool) -> bool:
    """Whether a report of a last-unlock DP means a new unlock.

    A value seen for the first time may be an old unlock's (no event); a
    changed value is a new unlock. An unchanged value is a new unlock by the
    same member or credential, unless the report as a whole only restates the
    device's state (`restated`, see `TuyaUnlockEvent._restates`).
    """
    if held is None:
        return False
    return reported != held or not restated


class TuyaUnlockEvent(TuyaDpEntity, EventEntity):
    """One event per unlock the lock reports, typed by the unlock method."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaUnlockEvent:
        """The entity for one resolved set of last-unlock DPs."""
        description = EventEntityDescription(
            **description_fields(resolved), event_types=list(resolved.roles)
        )
        return cls(coordinator, uuid, resolved, description)

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        description: EventEntityDescription,
    ) -> None:
        super().__init__(coordinator, uuid, resolved, description)
        self._method_of = {dp.dp_id: method for method, dp in resolved.roles.items()}
        # Every DP's last value as this entity saw it (the device's own table
        # is updated before listeners hear of a report).
        self._held: dict[int, object] = {}
        self._seen_on_connection: set[int] = set()

    async def async_added_to_hass(self) -> None:
        """Start from the values already known; listen to the device's reports."""
        await super().async_added_to_hass()
        device = self.coordinator.device
        self._held = {dp_id: dp.value for dp_id, dp in device.dps.items()}
        self.async_on_remove(device.subscribe(self._device_event))

    @callback
    def _device_event(self, event: DeviceEvent) -> None:
        if event.connected is not None:
            self._seen_on_connection.clear()  # a new connection: a new dump
            return
        restated = self._restates(event)
        fired = False
        for dp in event.dps:
            held = self._held.get(dp.id)
            self._held[dp.id] = dp.value
            method = self._method_of.get(dp.id)
            if method is None:
                continue
            self._seen_on_connection.add(dp.id)
            value = dp.value
            if not _is_id(value):
                self.odd_value(value)
                continue
            previous = held if _is_id(held) else None
            if is_unlock_report(held=previous, reported=value, restated=restated):
                self._trigger_event(method, {ATTR_CREDENTIAL_ID: value})
                fired = True
        if fired:
            self.async_write_ha_state()

    def _restates(self, event: DeviceEvent) -> bool:
        """Whether a report only repeats what the device said before.

        Every DP in it has the value held, and either it carries several DPs
        (the state pushed on connecting, or the answer to our query) or it is
        the first report of an unlock DP on this connection (a device that
        answers one DP per frame). The device's reports carry no flag saying
        which they answer, so this is a reading of their shape. Raw DPs are
        left out: what we wrote to one (an unlock command in DP 71) stays in
        our table, while the lock keeps reporting its own record there.
        """
        if any(
            self._held.get(dp.id) != dp.value
            for dp in event.dps
            if not isinstance(dp.value, bytes)
        ):
            return False
        if len(event.dps) > 1:
            return True
        return any(
            dp.id in self._method_of and dp.id not in self._seen_on_connection
            for dp in event.dps
        )


def _is_id(value: object) -> TypeIs[int]:
    return isinstance(value, int) and not isinstance(value, bool)

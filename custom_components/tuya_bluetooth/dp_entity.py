"""Entities built on one DP: reading its value, writing it, adding new ones.

A platform hands `async_setup_dp_entities` its entity class; the entities come
from the resolver (`catalog/resolver.py`), at setup and again whenever the
device reports a DP its model lacked (dynamic devices).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import logging
from typing import Any

from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .const import CONF_UUID, DOMAIN
from .coordinator import TuyaBluetoothCoordinator
from .entity import TuyaBluetoothEntity
from .models import TuyaBluetoothConfigEntry, new_dps_signal
from .resolver import ResolvedEntity
from .services import raise_for_result
from .tuya.cloud.dp_model import DpModel
from .tuya.datapoints import DataPoint
from .tuya.dp_convert import DpValueError, datapoint_for

_LOGGER = logging.getLogger(__name__)


def description_fields(resolved: ResolvedEntity) -> dict[str, Any]:
    """The EntityDescription fields every platform shares."""
    return {
        "key": resolved.key,
        "translation_key": resolved.translation_key,
        "translation_placeholders": dict(resolved.placeholders) or None,
        "entity_category": (
            None
            if resolved.entity_category is None
            else EntityCategory(resolved.entity_category.value)
        ),
        "entity_registry_enabled_default": resolved.enabled_default,
    }


class TuyaDpEntity(TuyaBluetoothEntity):
    """An entity showing, and perhaps writing, one DP of the device."""

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        description: EntityDescription,
    ) -> None:
        super().__init__(coordinator, uuid, description)
        self.resolved = resolved
        self._odd_value_logged = False

    @property
    def raw_value(self) -> Any:
        """The DP's last value as the device reported it (None: not yet)."""
        dp = self.coordinator.device.dps.get(self.resolved.dp.dp_id)
        return None if dp is None else dp.value

    def odd_value(self, value: Any, role: str | None = None) -> None:
        """Log, once per entity, a value the model does not allow.

        `role` names which of an entity's several DPs sent it (default: its own).
        """
        if not self._odd_value_logged:
            self._odd_value_logged = True
            dp = self.resolved.roles.get(role, self.resolved.dp) if role else None
            _LOGGER.warning(
                "%s: DP %s reported %r, which its model does not allow; shown as"
                " unknown",
                self.coordinator.device_name,
                (dp or self.resolved.dp).dp_id,
                value,
            )

    async def async_write(self, value: Any) -> None:
        """Send `value` (checked against the model) and wait for the device."""
        await self.async_write_datapoint(_checked(self.resolved.dp, value))

    async def async_write_datapoint(self, *datapoints: DataPoint) -> None:
        """Send ready DataPoints in one command; one not acknowledged raises."""
        result = await self.coordinator.async_write_dps(list(datapoints))
        raise_for_result(result, self.coordinator.device_name)

    # --- entities on several DPs (light, lock, climate, cover, valve) ---------------

    def role_dp(self, role: str) -> DpModel | None:
        """The DP playing `role`, if the device has one."""
        return self.resolved.roles.get(role)

    def role_value(self, role: str) -> Any:
        """The last reported value of the DP playing `role` (None: none yet)."""
        dp = self.resolved.roles.get(role)
        if dp is None:
            return None
        reported = self.coordinator.device.dps.get(dp.dp_id)
        return None if reported is None else reported.value

    async def async_write_roles(self, values: Mapping[str, Any]) -> None:
        """Write several roles' values in one command (checked against the model).

        One command, so the device applies them together (a light's mode and
        brightness) and a failure leaves none of them half-applied.
        """
        datapoints = [
            _checked(self.resolved.roles[role], value) for role, value in values.items()
        ]
        if datapoints:
            await self.async_write_datapoint(*datapoints)


def _checked(dp: DpModel, value: Any) -> DataPoint:
    """The DataPoint for `value`, or a translated error saying what is wrong."""
    try:
        return datapoint_for(dp, value)
    except DpValueError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=f"dp_value_{err.reason}",
            translation_placeholders={"dp_id": str(dp.dp_id), "value": str(value)},
        ) from err


type EntityFactory = Callable[[TuyaBluetoothCoordinator, str, ResolvedEntity], Entity]


def async_setup_dp_entities(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    platform: Platform,
    factory: EntityFactory,
) -> None:
    """Add the platform's DP entities now, and later as new DPs are reported."""
    data = entry.runtime_data
    uuid: str = entry.data[CONF_UUID]
    added: set[str] = set()

    @callback
    def add_new() -> None:
        new = [
            resolved
            for resolved in data.entities()
            if resolved.platform is platform and resolved.key not in added
        ]
        added.update(resolved.key for resolved in new)
        if new:
            async_add_entities(
                factory(data.coordinator, uuid, resolved) for resolved in new
            )

    add_new()
    entry.async_on_unload(
        async_dispatcher_connect(hass, new_dps_signal(entry.entry_id), add_new)
    )

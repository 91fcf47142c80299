"""Runtime data of a configured device."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.config_entries import ConfigEntry

from .const import CONF_CATEGORY, DOMAIN
from .coordinator import TuyaBluetoothCoordinator
from .reported_codes import coded_model, entity_category
from .resolver import ResolvedEntity, resolve
from .tuya.cloud.dp_model import DeviceDpModel


@dataclass(slots=True)
class TuyaBluetoothData:
    """What one device entry runs with."""

    coordinator: TuyaBluetoothCoordinator
    dp_model: DeviceDpModel  # as stored: from the cloud, or from reports
    title: str
    category: str | None = None  # the entry's data: the cloud's category
    # The entry's options: a device without a cloud model may be given a category.
    options: Mapping[str, Any] = field(default_factory=dict)
    _entities: list[ResolvedEntity] | None = field(default=None, repr=False)

    @property
    def entity_category(self) -> str | None:
        """The category entities are resolved with (the cloud's wins, if any)."""
        return entity_category(
            self.category, self.options.get(CONF_CATEGORY), self.dp_model
        )

    @property
    def entity_model(self) -> DeviceDpModel:
        """The DP model entities are built on (a model from reports coded)."""
        return coded_model(self.entity_category, self.dp_model)

    def entities(self) -> list[ResolvedEntity]:
        """The entities the device's category and DP model call for."""
        if self._entities is None:
            self._entities = resolve(self.entity_category, self.entity_model)
        return self._entities

    def set_dp_model(self, dp_model: DeviceDpModel) -> None:
        """A refined model (new DPs reported): entities are resolved again."""
        self.dp_model = dp_model
        self._entities = None


def new_dps_signal(entry_id: str) -> str:
    """Dispatcher signal: the entry's DP model gained DPs (add their entities)."""
    return f"{DOMAIN}_{entry_id}_new_dps"


type TuyaBluetoothConfigEntry = ConfigEntry[TuyaBluetoothData]

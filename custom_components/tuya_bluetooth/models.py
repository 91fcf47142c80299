"""Runtime data of a configured device."""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry

from .const import DOMAIN
from .coordinator import TuyaBluetoothCoordinator
from .resolver import ResolvedEntity, resolve
from .tuya.cloud.dp_model import DeviceDpModel


@dataclass(slots=True)
class TuyaBluetoothData:
    """What one device entry runs with."""

    coordinator: TuyaBluetoothCoordinator
    dp_model: DeviceDpModel
    title: str
    category: str | None = None
    _entities: list[ResolvedEntity] | None = field(default=None, repr=False)

    def entities(self) -> list[ResolvedEntity]:
        """The entities the device's category and DP model call for."""
        if self._entities is None:
            self._entities = resolve(self.category, self.dp_model)
        return self._entities

    def set_dp_model(self, dp_model: DeviceDpModel) -> None:
        """A refined model (new DPs reported): entities are resolved again."""
        self.dp_model = dp_model
        self._entities = None


def new_dps_signal(entry_id: str) -> str:
    """Dispatcher signal: the entry's DP model gained DPs (add their entities)."""
    return f"{DOMAIN}_{entry_id}_new_dps"


type TuyaBluetoothConfigEntry = ConfigEntry[TuyaBluetoothData]

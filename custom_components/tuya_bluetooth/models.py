"""Runtime data of a configured device."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .coordinator import TuyaBluetoothCoordinator
from .tuya.cloud.dp_model import DeviceDpModel


@dataclass(slots=True)
class TuyaBluetoothData:
    """What one device entry runs with."""

    coordinator: TuyaBluetoothCoordinator
    dp_model: DeviceDpModel
    title: str


type TuyaBluetoothConfigEntry = ConfigEntry[TuyaBluetoothData]

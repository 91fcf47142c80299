"""Helpers for tests that set simulated devices up through Home Assistant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import SOURCE_BLUETOOTH, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.tuya_bluetooth.const import DOMAIN
from simulator.advertising import advertising_of
from simulator.ble.client import SETTINGS_KEY
from simulator.ble.faults import LinkSettings
from simulator.device import DeviceEmulator
from simulator.products import Product
from simulator.scanner import VirtualRemoteScanner


@dataclass
class Simulated:
    """One emulated device advertising through the virtual proxy."""

    emulator: DeviceEmulator
    details: dict[str, Any]
    scanner: VirtualRemoteScanner

    def advertise(self, *, connection_request: bool = False) -> None:
        self.scanner.inject_advertising(
            self.emulator.address,
            advertising_of(self.emulator, connection_request=connection_request),
            details=self.details,
        )

    @property
    def link(self) -> LinkSettings:
        """The virtual link's settings: faults to plan, packets carried."""
        settings = self.details[SETTINGS_KEY]
        assert isinstance(settings, LinkSettings)
        return settings

    @property
    def keys(self) -> dict[str, str]:
        identity = self.emulator.identity
        return {"device_id": identity.device_id, "local_key": identity.local_key}


async def discovered_flow(hass: HomeAssistant, device: Simulated) -> str:
    """The Bluetooth flow discovery started for `device`, past its confirm step."""
    await hass.async_block_till_done(wait_background_tasks=True)
    flows = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"].get("unique_id") == device.emulator.uuid
    ]
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_BLUETOOTH
    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {})
    assert result["step_id"] == "keys"
    return result["flow_id"]


async def set_up(hass: HomeAssistant, device: Simulated) -> ConfigEntry:
    """Discovered → keys entered → a loaded entry."""
    flow_id = await discovered_flow(hass, device)
    result = await hass.config_entries.flow.async_configure(flow_id, device.keys)
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    return entry


def device_id_of(hass: HomeAssistant, device: Simulated) -> str:
    """The device registry id of a simulated device."""
    (found,) = dr.async_get(hass).async_get_devices(
        connections={(dr.CONNECTION_BLUETOOTH, device.emulator.address)}
    )
    return found.id


async def send_dp(
    hass: HomeAssistant, device: Simulated, dp_id: int, value: object
) -> None:
    """Call tuya_bluetooth.send_dp for a simulated device and wait for it."""
    await hass.services.async_call(
        DOMAIN,
        "send_dp",
        {"device_id": device_id_of(hass, device), "dp_id": dp_id, "value": value},
        blocking=True,
    )


def bool_dp(product: Product) -> int:
    """The first writable boolean DP of a product."""
    return next(s.dp_id for s in product.dps if s.dp_type == 1 and s.writable)

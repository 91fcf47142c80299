"""Config flow for Tuya Bluetooth: discovery through Home Assistant's bluetooth stack."""

from __future__ import annotations

from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.components.bluetooth import (
    BluetoothServiceInfoBleak,
    async_discovered_service_info,
)
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_ADDRESS
import probatio

from .const import CONF_PRODUCT_ID, CONF_PROTOCOL_VERSION, CONF_UUID, DOMAIN
from .tuya.advertisement import AdvertisementInfo, parse_advertisement

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DiscoveredDevice:
    """A Tuya device seen over Bluetooth, with what its advertisement told."""

    service_info: BluetoothServiceInfoBleak
    advertisement: AdvertisementInfo

    @property
    def uuid(self) -> str:
        """The device uuid (discovery only keeps devices whose uuid is known)."""
        assert self.advertisement.uuid is not None
        return self.advertisement.uuid

    @property
    def title(self) -> str:
        """A name for the device before the cloud tells its real one."""
        suffix = self.service_info.address.replace(":", "")[-4:].upper()
        return f"Tuya {self.advertisement.product_id or 'device'} {suffix}"


def _discovered(service_info: BluetoothServiceInfoBleak) -> DiscoveredDevice | None:
    advertisement = parse_advertisement(
        service_info.address, service_info.service_data, service_info.manufacturer_data
    )
    if advertisement is None or advertisement.is_dp_beacon:
        return None
    return DiscoveredDevice(service_info, advertisement)


class TuyaBluetoothConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up one Tuya Bluetooth device per config entry, keyed by its uuid."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing discovered."""
        self._discovery: DiscoveredDevice | None = None
        self._discovered: dict[str, DiscoveredDevice] = {}

    async def async_step_bluetooth(
        self, discovery_info: BluetoothServiceInfoBleak
    ) -> ConfigFlowResult:
        """Handle a device found by Home Assistant's bluetooth matcher."""
        discovered = _discovered(discovery_info)
        if discovered is None:
            return self.async_abort(reason="not_supported")
        if discovered.advertisement.uuid is None:
            # The uuid is in the scan response; the manufacturer-data matcher
            # starts discovery again once it arrives.
            return self.async_abort(reason="scan_response_missing")
        _LOGGER.debug(
            "Discovered Tuya Bluetooth device %s (protocol %s, %s)",
            discovery_info.address,
            discovered.advertisement.protocol_version,
            "bound" if discovered.advertisement.is_bound else "unbound",
        )
        await self.async_set_unique_id(discovered.uuid)
        self._abort_if_unique_id_configured(
            updates={CONF_ADDRESS: discovery_info.address}
        )
        self._discovery = discovered
        self.context["title_placeholders"] = {"name": discovered.title}
        return await self.async_step_bluetooth_confirm()

    async def async_step_bluetooth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the user to confirm a discovered device."""
        assert self._discovery is not None
        if user_input is not None:
            return self._async_create_device_entry(self._discovery)
        self._set_confirm_only()
        return self.async_show_form(
            step_id="bluetooth_confirm",
            description_placeholders=_placeholders(self._discovery),
        )

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user pick one of the Tuya devices seen nearby."""
        if user_input is not None:
            chosen = self._discovered[user_input[CONF_UUID]]
            await self.async_set_unique_id(chosen.uuid, raise_on_progress=False)
            self._abort_if_unique_id_configured()
            return self._async_create_device_entry(chosen)

        configured = self._async_current_ids(include_ignore=False)
        for service_info in async_discovered_service_info(self.hass, connectable=True):
            discovered = _discovered(service_info)
            if (
                discovered is not None
                and discovered.advertisement.uuid is not None
                and discovered.uuid not in configured
            ):
                self._discovered[discovered.uuid] = discovered
        if not self._discovered:
            return self.async_abort(reason="no_devices_found")
        return self.async_show_form(
            step_id="user",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_UUID): probatio.In(
                        {
                            uuid: f"{device.title} ({device.service_info.address})"
                            for uuid, device in self._discovered.items()
                        }
                    )
                }
            ),
        )

    def _async_create_device_entry(
        self, discovered: DiscoveredDevice
    ) -> ConfigFlowResult:
        advertisement = discovered.advertisement
        return self.async_create_entry(
            title=discovered.title,
            data={
                CONF_ADDRESS: discovered.service_info.address,
                CONF_UUID: discovered.uuid,
                CONF_PRODUCT_ID: advertisement.product_id,
                CONF_PROTOCOL_VERSION: advertisement.protocol_version,
            },
        )


def _placeholders(discovered: DiscoveredDevice) -> dict[str, str]:
    return {
        "name": discovered.title,
        "address": discovered.service_info.address,
        "protocol_version": str(discovered.advertisement.protocol_version),
    }

"""Config flow for Tuya Bluetooth: devices found over Bluetooth, and accounts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.components.bluetooth import (
    BluetoothServiceInfoBleak,
    async_discovered_service_info,
    async_last_service_info,
    async_request_active_scan,
)
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
)
from homeassistant.const import CONF_ADDRESS
from homeassistant.core import callback
import probatio

from .account import is_account_entry
from .account_devices import account_device
from .config_flow_account import AccountFlow
from .config_flow_cloud_device import CloudDeviceFlow
from .config_flow_keys import KEYS_SCHEMA, DeviceKeysFlow
from .config_flow_options import OptionsFlowHandler
from .const import (
    CONF_CATEGORY,
    CONF_ENTRY_TYPE,
    CONF_PRODUCT_ID,
    CONF_UUID,
    DOMAIN,
    ENTRY_TYPE_ACCOUNT,
)
from .device_probe import keys_from, probe_device
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


class TuyaBluetoothConfigFlow(
    AccountFlow, CloudDeviceFlow, DeviceKeysFlow, domain=DOMAIN
):
    """Devices (one entry each, keyed by uuid) and accounts (keyed by user id)."""

    VERSION = 1
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with nothing discovered."""
        self._discovery: DiscoveredDevice | None = None
        self._discovered: dict[str, DiscoveredDevice] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlowHandler:
        """How the device's connection is held."""
        return OptionsFlowHandler()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Only device entries have options (how the connection is held)."""
        return not is_account_entry(config_entry)

    async def async_step_bluetooth(
        self, discovery_info: BluetoothServiceInfoBleak
    ) -> ConfigFlowResult:
        """Handle a device found by Home Assistant's bluetooth matcher."""
        discovered = _discovered(discovery_info)
        if discovered is None:
            return self.async_abort(reason="not_supported")
        if discovered.advertisement.uuid is None:
            # The uuid is in the scan response, which only an actively scanning
            # adapter or proxy receives: ask for a sweep, then look again.
            await async_request_active_scan(self.hass)
            latest = async_last_service_info(
                self.hass, discovery_info.address, connectable=True
            )
            discovered = _discovered(latest) if latest is not None else None
            if discovered is None or discovered.advertisement.uuid is None:
                return self.async_abort(reason="scan_response_missing")
            discovery_info = discovered.service_info
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
        if (found := account_device(self.hass, discovered.uuid)) is not None:
            # A linked account has it: its name, its keys, one confirmation.
            self.use_cloud_device(*found)
            return await self.async_step_cloud_device()
        self.context["title_placeholders"] = {"name": discovered.title}
        return await self.async_step_bluetooth_confirm()

    async def async_step_bluetooth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the user to confirm a discovered device."""
        assert self._discovery is not None
        if user_input is not None:
            # An account linked meanwhile would have replaced this offer.
            return await self.async_step_keys()
        self._set_confirm_only()
        return self.async_show_form(
            step_id="bluetooth_confirm",
            description_placeholders=_placeholders(self._discovery),
        )

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Link an account (by QR code or developer project) or add a device."""
        return self.async_show_menu(
            step_id="user", menu_options=["qr_login", "project", "pick_device"]
        )

    async def async_step_pick_device(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user pick one of the Tuya devices seen nearby."""
        if user_input is not None:
            chosen = self._discovered[user_input[CONF_UUID]]
            await self.async_set_unique_id(chosen.uuid, raise_on_progress=False)
            self._abort_if_unique_id_configured()
            self._discovery = chosen
            if (found := account_device(self.hass, chosen.uuid)) is not None:
                self.use_cloud_device(*found)  # its account's keys, no typing
                return await self.async_step_cloud_device()
            return await self.async_step_keys()

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
            step_id="pick_device",
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

    async def async_step_keys(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the device id and local_key, and try them on the device."""
        assert self._discovery is not None
        discovered = self._discovery
        errors: dict[str, str] = {}
        if user_input is not None:
            probe, error = await probe_device(
                self.hass,
                discovered.service_info.address,
                discovered.uuid,
                user_input,
                discovered.advertisement.protocol_version,
            )
            if probe is not None:
                return self.async_create_entry(
                    title=discovered.title,
                    data={
                        CONF_ADDRESS: discovered.service_info.address,
                        CONF_UUID: discovered.uuid,
                        CONF_PRODUCT_ID: discovered.advertisement.product_id,
                        CONF_CATEGORY: None,
                        **keys_from(user_input),
                        **probe,
                    },
                )
            errors["base"] = error
        return self.async_show_form(
            step_id="keys",
            data_schema=self.add_suggested_values_to_schema(KEYS_SCHEMA, user_input),
            errors=errors,
            description_placeholders=_placeholders(discovered),
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """An account's login ran out, or a device's keys are missing or wrong."""
        if entry_data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_ACCOUNT:
            return await self._async_reauth_account(entry_data)
        return await self.async_step_reauth_confirm()


def _placeholders(discovered: DiscoveredDevice) -> dict[str, str]:
    return {
        "name": discovered.title,
        "address": discovered.service_info.address,
        "protocol_version": str(discovered.advertisement.protocol_version),
    }

"""Config-flow steps for a device a linked account has: no keys to type.

Mixed into the integration's config flow. A device reaches them from the
account's `integration_discovery` flow, or from Bluetooth discovery when a
loaded account has its uuid; either way the keys come from the account, are
tried on the device, and the entry keeps the cloud's category and DP model so
the device runs with the cloud unreachable.
"""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components.bluetooth import async_discovered_service_info
from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_ADDRESS
from homeassistant.helpers.typing import DiscoveryInfoType

from .account_devices import (
    DISCOVERY_ACCOUNT,
    DISCOVERY_DEVICE_ID,
    async_bluetooth_keys,
    async_cloud_dp_model,
    key_data,
)
from .const import (
    CONF_ACCOUNT,
    CONF_CATEGORY,
    CONF_DP_MODEL,
    CONF_PRODUCT_ID,
    CONF_PRODUCT_NAME,
    CONF_UUID,
)
from .device_probe import probe_device
from .tuya.advertisement import parse_advertisement
from .tuya.cloud import CloudDevice, TuyaCloudError

_LOGGER = logging.getLogger(__name__)


class CloudDeviceFlow(ConfigFlow):
    """Set up a device with the keys its linked account holds."""

    _account: ConfigEntry[Any] | None = None
    _cloud_device: CloudDevice | None = None

    async def async_step_integration_discovery(
        self, discovery_info: DiscoveryInfoType
    ) -> ConfigFlowResult:
        """A linked account has a device Home Assistant's Bluetooth can see."""
        account = self.hass.config_entries.async_get_entry(
            discovery_info[DISCOVERY_ACCOUNT]
        )
        devices: dict[str, CloudDevice] = getattr(
            getattr(account, "runtime_data", None), "devices", {}
        )
        device = next(
            (
                d
                for d in devices.values()
                if d.device_id == discovery_info[DISCOVERY_DEVICE_ID]
            ),
            None,
        )
        if account is None or device is None:
            return self.async_abort(reason="account_gone")
        await self.async_set_unique_id(device.uuid, raise_on_progress=False)
        self._abort_if_unique_id_configured()
        # Bluetooth offered it before the account was linked, under a made-up
        # name: this offer, with the app's name and no keys to type, replaces it.
        for flow in self._async_in_progress(include_uninitialized=True):
            if flow["context"].get("unique_id") == device.uuid:
                self.hass.config_entries.flow.async_abort(flow["flow_id"])
        self.use_cloud_device(account, device)
        return await self.async_step_cloud_device()

    def use_cloud_device(self, account: ConfigEntry[Any], device: CloudDevice) -> None:
        """Take the keys (and names) of `device` from `account`."""
        self._account, self._cloud_device = account, device
        self.context["title_placeholders"] = {"name": device.name}

    async def async_step_cloud_device(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm, then try the account's keys on the device."""
        assert self._account is not None
        assert self._cloud_device is not None
        device = self._cloud_device
        placeholders = {"name": device.name, "account": self._account.title}
        errors: dict[str, str] = {}
        if user_input is not None and not device.local_key:
            # Shown once the user opens the offer: an aborted discovery is silent.
            return self.async_abort(
                reason="no_local_key", description_placeholders=placeholders
            )
        if user_input is not None:
            found = _nearby(self, device.uuid)
            if found is None:
                errors["base"] = "device_not_reachable"
            else:
                result, errors["base"] = await self._try_keys(*found)
                if result is not None:
                    return result
        self._set_confirm_only()
        return self.async_show_form(
            step_id="cloud_device",
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _try_keys(
        self, address: str, protocol: int
    ) -> tuple[ConfigFlowResult | None, str]:
        """Fetch the Bluetooth keys, try them on the device, create the entry."""
        assert self._account is not None
        assert self._cloud_device is not None
        try:
            device = await async_bluetooth_keys(
                self._account.runtime_data.client, self._cloud_device
            )
        except TuyaCloudError as err:
            _LOGGER.debug("No keys from the cloud (%s)", type(err).__name__)
            return None, "cloud_unreachable"
        keys = key_data(device)
        probe, error = await probe_device(
            self.hass, address, device.uuid, keys, protocol
        )
        if probe is None:
            return None, error
        return self.async_create_entry(
            title=device.name,
            data={
                CONF_ADDRESS: address,
                CONF_UUID: device.uuid,
                CONF_PRODUCT_ID: device.product_id,
                CONF_PRODUCT_NAME: device.product_name,
                CONF_CATEGORY: device.category,
                CONF_ACCOUNT: self._account.unique_id,
                **keys,
                **probe,
                CONF_DP_MODEL: await self._cloud_model(probe),
            },
        ), ""

    async def _cloud_model(self, probe: dict[str, Any]) -> dict[str, Any]:
        """The cloud's DP model; what the device reported if the cloud fails."""
        assert self._account is not None
        assert self._cloud_device is not None
        try:
            model = await async_cloud_dp_model(
                self._account.runtime_data.client, self._cloud_device.device_id
            )
        except TuyaCloudError as err:
            _LOGGER.debug("No DP model from the cloud (%s)", type(err).__name__)
            reported: dict[str, Any] = probe[CONF_DP_MODEL]
            return reported
        return model.to_dict()


def _nearby(flow: ConfigFlow, uuid: str) -> tuple[str, int] | None:
    """Where Bluetooth sees the device with this uuid, and its protocol."""
    for service_info in async_discovered_service_info(flow.hass, connectable=True):
        advertisement = parse_advertisement(
            service_info.address,
            service_info.service_data,
            service_info.manufacturer_data,
        )
        if advertisement is not None and advertisement.uuid == uuid:
            return service_info.address, advertisement.protocol_version
    return None

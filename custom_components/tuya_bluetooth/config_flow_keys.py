"""Config-flow steps that change a configured device's keys.

Mixed into the integration's config flow. Reauth asks for typed keys (the
device rejected its key and no account could give a new one); reconfigure lets
the user choose where the keys come from: a linked account that has the
device (its keys are then re-fetched silently when they change) or typed keys.
Either way the keys are tried on the device before they are stored.
"""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_ADDRESS
from homeassistant.helpers import selector
import probatio

from .account import is_account_entry
from .account_devices import (
    account_device,
    async_cloud_dp_model,
    async_fresh_device,
    key_data,
)
from .const import (
    CONF_ACCOUNT,
    CONF_CATEGORY,
    CONF_DEVICE_ID,
    CONF_DP_MODEL,
    CONF_LOCAL_KEY,
    CONF_PRODUCT_ID,
    CONF_PRODUCT_NAME,
    CONF_PROTOCOL_VERSION,
    CONF_SEC_KEY,
    CONF_UUID,
)
from .device_probe import keys_from, probe_device
from .resolver import REPORTED_SOURCE
from .tuya.cloud import CloudDevice, TuyaCloudError

_LOGGER = logging.getLogger(__name__)

KEYS_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_DEVICE_ID): selector.TextSelector(),
        probatio.Required(CONF_LOCAL_KEY): selector.TextSelector(
            selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
        ),
        probatio.Optional(CONF_SEC_KEY): selector.TextSelector(
            selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
        ),
    }
)


async def _probe(
    flow: ConfigFlow, entry: ConfigEntry[Any], keys: dict[str, Any]
) -> tuple[dict[str, Any] | None, str]:
    """Try keys on the entry's device; what the entry should update.

    A model built from the device's reports only replaces one of the same kind:
    the cloud's richer model stays.
    """
    probe, error = await _try_on_device(flow, entry, keys)
    if probe is not None and entry.data[CONF_DP_MODEL].get("source") != (
        REPORTED_SOURCE
    ):
        del probe[CONF_DP_MODEL]
    return probe, error


async def _try_on_device(
    flow: ConfigFlow, entry: ConfigEntry[Any], keys: dict[str, Any]
) -> tuple[dict[str, Any] | None, str]:
    """Try keys on the entry's device (borrowing its link while it is loaded)."""
    probe = probe_device(
        flow.hass,
        entry.data[CONF_ADDRESS],
        entry.data[CONF_UUID],
        keys,
        int(entry.data.get(CONF_PROTOCOL_VERSION) or 3),
    )
    if entry.state is not ConfigEntryState.LOADED:
        return await probe
    async with entry.runtime_data.coordinator.async_released():
        return await probe


class DeviceKeysFlow(ConfigFlow):
    """Reauth and reconfigure of device entries."""

    async def _typed_keys_step(
        self, step_id: str, entry: ConfigEntry[Any], user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Typed keys, tried on the device; stored keys then no longer follow an
        account (its sec_key goes too unless a new one is typed)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            probe, error = await _probe(self, entry, keys_from(user_input))
            if probe is not None:
                data = {
                    key: value
                    for key, value in entry.data.items()
                    if key not in (CONF_SEC_KEY, CONF_ACCOUNT)
                }
                return self.async_update_reload_and_abort(
                    entry, data={**data, **keys_from(user_input), **probe}
                )
            errors["base"] = error
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                KEYS_SCHEMA,
                user_input or {CONF_DEVICE_ID: entry.data.get(CONF_DEVICE_ID)},
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Try new keys on the device before storing them."""
        return await self._typed_keys_step(
            "reauth_confirm", self._get_reauth_entry(), user_input
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Where the device's keys come from: a linked account, or typed in."""
        if is_account_entry(self._get_reconfigure_entry()):
            return self.async_abort(reason="reconfigure_account_entry")
        return self.async_show_menu(
            step_id="reconfigure",
            menu_options=["reconfigure_account", "reconfigure_keys"],
        )

    async def async_step_reconfigure_keys(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Typed keys from now on."""
        return await self._typed_keys_step(
            "reconfigure_keys", self._get_reconfigure_entry(), user_input
        )

    async def async_step_reconfigure_account(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Keys from the linked account that has the device, from now on."""
        entry = self._get_reconfigure_entry()
        found = account_device(self.hass, entry.data[CONF_UUID])
        if found is None:
            return self.async_abort(
                reason="no_account_has_device",
                description_placeholders={"name": entry.title},
            )
        account = found[0]
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                device = await async_fresh_device(account, entry.data[CONF_UUID])
            except TuyaCloudError as err:
                _LOGGER.debug("No keys from the cloud (%s)", type(err).__name__)
                errors["base"] = "cloud_unreachable"
            else:
                if device is None:
                    return self.async_abort(
                        reason="no_account_has_device",
                        description_placeholders={"name": entry.title},
                    )
                keys = key_data(device)
                probe, errors["base"] = await _probe(self, entry, keys)
                if probe is not None:
                    updates = await self._account_updates(entry, account, device)
                    return self.async_update_reload_and_abort(
                        entry, data_updates={**keys, **probe, **updates}
                    )
        self._set_confirm_only()
        return self.async_show_form(
            step_id="reconfigure_account",
            errors=errors,
            description_placeholders={"name": entry.title, "account": account.title},
        )

    async def _account_updates(
        self, entry: ConfigEntry[Any], account: ConfigEntry[Any], device: CloudDevice
    ) -> dict[str, Any]:
        """The account and what its cloud knows that typed keys could not tell."""
        updates: dict[str, Any] = {
            CONF_ACCOUNT: account.unique_id,
            CONF_CATEGORY: device.category or entry.data.get(CONF_CATEGORY),
            CONF_PRODUCT_ID: device.product_id or entry.data.get(CONF_PRODUCT_ID),
            CONF_PRODUCT_NAME: device.product_name,
        }
        if entry.data[CONF_DP_MODEL].get("source") == REPORTED_SOURCE:
            try:
                model = await async_cloud_dp_model(
                    account.runtime_data.client, device.device_id
                )
            except TuyaCloudError as err:
                _LOGGER.debug("No DP model from the cloud (%s)", type(err).__name__)
            else:
                updates[CONF_DP_MODEL] = model.to_dict()
        return updates

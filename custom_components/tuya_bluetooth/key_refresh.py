"""Keys that change: re-fetch them from the account before asking the user.

A device's local_key changes every time it is re-paired in the Tuya app. When
the device stays silent to our handshake on a healthy link ("key rejected",
Tuya's error 109), its keys are fetched again from the linked account they came
from and the entry reloads with them, without a question. The user is asked
(a reauth flow) only when no account can help: the entry's keys were typed or
its account was removed (a repair then says why), the account no longer lists
the device, the cloud fails, or the cloud still has the rejected key. An
account whose login died starts its own reauth, one for the account however
many of its devices notice, and the device tries again later.
"""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .account_devices import async_fresh_device, key_data
from .const import CONF_ACCOUNT, CONF_LOCAL_KEY, CONF_UUID, DOMAIN
from .tuya.cloud import CloudAuthError, TuyaCloudError

_LOGGER = logging.getLogger(__name__)


class KeyRefetch(StrEnum):
    """How a re-fetch of a device's keys from its account ended."""

    UPDATED = "updated"  # new keys stored; the entry reloads with them
    UNCHANGED = "unchanged"  # the cloud has the very key the device rejected
    NO_ACCOUNT = "no_account"  # typed keys, or the account is gone or not loaded
    DEVICE_GONE = "device_gone"  # the account no longer lists the device
    ACCOUNT_AUTH_FAILED = "account_auth_failed"  # the account's reauth started
    CLOUD_FAILED = "cloud_failed"


def key_rejected_issue(entry: ConfigEntry[Any]) -> str:
    """The repair issue of a device whose key was rejected with no account."""
    return f"key_rejected_{entry.entry_id}"


def _account_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> ConfigEntry[Any] | None:
    account_id = entry.data.get(CONF_ACCOUNT)
    if not account_id:
        return None
    account = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, account_id)
    if account is None or account.state is not ConfigEntryState.LOADED:
        return None
    return account


async def async_refetch_keys(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> KeyRefetch:
    """Fetch the device's keys again from its account; store them if they changed."""
    account = _account_entry(hass, entry)
    if account is None:
        return KeyRefetch.NO_ACCOUNT
    try:
        device = await async_fresh_device(account, entry.data[CONF_UUID])
    except CloudAuthError:
        # One flow per account: Home Assistant does not start a second one
        # while the first is open, whichever device asks.
        account.async_start_reauth(hass)
        return KeyRefetch.ACCOUNT_AUTH_FAILED
    except TuyaCloudError as err:
        _LOGGER.debug(
            "%s: re-fetching keys failed (%s)", entry.title, type(err).__name__
        )
        return KeyRefetch.CLOUD_FAILED
    if device is None:
        return KeyRefetch.DEVICE_GONE
    if not device.local_key or device.local_key == entry.data.get(CONF_LOCAL_KEY):
        return KeyRefetch.UNCHANGED
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, **key_data(device)}
    )
    hass.config_entries.async_schedule_reload(entry.entry_id)
    return KeyRefetch.UPDATED


async def async_handle_key_rejected(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> bool:
    """Recover from a rejected key; True when the device should try again later."""
    outcome = await async_refetch_keys(hass, entry)
    if outcome is KeyRefetch.UPDATED:
        _LOGGER.info(
            "%s was re-paired: its new keys came from its account", entry.title
        )
        return False
    if outcome is KeyRefetch.ACCOUNT_AUTH_FAILED:
        _LOGGER.warning(
            "%s rejected its key and its account needs to sign in again", entry.title
        )
        return True
    _LOGGER.warning(
        "%s rejected its key and no account could give a new one (%s)",
        entry.title,
        outcome.replace("_", " "),
    )
    if outcome is KeyRefetch.NO_ACCOUNT:
        _create_key_rejected_issue(hass, entry)
    entry.async_start_reauth(hass)
    return False


@callback
def _create_key_rejected_issue(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        key_rejected_issue(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="key_rejected",
        translation_placeholders={"name": entry.title},
    )

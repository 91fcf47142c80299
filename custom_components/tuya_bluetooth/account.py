"""Account entries: a linked Tuya account (QR login) or developer project.

An account entry holds the cloud tokens and no devices of its own. Its setup
checks that the account still answers, renewing the token when it has run out,
and keeps every renewed token in the entry's data without reloading the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
import logging
from typing import Any

import aiohttp
from homeassistant.components.diagnostics import async_redact_data
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval

from .account_cache import AccountCache
from .account_devices import async_cloud_devices, async_offer_nearby_devices
from .const import (
    ACCOUNT_REFRESH_INTERVAL,
    CONF_ACCESS_ID,
    CONF_ACCESS_SECRET,
    CONF_APP_UID,
    CONF_AUTH,
    CONF_DATA_CENTER,
    CONF_ENTRY_TYPE,
    CONF_TOKEN_INFO,
    CONF_USER_CODE,
    CONF_USERNAME,
    DOMAIN,
    ENTRY_TYPE_ACCOUNT,
    ENTRY_TYPE_DEVICE,
    AccountAuth,
    cloud_base_url,
)
from .tuya.cloud import (
    CloudAuthError,
    CloudDevice,
    DataCenter,
    LoginResult,
    OpenApiClient,
    SharingClient,
    TokenInfo,
    TuyaCloudError,
)

_LOGGER = logging.getLogger(__name__)

# Secrets and personal data of an account entry, hidden in diagnostics.
TO_REDACT = {
    "access_token",
    "refresh_token",
    "uid",
    "terminal_id",
    CONF_USER_CODE,
    CONF_USERNAME,
    CONF_ACCESS_ID,
    CONF_ACCESS_SECRET,
}

type AccountClient = SharingClient | OpenApiClient


@dataclass(slots=True)
class AccountData:
    """What a loaded account entry runs with."""

    client: AccountClient
    auth: AccountAuth
    # The account's devices by uuid, as last listed (they hold the keys).
    devices: dict[str, CloudDevice] = field(default_factory=dict)
    cache: AccountCache | None = None

    def set_devices(self, devices: Mapping[str, CloudDevice]) -> None:
        """A fresh listing: use it, and keep it for a start without the cloud."""
        self.devices = dict(devices)
        if self.cache is not None:
            self.cache.async_save(devices)


type TuyaAccountConfigEntry = ConfigEntry[AccountData]


def is_account_entry(entry: ConfigEntry[Any]) -> bool:
    """Whether an entry links an account (entries without the key are devices)."""
    kind: str = entry.data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_DEVICE)
    return kind == ENTRY_TYPE_ACCOUNT


def qr_login_data(login: LoginResult) -> dict[str, Any]:
    """The data of an account entry made by a QR login."""
    return {
        CONF_ENTRY_TYPE: ENTRY_TYPE_ACCOUNT,
        CONF_AUTH: AccountAuth.QR_LOGIN.value,
        **login.to_dict(),
    }


def project_data(
    access_id: str,
    access_secret: str,
    data_center: DataCenter,
    uid: str,
    token: TokenInfo,
) -> dict[str, Any]:
    """The data of an account entry made from a developer project."""
    return {
        CONF_ENTRY_TYPE: ENTRY_TYPE_ACCOUNT,
        CONF_AUTH: AccountAuth.PROJECT.value,
        CONF_ACCESS_ID: access_id,
        CONF_ACCESS_SECRET: access_secret,
        CONF_DATA_CENTER: data_center.value,
        CONF_APP_UID: uid,
        CONF_TOKEN_INFO: token.to_dict(),
    }


def openapi_client(
    session: aiohttp.ClientSession,
    access_id: str,
    access_secret: str,
    data_center: DataCenter,
    **kwargs: Any,
) -> OpenApiClient:
    """An OpenAPI client for a project in a data centre."""
    return OpenApiClient(
        session,
        base_url=cloud_base_url(data_center),
        client_id=access_id,
        client_secret=access_secret,
        **kwargs,
    )


async def async_check_project(
    client: OpenApiClient, uid: str
) -> tuple[TokenInfo, list[str]]:
    """Get a project token and the names of the linked account's homes.

    The first call proves the access id and secret in that data centre, the
    second that the app account is linked to the project.
    """
    token = await client.get_token()
    homes = await client.get_user_homes(uid)
    return token, [home.name for home in homes if home.name]


def _client(
    hass: HomeAssistant, entry: ConfigEntry[Any], auth: AccountAuth
) -> AccountClient:
    session = async_get_clientsession(hass)
    data = entry.data
    token = TokenInfo.from_dict(data[CONF_TOKEN_INFO])

    @callback
    def _persist(new: TokenInfo) -> None:
        # Only the data changes: no update listener reloads account entries.
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_TOKEN_INFO: new.to_dict()}
        )
        _LOGGER.debug("Stored the renewed token of %s", entry.title)

    if auth is AccountAuth.QR_LOGIN:
        return SharingClient.from_login(
            session, LoginResult.from_dict(data), on_token_refresh=_persist
        )
    return openapi_client(
        session,
        data[CONF_ACCESS_ID],
        data[CONF_ACCESS_SECRET],
        DataCenter(data[CONF_DATA_CENTER]),
        token=token,
        on_token_refresh=_persist,
    )


async def async_setup_account_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> bool:
    """Check that the account answers; renew and store its token if needed.

    With the cloud unreachable, the account still sets up from the device list
    it last saw (so devices found meanwhile can be added), when it has one.
    """
    auth = AccountAuth(entry.data[CONF_AUTH])
    client = _client(hass, entry, auth)
    cache = AccountCache(hass, entry.entry_id)
    placeholders = {"name": entry.title}
    try:
        # Listing the devices renews a token that expired (or that the cloud
        # calls expired) before answering.
        devices = await async_cloud_devices(client, entry.data.get(CONF_APP_UID))
    except CloudAuthError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="account_auth_failed",
            translation_placeholders=placeholders,
        ) from err
    except TuyaCloudError as err:
        _LOGGER.debug("%s: the cloud failed (%s)", entry.title, type(err).__name__)
        if (cached := await cache.async_load()) is None:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="account_unreachable",
                translation_placeholders=placeholders,
            ) from err
        devices, listed_at = cached
        _LOGGER.info(
            "%s: the Tuya cloud is unreachable; using the %d devices listed at %s",
            entry.title,
            len(devices),
            listed_at,
        )
    else:
        cache.async_save(devices)
    entry.runtime_data = AccountData(client, auth, devices, cache)
    entry.async_on_unload(
        async_track_time_interval(
            hass,
            partial(_async_refresh, hass, entry),
            ACCOUNT_REFRESH_INTERVAL,
            name=f"{entry.title} device list",
        )
    )
    async_offer_nearby_devices(hass, entry, devices)
    return True


async def _async_refresh(
    hass: HomeAssistant, entry: ConfigEntry[Any], _now: datetime
) -> None:
    """List the account's devices again: new ones are offered, keys kept fresh."""
    data: AccountData = entry.runtime_data
    try:
        devices = await async_cloud_devices(data.client, entry.data.get(CONF_APP_UID))
    except CloudAuthError:
        entry.async_start_reauth(hass)
        return
    except TuyaCloudError as err:
        _LOGGER.debug("%s: listing failed (%s)", entry.title, type(err).__name__)
        return
    data.set_devices(devices)
    async_offer_nearby_devices(hass, entry, devices)


async def async_unload_account_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> bool:
    """Nothing runs for an account entry but its refresh: unloading succeeds."""
    return True


async def async_remove_account_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> None:
    """The account was removed: its saved device list goes too (its devices stay)."""
    await AccountCache(hass, entry.entry_id).async_remove()


def account_diagnostics(entry: ConfigEntry[Any]) -> dict[str, Any]:
    """An account entry's data, without tokens, secrets or personal data."""
    data: Mapping[str, Any] = entry.data
    token = data.get(CONF_TOKEN_INFO) or {}
    return {
        "entry": {"data": async_redact_data(dict(data), TO_REDACT)},
        "token_expires_at_ms": (token.get("t", 0) + token.get("expire_time", 0) * 1000),
    }

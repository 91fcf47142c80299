"""Devices of a linked account: listed from the cloud, offered when seen nearby.

When an account entry is set up, its devices are listed once; every one that
Home Assistant's Bluetooth stack can see gets an `integration_discovery` flow
(as core's `yale` does for `yalexs_ble`), and a device discovered over
Bluetooth is matched to a loaded account by its uuid. The keys stay in the
account entry's runtime data: flows carry only ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from homeassistant.components.bluetooth import async_discovered_service_info
from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY, ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import discovery_flow

from .const import (
    CONF_APP_UID,
    CONF_BEACON_KEY,
    CONF_DEVICE_ID,
    CONF_LOCAL_KEY,
    CONF_SEC_KEY,
    CONF_UNLOCK_CHECK,
    DOMAIN,
)
from .tuya.advertisement import parse_advertisement
from .tuya.cloud import CloudDevice, OpenApiClient, SharingClient
from .tuya.cloud.dp_model import DeviceDpModel

# Keys of an integration_discovery flow's data.
DISCOVERY_ACCOUNT = "account_entry_id"
DISCOVERY_DEVICE_ID = "device_id"


async def async_cloud_devices(
    client: SharingClient | OpenApiClient, uid: str | None
) -> dict[str, CloudDevice]:
    """Every device of the account, by uuid (the id Bluetooth advertises)."""
    if isinstance(client, SharingClient):
        devices = [
            device
            for home in await client.get_homes()
            for device in await client.get_devices(home.home_id)
        ]
    else:
        devices = await client.get_user_devices(uid or "")
    return {device.uuid: device for device in devices if device.uuid}


async def async_cloud_dp_model(
    client: SharingClient | OpenApiClient, device_id: str
) -> DeviceDpModel:
    """The device's DP model from whichever API the account uses."""
    if isinstance(client, SharingClient):
        return await client.get_dp_model(device_id)
    return await client.get_thing_model(device_id)


async def async_bluetooth_keys(
    client: SharingClient | OpenApiClient, device: CloudDevice
) -> CloudDevice:
    """The device with the keys it pairs with over Bluetooth.

    The one place that decides where a Bluetooth key comes from: a developer
    project asks the thing API (v2.0), whose key one public lock hub found to be
    the only one that works over Bluetooth (docs/cloud.md §9); the sharing API
    has a single key, the one it listed.
    """
    if isinstance(client, SharingClient):
        return device
    thing = await client.get_thing(device.device_id)
    return replace(
        device,
        local_key=thing.local_key or device.local_key,
        sec_key=thing.sec_key or device.sec_key,
        beacon_key=thing.beacon_key or device.beacon_key,
        unlock_check=thing.unlock_check or device.unlock_check,
    )


async def async_fresh_device(
    account: ConfigEntry[Any], uuid: str
) -> CloudDevice | None:
    """The device as the account's cloud lists it now, with its Bluetooth keys.

    Keys change on every re-pair, so they are listed again rather than taken
    from the listing made at setup (which is refreshed on the way). None: the
    account no longer has the device. Cloud errors are raised.
    """
    data = account.runtime_data
    devices = await async_cloud_devices(data.client, account.data.get(CONF_APP_UID))
    data.set_devices(devices)
    listed = devices.get(uuid)
    if listed is None:
        return None
    return await async_bluetooth_keys(data.client, listed)


def key_data(device: CloudDevice) -> dict[str, Any]:
    """What a device entry keeps of the cloud's keys (only those it has)."""
    data: dict[str, Any] = {
        CONF_DEVICE_ID: device.device_id,
        CONF_LOCAL_KEY: device.local_key,
    }
    optional = {
        CONF_SEC_KEY: device.sec_key,
        CONF_BEACON_KEY: device.beacon_key,
        CONF_UNLOCK_CHECK: device.unlock_check,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def _nearby_uuids(hass: HomeAssistant) -> set[str]:
    uuids: set[str] = set()
    for service_info in async_discovered_service_info(hass, connectable=True):
        advertisement = parse_advertisement(
            service_info.address,
            service_info.service_data,
            service_info.manufacturer_data,
        )
        if advertisement is not None and advertisement.uuid is not None:
            uuids.add(advertisement.uuid)
    return uuids


@callback
def async_offer_nearby_devices(
    hass: HomeAssistant, entry: ConfigEntry[Any], devices: Mapping[str, CloudDevice]
) -> None:
    """Start a discovery flow for each account device Bluetooth can see."""
    configured = {
        other.unique_id
        for other in hass.config_entries.async_entries(DOMAIN, include_ignore=False)
    }
    for uuid in sorted(_nearby_uuids(hass) & set(devices) - configured):
        discovery_flow.async_create_flow(
            hass,
            DOMAIN,
            context={"source": SOURCE_INTEGRATION_DISCOVERY},
            data={
                DISCOVERY_ACCOUNT: entry.entry_id,
                DISCOVERY_DEVICE_ID: devices[uuid].device_id,
            },
        )


def account_device(
    hass: HomeAssistant, uuid: str
) -> tuple[ConfigEntry[Any], CloudDevice] | None:
    """The loaded account entry that has the device with this uuid, and it."""
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        devices: Mapping[str, CloudDevice] = getattr(entry.runtime_data, "devices", {})
        if uuid in devices:
            return entry, devices[uuid]
    return None

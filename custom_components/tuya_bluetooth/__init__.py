"""The Tuya Bluetooth integration: local control of Tuya Bluetooth LE devices."""

from __future__ import annotations

from functools import partial
import logging
from typing import Any

from bleak_retry_connector import close_stale_connections_by_address
from homeassistant.components import bluetooth
from homeassistant.const import CONF_ADDRESS, EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.typing import ConfigType

from .account import (
    async_remove_account_entry,
    async_setup_account_entry,
    async_unload_account_entry,
    is_account_entry,
)
from .const import (
    CONF_CATEGORY,
    CONF_CONNECTION_POLICY,
    CONF_DEVICE_ID,
    CONF_DP_MODEL,
    CONF_FIRMWARE_VERSION,
    CONF_HARDWARE_VERSION,
    CONF_IDLE_TIMEOUT,
    CONF_LOCAL_KEY,
    CONF_PRODUCT_ID,
    CONF_PRODUCT_NAME,
    CONF_PROTOCOL_VERSION,
    CONF_UUID,
    DEFAULT_IDLE_TIMEOUT,
    DOMAIN,
    ConnectionPolicy,
    default_policy,
)
from .coordinator import TuyaBluetoothCoordinator, async_wait_for_connection_slot
from .entity_cleanup import async_forget_stale_entities
from .key_refresh import async_handle_key_rejected, key_rejected_issue
from .models import TuyaBluetoothConfigEntry, TuyaBluetoothData, new_dps_signal
from .services import async_setup_services
from .tuya.cloud.dp_model import DeviceDpModel
from .tuya.device import DeviceEvent, TuyaBLEDevice
from .tuya.dp_convert import model_from_reports
from .tuya.handshake import DeviceCredentials

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CLIMATE,
    Platform.COVER,
    Platform.EVENT,
    Platform.LIGHT,
    Platform.LOCK,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
    Platform.VALVE,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, for every entry)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> bool:
    """Set up a linked account, or a device once Home Assistant can reach it."""
    if is_account_entry(entry):
        return await async_setup_account_entry(hass, entry)
    data = entry.data
    if not data.get(CONF_LOCAL_KEY) or not data.get(CONF_DEVICE_ID):
        # Made by the discovery-only flow of 0.1: keys are needed to finish.
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="keys_missing"
        )
    address: str = data[CONF_ADDRESS]
    ble_device = bluetooth.async_ble_device_from_address(hass, address, True)
    if ble_device is None:
        # Say why in a repair (no connectable adapter or proxy in range, all
        # proxies full …), then let Home Assistant retry the setup.
        ir.async_create_issue(
            hass,
            DOMAIN,
            _unreachable_issue(entry),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="device_unreachable",
            translation_placeholders={
                "name": entry.title,
                "address": address,
                "reason": bluetooth.async_address_reachability_diagnostics(
                    hass, address, bluetooth.BluetoothReachabilityIntent.CONNECTION
                ),
            },
        )
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="device_not_found",
            translation_placeholders={"address": address},
        )
    ir.async_delete_issue(hass, DOMAIN, _unreachable_issue(entry))
    # A connection left over from before a restart would block ours.
    await close_stale_connections_by_address(address)
    options = entry.options
    policy = ConnectionPolicy(
        options.get(CONF_CONNECTION_POLICY, default_policy(data.get(CONF_CATEGORY)))
    )
    device = TuyaBLEDevice(
        ble_device,
        DeviceCredentials(
            uuid=data[CONF_UUID],
            local_key=data[CONF_LOCAL_KEY],
            virtual_id=data[CONF_DEVICE_ID],
        ),
        protocol_major=int(data.get(CONF_PROTOCOL_VERSION) or 3),
        wait_for_slot=partial(async_wait_for_connection_slot, hass, address),
    )
    coordinator = TuyaBluetoothCoordinator(
        hass,
        device,
        name=entry.title,
        policy=policy,
        idle_timeout=float(options.get(CONF_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT)),
        on_key_rejected=partial(async_handle_key_rejected, hass, entry),
    )
    dp_model = DeviceDpModel.from_dict(data[CONF_DP_MODEL])
    entry.runtime_data = TuyaBluetoothData(
        coordinator, dp_model, entry.title, data.get(CONF_CATEGORY), options
    )
    entry.async_on_unload(device.subscribe(partial(_learn_new_dps, hass, entry)))
    _register_device(hass, entry)
    async_forget_stale_entities(hass, entry)
    entry.async_on_unload(coordinator.async_start())

    async def _stop(_event: Event) -> None:
        await coordinator.async_shutdown()

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_create_background_task(
        hass, coordinator.async_connect_at_setup(), f"{entry.title} connect"
    )
    return True


@callback
def _learn_new_dps(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry, event: DeviceEvent
) -> None:
    """A DP the model lacks was reported: keep it in the model, add its entity."""
    data = entry.runtime_data
    if all(data.dp_model.by_id(dp.id) is not None for dp in event.dps):
        return
    refined = model_from_reports(event.dps, known=data.dp_model)
    data.set_dp_model(refined)
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_DP_MODEL: refined.to_dict()}
    )
    _LOGGER.debug(
        "%s reported new DPs; its model now has %d", entry.title, len(refined.dps)
    )
    async_dispatcher_send(hass, new_dps_signal(entry.entry_id))


def _unreachable_issue(entry: TuyaBluetoothConfigEntry) -> str:
    return f"device_unreachable_{entry.entry_id}"


def _register_device(hass: HomeAssistant, entry: TuyaBluetoothConfigEntry) -> None:
    data = entry.data
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        connections={(dr.CONNECTION_BLUETOOTH, data[CONF_ADDRESS])},
        identifiers={(DOMAIN, data[CONF_UUID])},
        manufacturer="Tuya",
        name=entry.title,
        # The cloud's product name where an account told it; the product id
        # (all a device set up with keys can tell, if unbound) otherwise.
        model=data.get(CONF_PRODUCT_NAME) or data.get(CONF_PRODUCT_ID),
        model_id=data.get(CONF_PRODUCT_ID),
        sw_version=data.get(CONF_FIRMWARE_VERSION),
        hw_version=data.get(CONF_HARDWARE_VERSION),
    )


async def async_unload_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> bool:
    """Unload a device (close its connection, stop reconnecting) or an account."""
    if is_account_entry(entry):
        return await async_unload_account_entry(hass, entry)
    ir.async_delete_issue(hass, DOMAIN, _unreachable_issue(entry))
    # New keys (reauth, reconfigure) reload the entry: the repair is re-raised
    # only if the device rejects those too.
    ir.async_delete_issue(hass, DOMAIN, key_rejected_issue(entry))
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.coordinator.async_shutdown()
    return unloaded


async def async_remove_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> None:
    """An account's saved device list goes with it; a removed device may be
    found (and offered) again by Bluetooth discovery."""
    if is_account_entry(entry):
        await async_remove_account_entry(hass, entry)
        return
    bluetooth.async_rediscover_address(hass, entry.data[CONF_ADDRESS])


async def async_migrate_entry(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> bool:
    """Bring entries of older versions to the current shape.

    Home Assistant itself refuses entries of a newer major version; a newer minor
    version is compatible by definition and is left as it is.
    """
    if entry.minor_version < 2:
        # 1.1 entries came from discovery alone: they gain empty key fields and
        # start a reauth at setup, which asks for the keys.
        new: dict[str, Any] = {
            CONF_DEVICE_ID: None,
            CONF_LOCAL_KEY: None,
            CONF_DP_MODEL: DeviceDpModel((), "reported").to_dict(),
            **entry.data,
        }
        hass.config_entries.async_update_entry(entry, data=new, minor_version=2)
        _LOGGER.debug("Migrated %s to version 1.2", entry.title)
    return True

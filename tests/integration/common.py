"""Helpers for tests that set simulated devices up through Home Assistant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import (
    SOURCE_BLUETOOTH,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from custom_components.tuya_bluetooth.const import DOMAIN
from custom_components.tuya_bluetooth.tuya.cloud import DataCenter
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import DeviceDpModel
from custom_components.tuya_bluetooth.tuya.cloud.dp_parse import (
    dp_model_from_thing_model,
)
from simulator.advertising import advertising_of
from simulator.ble.client import SETTINGS_KEY
from simulator.ble.faults import LinkSettings
from simulator.cloud import Account, FakeTuyaCloud, ManualClock, Project
from simulator.cloud.catalog import thing_model
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


async def with_cloud_model(
    hass: HomeAssistant,
    entry: ConfigEntry,
    product: Product,
    *,
    without: frozenset[int] = frozenset(),
    fresh: bool = False,
) -> None:
    """Give a set-up entry what a Tuya account stores: category and DP model.

    The model is parsed from the fake cloud's thing model by the library's own
    parser, as the account flow will do. `fresh`: as a new install from the
    account, without the registry entries the keys-only setup left.
    """
    if fresh:
        registry = er.async_get(hass)
        for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
            registry.async_remove(registered.entity_id)
    model = dp_model_from_thing_model(thing_model(product))
    if without:  # a model that lags behind the firmware
        model = DeviceDpModel(
            tuple(dp for dp in model.dps if dp.dp_id not in without), model.source
        )
    hass.config_entries.async_update_entry(
        entry,
        data={**entry.data, "category": product.category, "dp_model": model.to_dict()},
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


def entity_id_of(
    hass: HomeAssistant, device: Simulated, platform: str, key: str
) -> str:
    """The entity id of one of a simulated device's entities (by its key)."""
    entity_id = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{device.emulator.uuid}-{key}"
    )
    assert entity_id is not None, f"no {platform} entity with key {key}"
    return entity_id


def entity_keys(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """Key -> platform of every entity of an entry (its registry entries)."""
    prefix = f"{entry.unique_id}-"
    return {
        registered.unique_id.removeprefix(prefix): registered.domain
        for registered in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }


@dataclass
class Cloud:
    """The fake cloud, its clock, and a project linked to one account."""

    fake: FakeTuyaCloud
    clock: ManualClock
    project: Project
    account: Account


async def menu(hass: HomeAssistant, choice: str) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": "user"}
    )
    assert result["type"] == "menu"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": choice}
    )


def qr_text(result: ConfigFlowResult) -> str:
    schema = result["data_schema"]
    assert schema is not None
    selector = next(iter(schema.schema.values()))
    text: str = selector.config["data"]
    assert text.startswith("tuyaSmart--qrLogin?token=")
    return text


async def qr_form(hass: HomeAssistant, user_code: str) -> ConfigFlowResult:
    result = await menu(hass, "qr_login")
    assert result["step_id"] == "qr_login"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"user_code": user_code}
    )
    assert result["type"] == "form"
    assert result["step_id"] == "qr_scan"
    return result


async def link_by_qr(hass: HomeAssistant, cloud: Cloud) -> ConfigEntry:
    result = await qr_form(hass, cloud.account.user_code)
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done()
    return entry


def project_input(cloud: Cloud, **changes: str) -> dict[str, str]:
    """The developer-project form, filled in for the fake cloud's project."""
    return {
        "access_id": cloud.project.client_id,
        "access_secret": cloud.project.client_secret,
        "data_center": DataCenter.CENTRAL_EUROPE.value,
        "uid": cloud.account.uid,
        **changes,
    }


async def link_by_project(hass: HomeAssistant, cloud: Cloud) -> ConfigEntry:
    result = await menu(hass, "project")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud)
    )
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done()
    return entry


async def set_up_from_account(hass: HomeAssistant, device: Simulated) -> ConfigEntry:
    """A linked account has the device: its Bluetooth offer, confirmed, needs no key."""
    await hass.async_block_till_done(wait_background_tasks=True)
    (flow,) = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"].get("unique_id") == device.emulator.uuid
    ]
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    if result["type"] == "form":  # the account's offer: one more confirmation
        assert result["step_id"] == "cloud_device"
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    return entry


def described(registered: er.RegistryEntry) -> str:
    """A registry entry in the expected-entity tables' words: platform, device
    class, unit, entity category, "off" when disabled ("-" for none; trailing
    dashes dropped)."""
    words = [
        registered.domain,
        registered.original_device_class or "-",
        registered.unit_of_measurement or "-",
        registered.entity_category.value if registered.entity_category else "-",
        "off" if registered.disabled_by is not None else "-",
    ]
    while words[-1] == "-":
        words.pop()
    return " ".join(words)


def described_entities(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """Every registered entity of a device entry, by key, described."""
    prefix = f"{entry.unique_id}-"
    return {
        registered.unique_id.removeprefix(prefix): described(registered)
        for registered in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }

"""Reconfigure: choosing where a device's keys come from."""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlowResult,
)
from homeassistant.core import HomeAssistant

from custom_components.tuya_bluetooth.const import DOMAIN
from simulator.products import SWITCH, Product

from .common import Cloud, Simulated, link_by_qr, set_up, set_up_from_account


async def _start(hass: HomeAssistant, entry: ConfigEntry) -> ConfigFlowResult:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )


async def _reconfigure(
    hass: HomeAssistant, entry: ConfigEntry, choice: str
) -> ConfigFlowResult:
    result = await _start(hass, entry)
    assert result["type"] == "menu"
    assert result["menu_options"] == ["reconfigure_account", "reconfigure_keys"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": choice}
    )


async def test_typed_keys_can_follow_an_account_once_it_is_linked(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    assert entry.data["dp_model"]["source"] == "reported"

    result = await _reconfigure(hass, entry, "reconfigure_account")
    assert result["type"] == "abort"
    assert result["reason"] == "no_account_has_device"

    cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    account = await link_by_qr(hass, cloud)
    result = await _reconfigure(hass, entry, "reconfigure_account")
    assert result["step_id"] == "reconfigure_account"
    assert result["description_placeholders"] == {
        "name": entry.title,
        "account": account.title,
    }
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done(wait_background_tasks=True)

    assert entry.data["account"] == account.unique_id
    assert entry.data["category"] == "kg"
    # The cloud's model replaces the one built from reports.
    assert entry.data["dp_model"]["source"] != "reported"
    assert entry.runtime_data.category == "kg"


async def test_account_keys_can_be_replaced_by_typed_keys(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    cloud.fake.add_device(
        device.emulator.identity,  # type: ignore[arg-type]
        cloud.account,
        sec_key="0123456789abcdef",
    )
    await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)
    assert entry.data["account"]
    assert entry.data["sec_key"] == "0123456789abcdef"

    result = await _reconfigure(hass, entry, "reconfigure_keys")
    assert result["step_id"] == "reconfigure_keys"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**device.keys, "local_key": "wrongwrongwrong1"}
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], device.keys
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done(wait_background_tasks=True)

    assert "account" not in entry.data
    assert "sec_key" not in entry.data
    assert entry.data["local_key"] == device.keys["local_key"]
    assert entry.data["category"] == "kg"  # what the account told stays
    assert entry.data["dp_model"]["source"] != "reported"


async def test_account_keys_need_the_cloud(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    await link_by_qr(hass, cloud)
    cloud.fake.faults.server_error(503, api="sharing", count=10)

    result = await _reconfigure(hass, entry, "reconfigure_account")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "cloud_unreachable"}
    assert "account" not in entry.data


async def test_an_account_entry_has_nothing_to_reconfigure(
    hass: HomeAssistant, cloud: Cloud
) -> None:
    account = await link_by_qr(hass, cloud)
    result = await _start(hass, account)
    assert result["type"] == "abort"
    assert result["reason"] == "reconfigure_account_entry"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_account_that_no_longer_has_the_device(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Listed when the account was set up, gone from it since (removed in the app)."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    record = cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    await link_by_qr(hass, cloud)
    cloud.fake.state.remove(record.device_id)

    result = await _reconfigure(hass, entry, "reconfigure_account")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "no_account_has_device"
    assert "account" not in entry.data


async def test_keys_again_from_the_same_account_keep_the_cloud_model(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    account = await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)
    model = entry.data["dp_model"]

    result = await _reconfigure(hass, entry, "reconfigure_account")
    # The cloud's model fails now: a model the entry already has is not asked for.
    cloud.fake.faults.server_error(503, api="sharing", path="specifications", count=5)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["dp_model"] == model
    assert entry.data["account"] == account.unique_id


async def test_no_cloud_model_keeps_the_reported_one(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    account = await link_by_qr(hass, cloud)
    cloud.fake.faults.server_error(503, api="sharing", path="specifications", count=5)

    result = await _reconfigure(hass, entry, "reconfigure_account")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["dp_model"]["source"] == "reported"
    assert entry.data["account"] == account.unique_id


async def test_account_keys_the_device_refuses(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """The account still lists an old key (the app has not synced it yet)."""
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    record = cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    record.local_key = "staleStaleStale1"
    await link_by_qr(hass, cloud)

    result = await _reconfigure(hass, entry, "reconfigure_account")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "invalid_key"}
    assert "account" not in entry.data
    assert entry.data["local_key"] == device.keys["local_key"]

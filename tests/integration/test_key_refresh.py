"""Keys that change: a re-paired device gets its new key from its account.

The emulator is re-paired (new local_key in the fake cloud and on the device);
Home Assistant notices the rejected key on its next connection and recovers
without asking, or asks exactly once when no account can help.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
import logging
import secrets
import string

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.tuya_bluetooth.const import DOMAIN, RECONNECT_CAP
from custom_components.tuya_bluetooth.diagnostics import (
    async_get_config_entry_diagnostics,
)
from simulator.products import SWITCH, Product

from .common import (
    Cloud,
    Simulated,
    entity_id_of,
    link_by_project,
    link_by_qr,
    set_up,
    set_up_from_account,
)


def _in_account(cloud: Cloud, device: Simulated) -> None:
    cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]


def _pair_again(cloud: Cloud, device: Simulated) -> str:
    """Removed and paired again in the app: a new key in the cloud and the device."""
    new_key = "".join(
        secrets.choice(string.ascii_letters + string.digits) for _ in range(16)
    )
    record = cloud.fake.state.device_by_uuid(device.emulator.uuid)
    if record is not None:
        record.local_key = new_key
    device.emulator.pair_again(new_key)
    return new_key


async def _reconnect(hass: HomeAssistant, device: Simulated) -> None:
    """The link drops and the always-connected device reconnects after backoff."""
    device.emulator.power_off()
    await hass.async_block_till_done(wait_background_tasks=True)
    device.emulator.power_on()
    device.advertise()
    # Time passes: the backoff, then the handshake's answer deadlines (a device
    # that does not take the key stays silent) — no test waits for them.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=RECONNECT_CAP))
    for _ in range(20):
        await asyncio.sleep(0.01)
        # Past our answer deadline (5 s), short of the device's own (pairing).
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    await hass.async_block_till_done(wait_background_tasks=True)


def _reauth_flows(hass: HomeAssistant) -> dict[str, int]:
    """Open reauth flows, counted by the entry they are for."""
    counts: dict[str, int] = {}
    for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN):
        if flow["context"]["source"] == SOURCE_REAUTH:
            entry_id = str(flow["context"].get("entry_id"))
            counts[entry_id] = counts.get(entry_id, 0) + 1
    return counts


async def _turn_on(hass: HomeAssistant, device: Simulated) -> None:
    gang = entity_id_of(hass, device, "switch", "dp_1")
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: gang}, blocking=True
    )
    assert device.emulator.dp_values[1] is True
    assert hass.states.get(gang).state == STATE_ON  # type: ignore[union-attr]


async def test_re_paired_device_gets_its_new_key_from_the_account(
    hass: HomeAssistant,
    cloud: Cloud,
    simulate: Callable[[Product], Simulated],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)
    old_key = entry.data["local_key"]

    new_key = _pair_again(cloud, device)
    await _reconnect(hass, device)

    assert entry.data["local_key"] == new_key != old_key
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator.device.is_connected
    assert _reauth_flows(hass) == {}
    assert "its new keys came from its account" in caplog.text
    await _turn_on(hass, device)
    # The keys are never logged, nor shown in diagnostics.
    diagnostics = str(await async_get_config_entry_diagnostics(hass, entry))
    for key in (old_key, new_key):
        assert key not in caplog.text
        assert key not in diagnostics


async def test_key_rejected_and_the_cloud_fails_asks_the_user(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)
    _pair_again(cloud, device)
    cloud.fake.faults.server_error(503, api="sharing", count=10)

    await _reconnect(hass, device)

    assert _reauth_flows(hass) == {entry.entry_id: 1}
    # An account could have helped: no "no account" repair.
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"key_rejected_{entry.entry_id}")
        is None
    )


async def test_key_rejected_and_the_cloud_has_the_same_key_asks_the_user(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """The device was reset, not re-paired: the account's key is as rejected."""
    device = simulate(SWITCH)
    _in_account(cloud, device)
    await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)
    device.emulator.pair_again("resetreset123456")

    await _reconnect(hass, device)

    assert _reauth_flows(hass) == {entry.entry_id: 1}


async def test_dead_account_login_raises_one_reauth_for_the_account(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    first, second = simulate(SWITCH), simulate(SWITCH)
    for device in (first, second):
        _in_account(cloud, device)
    account = await link_by_qr(hass, cloud)
    entries = [await set_up_from_account(hass, d) for d in (first, second)]
    for device in (first, second):
        _pair_again(cloud, device)
    cloud.fake.revoke_tokens("sharing")

    await _reconnect(hass, first)
    await _reconnect(hass, second)

    # One flow, for the account; the devices wait for it.
    assert _reauth_flows(hass) == {account.entry_id: 1}
    for entry in entries:
        assert entry.state is ConfigEntryState.LOADED


async def test_typed_keys_rejected_raise_a_repair_and_a_reauth(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    entry = await set_up(hass, device)
    new_key = _pair_again(cloud, device)

    await _reconnect(hass, device)

    issue_id = f"key_rejected_{entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "key_rejected"
    assert issue.translation_placeholders == {"name": entry.title}
    assert _reauth_flows(hass) == {entry.entry_id: 1}
    (flow,) = [
        f
        for f in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if f["context"]["source"] == SOURCE_REAUTH
    ]
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"],
        {"device_id": device.emulator.identity.device_id, "local_key": new_key},
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await _turn_on(hass, device)


async def test_removing_the_account_leaves_its_devices_working(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    device = simulate(SWITCH)
    _in_account(cloud, device)
    account = await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, device)

    assert await hass.config_entries.async_remove(account.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert entry.state is ConfigEntryState.LOADED
    await _turn_on(hass, device)
    # Only the silent re-fetch is lost: a new key now needs the user.
    _pair_again(cloud, device)
    await _reconnect(hass, device)
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"key_rejected_{entry.entry_id}")
    assert _reauth_flows(hass) == {entry.entry_id: 1}


async def test_restart_with_the_cloud_down_keeps_devices_controllable(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """Home Assistant restarts while the cloud is down: configured devices work,
    and a device of the account found meanwhile is still added with its keys."""
    configured, later = simulate(SWITCH), simulate(SWITCH)
    for device in (configured, later):
        _in_account(cloud, device)
    account = await link_by_qr(hass, cloud)
    entry = await set_up_from_account(hass, configured)
    for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN):
        hass.config_entries.flow.async_abort(flow["flow_id"])  # not now
    await hass.async_block_till_done()
    await cloud.fake.stop()

    for each in (account, entry):
        assert await hass.config_entries.async_unload(each.entry_id)
    await hass.async_block_till_done()
    for each in (account, entry):
        await hass.config_entries.async_setup(each.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert account.state is ConfigEntryState.LOADED  # from its saved device list
    assert entry.state is ConfigEntryState.LOADED
    await _turn_on(hass, configured)
    added = await set_up_from_account(hass, later)
    assert added.data["local_key"] == later.emulator.identity.local_key
    assert added.data["category"] == "kg"
    assert added.data["dp_model"]["source"] == "reported"  # no cloud, no model


async def test_developer_project_keys_come_from_the_thing_api(
    hass: HomeAssistant, cloud: Cloud, simulate: Callable[[Product], Simulated]
) -> None:
    """The v1.0 device list gives another key; the Bluetooth one is the thing's."""
    device = simulate(SWITCH)
    record = cloud.fake.add_device(device.emulator.identity, cloud.account)  # type: ignore[arg-type]
    record.v1_local_key = "v1onlyv1onlyv1on"
    await link_by_project(hass, cloud)

    entry: ConfigEntry = await set_up_from_account(hass, device)

    assert entry.data["local_key"] == device.emulator.identity.local_key
    await _turn_on(hass, device)

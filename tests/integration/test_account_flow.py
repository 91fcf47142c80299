"""Linking Tuya accounts through the config flow, against the fake cloud on loopback.

The integration finds the fake cloud through the environment variables that
`cloud_base_url` reads; the fake cloud runs on a manual clock (started at the
wall-clock time, so request-time checks pass) that a test moves to let a QR
code expire.
"""

from __future__ import annotations

from datetime import timedelta
import json
import logging
import socket
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.tuya_bluetooth.const import (
    DOMAIN,
    ENV_OPENAPI_URL,
)
from custom_components.tuya_bluetooth.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.tuya_bluetooth.tuya.cloud import DataCenter
from simulator.cloud import FakeTuyaCloud

from .common import Cloud, link_by_qr, menu, project_input, qr_form, qr_text


async def _project(hass: HomeAssistant, user_input: dict[str, str]) -> ConfigFlowResult:
    result = await menu(hass, "project")
    assert result["step_id"] == "project"
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


async def _reauth_flow(hass: HomeAssistant, entry: ConfigEntry) -> ConfigFlowResult:
    await hass.async_block_till_done()
    flows = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
        and flow["context"].get("entry_id") == entry.entry_id
    ]
    assert len(flows) == 1
    return flows[0]


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---- QR login ----------------------------------------------------------------------


async def test_qr_login_confirmed(hass: HomeAssistant, cloud: Cloud) -> None:
    """Scan, confirm in the app, Submit: an account entry named after the account."""
    entry = await link_by_qr(hass, cloud)
    assert entry.title == "alice@example.com"
    assert entry.unique_id == cloud.account.uid
    data = entry.data
    assert data["entry_type"] == "account"
    assert data["auth"] == "qr_login"
    assert data["user_code"] == cloud.account.user_code
    assert data["endpoint"] == cloud.fake.sharing_url
    assert data["terminal_id"]
    assert data["token_info"]["uid"] == cloud.account.uid
    assert (
        data["token_info"]["access_token"] == cloud.fake.issued_tokens[-1].access_token
    )
    assert entry.state is ConfigEntryState.LOADED
    # Account entries have no options (those are about a device's connection).
    assert not entry.supports_options


async def test_qr_login_not_yet_confirmed(hass: HomeAssistant, cloud: Cloud) -> None:
    """Submit before confirming: the same code again with an error, then success."""
    result = await qr_form(hass, cloud.account.user_code)
    first = qr_text(result)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "form"
    assert result["errors"] == {"base": "login_pending"}
    assert qr_text(result) == first
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry"


async def test_qr_login_expired(hass: HomeAssistant, cloud: Cloud) -> None:
    """A code that expired is replaced by a fresh one, which then works."""
    result = await qr_form(hass, cloud.account.user_code)
    first = qr_text(result)
    cloud.clock.advance(121)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "form"
    assert result["errors"] == {"base": "qr_expired"}
    assert qr_text(result) != first
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry"


async def test_qr_login_cancelled(hass: HomeAssistant, cloud: Cloud) -> None:
    """The user closes the dialog with the code shown: nothing is linked, even
    if the code is confirmed in the app afterwards, and nothing keeps asking."""
    result = await qr_form(hass, cloud.account.user_code)
    requests_before = len(cloud.fake.state.requests)
    assert requests_before > 0  # the code was asked for
    hass.config_entries.flow.async_abort(result["flow_id"])
    cloud.fake.confirm_qr_login()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=10))
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    assert hass.config_entries.async_entries(DOMAIN) == []
    assert len(cloud.fake.state.requests) == requests_before


async def test_qr_login_unknown_user_code(hass: HomeAssistant, cloud: Cloud) -> None:
    """A User Code the cloud refuses is reported; the right one goes on."""
    result = await menu(hass, "qr_login")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"user_code": "nobody"}
    )
    assert result["step_id"] == "qr_login"
    assert result["errors"] == {"base": "invalid_user_code"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"user_code": f" {cloud.account.user_code} "}
    )
    assert result["step_id"] == "qr_scan"


async def test_qr_login_cloud_failures(hass: HomeAssistant, cloud: Cloud) -> None:
    """Every failure of the login host is a translated error and can be retried."""
    faults = cloud.fake.faults
    result = await menu(hass, "qr_login")
    faults.server_error(503, api="sharing")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"user_code": cloud.account.user_code}
    )
    assert result["errors"] == {"base": "cloud_unreachable"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"user_code": cloud.account.user_code}
    )
    assert result["step_id"] == "qr_scan"
    # Polling: unreachable, then refused.
    faults.server_error(503, api="sharing")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "cloud_unreachable"}
    faults.tuya_error(1106, api="sharing")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "login_failed"}
    # Expired, and the cloud refuses a new code (the User Code was changed in
    # the app meanwhile): said so; the next Submit tries again.
    cloud.clock.advance(121)
    user_code = cloud.account.user_code
    cloud.account.user_code = "changed"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "invalid_user_code"}
    cloud.account.user_code = user_code
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "qr_expired"}
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry"


async def test_second_account_linked(hass: HomeAssistant, cloud: Cloud) -> None:
    """Several accounts may be linked, one entry each."""
    first = await link_by_qr(hass, cloud)
    other = cloud.fake.add_account(username="bob@example.com")
    result = await qr_form(hass, other.user_code)
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry"
    assert result["result"].unique_id == other.uid
    assert result["title"] == "bob@example.com"
    await hass.async_block_till_done()
    entries = hass.config_entries.async_entries(DOMAIN)
    assert {entry.unique_id for entry in entries} == {first.unique_id, other.uid}
    assert all(entry.state is ConfigEntryState.LOADED for entry in entries)


async def test_same_account_twice_aborts(hass: HomeAssistant, cloud: Cloud) -> None:
    """The same account, by QR code or by its project, is not linked twice."""
    await link_by_qr(hass, cloud)
    result = await qr_form(hass, cloud.account.user_code)
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"
    result = await _project(hass, project_input(cloud))
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"


# ---- developer project -------------------------------------------------------------


async def test_project_linked(hass: HomeAssistant, cloud: Cloud) -> None:
    """Credentials checked before the entry exists; keyed by the linked account."""
    result = await _project(hass, project_input(cloud))
    assert result["type"] == "create_entry", result
    entry: ConfigEntry = result["result"]
    assert entry.unique_id == cloud.account.uid
    # Named after the account's homes: a project does not tell its username.
    assert entry.title == ", ".join(home.name for home in cloud.account.homes)
    assert entry.data["entry_type"] == "account"
    assert entry.data["auth"] == "project"
    assert entry.data["data_center"] == "eu"
    assert entry.data["access_secret"] == cloud.project.client_secret
    assert entry.data["token_info"]["access_token"]
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_project_of_an_account_without_homes_is_named_by_its_user_id(
    hass: HomeAssistant, cloud: Cloud
) -> None:
    homeless = cloud.fake.add_account(homes=(), link=cloud.project)
    result = await _project(hass, project_input(cloud, uid=homeless.uid))
    assert result["type"] == "create_entry", result
    assert result["title"] == homeless.uid


async def test_project_wrong_secret(hass: HomeAssistant, cloud: Cloud) -> None:
    """A wrong secret is invalid_auth, and the secret is not shown again."""
    result = await _project(hass, project_input(cloud, access_secret="wrong"))
    assert result["type"] == "form"
    assert result["errors"] == {"base": "invalid_auth"}
    schema = result["data_schema"]
    assert schema is not None
    suggested = {
        str(key): (key.description or {}).get("suggested_value")
        for key in schema.schema
    }
    assert suggested["access_id"] == cloud.project.client_id
    assert suggested["access_secret"] is None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud)
    )
    assert result["type"] == "create_entry"


async def test_project_wrong_data_centre_or_unreachable(
    hass: HomeAssistant, cloud: Cloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another data centre does not know the project; an unreachable one says so."""
    monkeypatch.delenv(ENV_OPENAPI_URL)
    async with FakeTuyaCloud(seed="elsewhere") as elsewhere:
        urls = {
            DataCenter.CENTRAL_EUROPE: cloud.fake.openapi_url,
            DataCenter.WESTERN_AMERICA: elsewhere.openapi_url,
            DataCenter.INDIA: f"http://127.0.0.1:{_closed_port()}",
        }
        with patch("custom_components.tuya_bluetooth.const.DATA_CENTER_URLS", urls):
            result = await _project(hass, project_input(cloud, data_center="us"))
            assert result["errors"] == {"base": "invalid_project"}
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], project_input(cloud, data_center="in")
            )
            assert result["errors"] == {"base": "cloud_unreachable"}
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], project_input(cloud)
            )
            assert result["type"] == "create_entry"
            await hass.async_block_till_done()
            assert result["result"].state is ConfigEntryState.LOADED


async def test_project_account_not_linked(hass: HomeAssistant, cloud: Cloud) -> None:
    """A user id the project cannot see, or no id at all, is reported."""
    stranger = cloud.fake.add_account(username="eve@example.com")
    result = await _project(hass, project_input(cloud, uid=stranger.uid))
    assert result["errors"] == {"base": "account_not_linked"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud, uid="not an id")
    )
    assert result["errors"] == {"base": "account_not_linked"}
    cloud.fake.faults.rate_limit(api="openapi")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud)
    )
    assert result["errors"] == {"base": "unknown"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud)
    )
    assert result["type"] == "create_entry"


# ---- setup, tokens, reauth -------------------------------------------------------


async def test_account_entry_setup_and_unload(
    hass: HomeAssistant, cloud: Cloud
) -> None:
    """An account entry loads without platforms and unloads cleanly."""
    entry = await link_by_qr(hass, cloud)
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.async_entity_ids() == []
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED


@pytest.mark.parametrize("way", ["qr_login", "project"])
async def test_token_refresh_persisted(
    hass: HomeAssistant, cloud: Cloud, way: str
) -> None:
    """A token that ran out is renewed at setup and kept, without a reload."""
    if way == "qr_login":
        entry = await link_by_qr(hass, cloud)
    else:
        result = await _project(hass, project_input(cloud))
        entry = result["result"]
        await hass.async_block_till_done()
    before = entry.data["token_info"]["access_token"]
    cloud.fake.expire_tokens()
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    renewed = entry.data["token_info"]["access_token"]
    assert renewed != before
    assert renewed == cloud.fake.issued_tokens[-1].access_token
    # A renewal while loaded is stored without reloading the entry.
    runtime = entry.runtime_data
    await runtime.client.refresh_token()
    await hass.async_block_till_done()
    assert entry.runtime_data is runtime
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["token_info"]["access_token"] == (
        cloud.fake.issued_tokens[-1].access_token
    )


async def test_setup_cloud_unreachable_uses_the_saved_device_list(
    hass: HomeAssistant,
    cloud: Cloud,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A cloud that fails at setup: the last device list, else try again later."""
    entry = await link_by_qr(hass, cloud)
    await hass.async_block_till_done()
    key = f"{DOMAIN}.account_{entry.entry_id}"
    assert hass_storage[key]["data"]["devices"] == []

    cloud.fake.faults.server_error(503, api="sharing", count=10)
    assert await hass.config_entries.async_reload(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    assert "the Tuya cloud is unreachable; using the 0 devices listed" in caplog.text

    hass_storage.pop(key)
    assert not await hass.config_entries.async_reload(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    cloud.fake.faults.clear()


async def test_removing_an_account_forgets_its_device_list(
    hass: HomeAssistant, cloud: Cloud, hass_storage: dict[str, Any]
) -> None:
    entry = await link_by_qr(hass, cloud)
    await hass.async_block_till_done()
    key = f"{DOMAIN}.account_{entry.entry_id}"
    assert key in hass_storage
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def test_qr_reauth(hass: HomeAssistant, cloud: Cloud) -> None:
    """Revoked tokens start a reauth, which a new QR login completes."""
    entry = await link_by_qr(hass, cloud)
    cloud.fake.revoke_tokens("sharing")
    assert not await hass.config_entries.async_reload(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flow = await _reauth_flow(hass, entry)
    assert flow["step_id"] == "reauth_qr"
    cloud.fake.faults.server_error(503, api="sharing")
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["step_id"] == "reauth_qr"
    assert result["errors"] == {"base": "cloud_unreachable"}
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["step_id"] == "qr_scan"
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["token_info"]["access_token"] == (
        cloud.fake.issued_tokens[-1].access_token
    )


async def test_qr_reauth_with_another_account_aborts(
    hass: HomeAssistant, cloud: Cloud
) -> None:
    """Signing in as someone else does not replace the entry's account."""
    entry = await link_by_qr(hass, cloud)
    hass.config_entries.async_update_entry(entry, unique_id="eu-someone-else")
    entry.async_start_reauth(hass)
    flow = await _reauth_flow(hass, entry)
    assert flow["step_id"] == "reauth_qr"
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    cloud.fake.confirm_qr_login()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "wrong_account"


async def test_project_reauth(hass: HomeAssistant, cloud: Cloud) -> None:
    """A changed project secret starts a reauth asking for the new one."""
    result = await _project(hass, project_input(cloud))
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done()
    cloud.project.client_secret = "a-new-secret-from-the-iot-platform"
    assert not await hass.config_entries.async_reload(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flow = await _reauth_flow(hass, entry)
    assert flow["step_id"] == "reauth_project"
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"access_secret": "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"access_secret": cloud.project.client_secret}
    )
    assert result["type"] == "abort"
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["access_secret"] == cloud.project.client_secret


# ---- secrets -----------------------------------------------------------------------


async def test_no_token_in_logs_or_diagnostics(
    hass: HomeAssistant, cloud: Cloud, caplog: pytest.LogCaptureFixture
) -> None:
    """Tokens and secrets appear neither in DEBUG logs nor in diagnostics."""
    caplog.set_level(logging.DEBUG)
    qr_entry = await link_by_qr(hass, cloud)
    result = await _project(
        hass, project_input(cloud, uid=cloud.fake.add_account().uid)
    )
    assert result["errors"] == {"base": "account_not_linked"}
    other = cloud.fake.add_account(username="carol@example.com", link=cloud.project)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], project_input(cloud, uid=other.uid)
    )
    project_entry: ConfigEntry = result["result"]
    await hass.async_block_till_done()
    cloud.fake.expire_tokens()
    for entry in (qr_entry, project_entry):
        assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    diagnostics: list[dict[str, Any]] = [
        await async_get_config_entry_diagnostics(hass, entry)
        for entry in (qr_entry, project_entry)
    ]
    dumped = json.dumps(diagnostics)
    secrets = {cloud.project.client_secret}
    for token in cloud.fake.issued_tokens:
        secrets |= {token.access_token, token.refresh_token}
    assert len(secrets) > 5
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in dumped
    assert cloud.account.user_code not in dumped
    assert diagnostics[0]["entry"]["data"]["token_info"]["access_token"] == (
        "**REDACTED**"
    )
    assert diagnostics[1]["entry"]["data"]["access_secret"] == "**REDACTED**"

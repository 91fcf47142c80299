"""Whole client journeys with every logger at DEBUG: no secret value may appear
in the captured logs, exception texts or model reprs."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
import hashlib
import logging
import traceback
from typing import Any

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    OpenApiClient,
    SharingClient,
    SharingLoginClient,
    TokenInfo,
    TuyaCloudError,
)
from simulator.cloud import FakeTuyaCloud, ManualClock
from simulator.products import FEEDER, SWITCH

from .conftest import Scene, identity

SEC_KEY = "SecKeyV2-9f8e7d6c5b4a"


def leaks(text: str, secrets: Iterable[str]) -> list[str]:
    """The secrets that occur in `text` (reported by length, not value)."""
    return [f"secret of {len(s)} chars" for s in secrets if s and s in text]


def test_leak_search_finds_a_planted_secret() -> None:
    assert leaks("x local_key=abcdef123456 y", ["abcdef123456", "zzzzzz"]) == [
        "secret of 12 chars"
    ]


class Journey:
    """Runs steps, keeping every result repr and exception text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.errors = 0

    async def run(self, step: Awaitable[Any]) -> Any:
        try:
            result = await step
        except TuyaCloudError as err:
            self.errors += 1
            self.texts += [
                str(err),
                repr(err),
                "".join(traceback.format_exception(err)),
            ]
            return None
        self.texts.append(repr(result))
        return result


def all_secrets(cloud: FakeTuyaCloud, scene: Scene, extra: Iterable[str]) -> set[str]:
    state = cloud.state
    values = {scene.project.client_secret, scene.account.password, SEC_KEY}
    values.add(hashlib.md5(scene.account.password.encode()).hexdigest())
    for token in state.tokens:
        values |= {token.access_token, token.refresh_token}
    for record in [*state.devices.values(), *state.removed_devices]:
        values |= {
            record.local_key,
            record.identity.local_key,
            record.identity.auth_key,
        }
    for unit in state.factory_units.values():
        values |= {unit.auth_key, unit.local_key}
    for pairing in state.pairings.values():
        values |= {pairing.secret, pairing.token}
    for session in state.qr_sessions.values():
        values.add(session.token)
    values |= set(extra)
    return {v for v in values if v}


async def test_journeys_leak_nothing(
    caplog: pytest.LogCaptureFixture,
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    scene: Scene,
    clock: ManualClock,
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: every library included
    for logger_name in ("aiohttp", "aiohttp.access", "aiohttp.server", "asyncio"):
        logging.getLogger(logger_name).setLevel(logging.DEBUG)
    scene.switch.sec_key = SEC_KEY
    journey = Journey()
    run = journey.run
    persisted: list[TokenInfo] = []

    # ---- QR login and the sharing API ----
    login_client = SharingLoginClient(
        http, base_url=cloud.sharing_url, now_ms=clock.now_ms
    )
    qr = await run(login_client.request_qr_code(scene.account.user_code))
    await run(login_client.poll_login(qr))
    cloud.confirm_qr_login(qr.token)
    login = await run(login_client.poll_login(qr))
    await run(login_client.poll_login(qr))  # consumed: an error
    sharing = SharingClient.from_login(
        http, login, now_ms=clock.now_ms, on_token_refresh=persisted.append
    )
    homes = await run(sharing.get_homes())
    for home in homes:
        await run(sharing.get_devices(home.home_id))
    await run(sharing.get_device_details([r.device_id for r in scene.records]))
    await run(sharing.get_specifications(scene.switch.device_id))
    await run(sharing.get_status_mapping(scene.switch.device_id))
    await run(sharing.get_dp_model(scene.switch.device_id))
    clock.advance(7200 - 10)  # refresh before expiry
    await run(sharing.get_homes())
    cloud.expire_tokens("sharing")  # expiry mid-session
    await run(sharing.get_homes())
    cloud.faults.server_error(api="sharing")
    await run(sharing.get_homes())
    cloud.revoke_tokens("sharing")
    await run(sharing.get_homes())  # reauth needed: an error

    # ---- the OpenAPI ----
    openapi = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        on_token_refresh=persisted.append,
        now_ms=clock.now_ms,
        sleep=clock.sleep,
    )
    uid = scene.account.uid
    await run(
        openapi.login_app_account(
            username=scene.account.username,
            password=scene.account.password,
            country_code="49",
            schema="smartlife",
        )
    )
    await run(
        openapi.login_app_account(
            username=scene.account.username,
            password="wrong",
            country_code="49",
            schema="x",
        )
    )
    await run(openapi.get_user_homes(uid))
    devices = await run(openapi.get_user_devices(uid))
    assert any(d.sec_key == SEC_KEY for d in devices)
    ids = [d.device_id for d in devices]
    for device_id in ids:
        await run(openapi.get_device(device_id))
        await run(openapi.get_thing_model(device_id))
        await run(openapi.get_specifications(device_id))
        await run(openapi.get_firmware(device_id))
    await run(openapi.get_factory_infos(ids))
    unit = identity(SWITCH, 9)
    cloud.add_factory_unit(unit)
    key = await run(openapi.get_ble_auth_key(uuid=unit.uuid))
    await run(
        openapi.register_ble_device(
            uuid=unit.uuid,
            auth_key=key.auth_key,
            mac=unit.mac,
            product_id=unit.product.product_id,
            pv="3.3",
        )
    )
    await run(
        openapi.activate_ble_device(
            uuid=unit.uuid,
            auth_key=key.auth_key,
            uid=uid,
            time_zone_id="UTC",
            versions={"pv": "3.3"},
        )
    )
    await run(
        openapi.activate_ble_device(  # already bound: an error
            uuid=unit.uuid,
            auth_key=key.auth_key,
            uid=uid,
            time_zone_id="UTC",
            versions={"pv": "3.3"},
        )
    )
    combo = identity(FEEDER)
    pairing = await run(
        openapi.create_pairing_token(uid=uid, time_zone_id="UTC", uuid=combo.uuid)
    )
    cloud.complete_pairing(None, combo)
    await run(openapi.wait_for_pairing(pairing))
    await run(openapi.remove_device(scene.lock.device_id))
    clock.advance(7200 - 10)
    await run(openapi.get_device(scene.light.device_id))  # refresh
    cloud.revoke_tokens("openapi")
    await run(openapi.get_device(scene.light.device_id))  # new project token
    cloud.faults.hang(api="openapi")
    quick = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        token=openapi.token,
        now_ms=clock.now_ms,
        request_timeout=0.05,
    )
    await run(quick.get_device(scene.light.device_id))  # timeout: an error
    wrong = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret[::-1],
        now_ms=clock.now_ms,
    )
    await run(wrong.get_token())  # bad sign: an error
    journey.texts += [repr(openapi), repr(sharing), repr(login_client)]
    journey.texts += [repr(t) for t in persisted]

    # The journey really ran: secrets flowed, tokens refreshed, errors raised.
    assert journey.errors == 7
    assert len(persisted) >= 5
    assert "Sharing API: list homes" in caplog.text
    assert "OpenAPI: activate device" in caplog.text
    secrets = all_secrets(cloud, scene, [key.auth_key, pairing.secret])
    assert len(secrets) > 30
    log_text = caplog.text + "\n".join(
        str(r.args) + r.getMessage() for r in caplog.records
    )
    assert leaks(log_text, secrets) == []
    assert leaks("\n".join(journey.texts), secrets) == []

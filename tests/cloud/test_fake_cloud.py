"""The fake cloud's own checks, driven with hand-made requests.

A request signed correctly passes; the same request with one character of its
signature (or its encrypted payload) changed is rejected with 1004.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import LoginResult
from custom_components.tuya_bluetooth.tuya.cloud.openapi_sign import (
    sign,
    string_to_sign,
)
from custom_components.tuya_bluetooth.tuya.cloud.sharing_crypto import (
    encrypt,
    hash_key,
    request_secret,
    x_sign,
)
from simulator.cloud import FakeTuyaCloud, ManualClock

from .conftest import Scene


def flip(text: str, index: int) -> str:
    """`text` with the character at `index` replaced by another valid one."""
    char = text[index]
    other = "0" if char != "0" else "1"
    if char.isalpha() and char.isupper():
        other = "A" if char != "A" else "B"
    return text[:index] + other + text[index + 1 :]


async def openapi_get(
    http: aiohttp.ClientSession,
    cloud: FakeTuyaCloud,
    scene: Scene,
    path: str,
    query: dict[str, str],
    *,
    t: int,
    access_token: str = "",
    tamper: int | None = None,
) -> dict[str, Any]:
    nonce = "n" * 32
    signature = sign(
        client_id=scene.project.client_id,
        secret=scene.project.client_secret,
        t=str(t),
        nonce=nonce,
        to_sign=string_to_sign("GET", path, query=query),
        access_token=access_token,
    )
    if tamper is not None:
        signature = flip(signature, tamper)
    headers = {
        "client_id": scene.project.client_id,
        "sign": signature,
        "sign_method": "HMAC-SHA256",
        "t": str(t),
        "nonce": nonce,
    }
    if access_token:
        headers["access_token"] = access_token
    async with http.get(cloud.openapi_url + path, params=query, headers=headers) as r:
        return await r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("tamper", [None, 0, 31, 63])
async def test_openapi_one_character_off(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    scene: Scene,
    clock: ManualClock,
    tamper: int | None,
) -> None:
    answer = await openapi_get(
        http,
        cloud,
        scene,
        "/v1.0/token",
        {"grant_type": "1"},
        t=clock.now_ms(),
        tamper=tamper,
    )
    if tamper is None:
        assert answer["success"] is True
        token = answer["result"]["access_token"]
        device = await openapi_get(
            http,
            cloud,
            scene,
            f"/v1.0/devices/{scene.light.device_id}",
            {},
            t=clock.now_ms(),
            access_token=token,
        )
        assert device["result"]["local_key"] == scene.light.local_key
    else:
        assert (answer["success"], answer["code"]) == (False, 1004)
        assert cloud.issued_tokens == []


async def test_openapi_token_states(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene, clock: ManualClock
) -> None:
    path = f"/v1.0/devices/{scene.light.device_id}"
    now = clock.now_ms()
    unknown = await openapi_get(
        http, cloud, scene, path, {}, t=now, access_token="x" * 32
    )
    assert unknown["code"] == 1011
    missing = await openapi_get(http, cloud, scene, path, {}, t=now)
    assert missing["code"] == 1002
    token = cloud.state.issue_token(
        "openapi", scene.project.uid, scene.project.client_id
    )
    clock.advance(7200)
    expired = await openapi_get(
        http, cloud, scene, path, {}, t=clock.now_ms(), access_token=token.access_token
    )
    assert expired["code"] == 1010
    skewed = await openapi_get(
        http, cloud, scene, path, {}, t=clock.now_ms() - 901_000, access_token="x"
    )
    assert skewed["code"] == 1013


async def sharing_get(
    http: aiohttp.ClientSession,
    login: LoginResult,
    clock: ManualClock,
    path: str,
    params: str = "",
    *,
    tamper_sign: int | None = None,
    tamper_data: int | None = None,
) -> dict[str, Any]:
    rid = "11111111-2222-4333-8444-555555555555"
    key = hash_key(rid, login.token.refresh_token)
    secret = request_secret(rid, key)
    encdata = encrypt(params, secret, "ABCDEFGHJKMN") if params else ""
    headers = [
        ("X-appKey", "HA_3y9q4ak7g4ephrvke"),
        ("X-requestId", rid),
        ("X-time", str(clock.now_ms())),
        ("X-token", login.token.access_token),
    ]
    signature = x_sign(key, headers, encdata)
    if tamper_sign is not None:
        signature = flip(signature, tamper_sign)
    if tamper_data is not None:
        encdata = flip(encdata, tamper_data)
    query = {"encdata": encdata} if encdata else None
    async with http.get(
        login.endpoint + path,
        params=query,
        headers=dict(headers) | {"X-sign": signature},
    ) as response:
        return await response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "tamper",
    [(None, None), (0, None), (40, None), (63, None), (None, 20), (None, 50)],
)
async def test_sharing_one_character_off(
    http: aiohttp.ClientSession,
    login: LoginResult,
    clock: ManualClock,
    scene: Scene,
    tamper: tuple[int | None, int | None],
) -> None:
    tamper_sign, tamper_data = tamper
    home_id = scene.account.homes[0].home_id
    answer = await sharing_get(
        http,
        login,
        clock,
        "/v1.0/m/life/ha/home/devices",
        f'{{"homeId":"{home_id}"}}',
        tamper_sign=tamper_sign,
        tamper_data=tamper_data,
    )
    if tamper_sign is None and tamper_data is None:
        assert answer["success"] is True
        assert isinstance(answer["result"], str)  # encrypted
        assert scene.light.local_key not in answer["result"]
    else:
        assert (answer["success"], answer["code"]) == (False, 1004)


async def test_sharing_token_states(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    login: LoginResult,
    clock: ManualClock,
) -> None:
    path = "/v1.0/m/life/users/homes"
    assert (await sharing_get(http, login, clock, path))["success"] is True
    clock.advance(7200)
    assert (await sharing_get(http, login, clock, path))["code"] == 1010
    cloud.revoke_tokens("sharing")
    assert (await sharing_get(http, login, clock, path))["code"] == 1011


async def test_request_log_names_routes_not_values(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    login: LoginResult,
    clock: ManualClock,
) -> None:
    await sharing_get(http, login, clock, f"/v1.0/m/token/{login.token.refresh_token}")
    record = cloud.state.requests[-1]
    assert (record.api, record.route, record.code) == (
        "sharing",
        "/v1.0/m/token/{refresh_token}",
        None,
    )
    assert login.token.refresh_token not in repr(cloud.state.requests)
    assert login.token.refresh_token not in repr(cloud.issued_tokens)


async def test_firmware_download_unknown_version(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession
) -> None:
    async with http.get(cloud.openapi_url + "/firmware/sim0dj01/9.9.9.bin") as r:
        assert r.status == 404


async def test_fixed_ports_and_restart(
    socket_enabled: None, clock: ManualClock
) -> None:
    cloud = FakeTuyaCloud(now_ms=clock.now_ms)
    with pytest.raises(KeyError):
        _ = cloud.openapi_url
    await cloud.start()
    port = int(cloud.openapi_url.rsplit(":", 1)[1])
    await cloud.stop()
    again = FakeTuyaCloud(now_ms=clock.now_ms, openapi_port=port)
    async with again:
        assert again.openapi_url == f"http://127.0.0.1:{port}"
        assert again.sharing_url != again.openapi_url

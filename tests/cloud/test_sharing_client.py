"""The sharing client against the fake cloud: every endpoint, tokens, failures."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    ClockSkewError,
    CloudConnectionError,
    CloudServerError,
    CloudTimeoutError,
    DpAccess,
    DpType,
    LoginResult,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    SharingClient,
    TokenInfo,
    TokenInvalidError,
)
from simulator.cloud import FakeTuyaCloud, ManualClock
from simulator.products import LIGHT, SENSOR

from .conftest import Scene


async def test_homes_and_devices(sharing: SharingClient, scene: Scene) -> None:
    homes = await sharing.get_homes()
    assert [(h.home_id, h.name) for h in homes] == [
        (h.home_id, h.name) for h in scene.account.homes
    ]
    home, cabin = homes
    devices = {d.device_id: d for d in await sharing.get_devices(home.home_id)}
    assert set(devices) == {
        scene.light.device_id,
        scene.switch.device_id,
        scene.lock.device_id,
    }
    light = devices[scene.light.device_id]
    assert light.uuid == scene.light.identity.uuid
    assert light.local_key == scene.light.local_key
    assert light.category == "dj"
    assert light.product_id == LIGHT.product_id
    assert light.name == scene.light.name
    assert light.home_id == home.home_id
    assert light.online is True
    assert light.sec_key is None
    # The lock is listed without a local_key (BLE-only device via sharing).
    assert devices[scene.lock.device_id].local_key is None
    (sensor,) = await sharing.get_devices(cabin.home_id)
    assert sensor.device_id == scene.sensor.device_id


async def test_device_details(sharing: SharingClient, scene: Scene) -> None:
    details = await sharing.get_device_details(
        [scene.sensor.device_id, scene.switch.device_id]
    )
    assert [d.device_id for d in details] == [
        scene.sensor.device_id,
        scene.switch.device_id,
    ]
    assert details[0].product_id == SENSOR.product_id
    assert details[1].local_key == scene.switch.local_key


async def test_specifications_mapping_and_dp_model(
    sharing: SharingClient, scene: Scene
) -> None:
    specs = await sharing.get_specifications(scene.sensor.device_id)
    assert specs.category == "wsdcg"
    assert {f.code for f in specs.functions} == {"temp_unit_convert"}
    assert "va_temperature" in {s.code for s in specs.status}
    mapping = await sharing.get_status_mapping(scene.sensor.device_id)
    assert {(m.dp_id, m.code) for m in mapping} == {
        (s.dp_id, s.code) for s in SENSOR.dps
    }
    model = await sharing.get_dp_model(scene.sensor.device_id)
    assert model.source == "specifications"
    temperature = model.by_code("va_temperature")
    assert temperature is not None
    assert (temperature.dp_id, temperature.type, temperature.access) == (
        1,
        DpType.VALUE,
        DpAccess.RO,
    )
    assert (temperature.minimum, temperature.maximum, temperature.scale) == (
        -200,
        600,
        1,
    )
    assert temperature.unit == "℃"
    unit = model.by_id(9)
    assert unit is not None
    assert unit.range == ("c", "f")
    assert unit.writable


async def test_foreign_and_unknown_resources(
    cloud: FakeTuyaCloud, sharing: SharingClient, scene: Scene
) -> None:
    other = cloud.add_account(username="bob@example.com")
    with pytest.raises(PermissionDeniedError):
        await sharing.get_devices(other.homes[0].home_id)
    with pytest.raises(NotFoundError) as info:
        await sharing.get_device_details(["bf0000000000000000none"])
    assert info.value.code == 1000
    with pytest.raises(NotFoundError):
        await sharing.get_specifications("bf0000000000000000none")
    with pytest.raises(ValueError, match="alphanumeric"):
        await sharing.get_specifications("../token")


async def test_refresh_before_expiry_is_persisted(
    cloud: FakeTuyaCloud,
    sharing: SharingClient,
    login: LoginResult,
    refreshed: list[TokenInfo],
    clock: ManualClock,
) -> None:
    await sharing.get_homes()
    assert refreshed == []
    clock.advance(7200 - 59)  # within 60 s of expiry
    await sharing.get_homes()
    assert len(refreshed) == 1
    new = refreshed[0]
    assert new == sharing.token
    assert new.access_token != login.token.access_token
    assert new.refresh_token != login.token.refresh_token
    assert new.t == clock.now_ms()
    assert new.expires_at_ms == clock.now_ms() + 7200 * 1000
    assert new.uid == login.token.uid
    # The refresh went first, and the old pair no longer works.
    routes = [r.route for r in cloud.state.requests[-2:]]
    assert routes == ["/v1.0/m/token/{refresh_token}", "/v1.0/m/life/users/homes"]
    old = cloud.state.find_access("sharing", login.token.access_token)
    assert old is not None
    assert old.revoked
    clock.advance(60)
    await sharing.get_homes()
    assert len(refreshed) == 1  # still fresh: no second refresh


async def test_expiry_mid_session_refreshes_and_retries_once(
    cloud: FakeTuyaCloud, sharing: SharingClient, refreshed: list[TokenInfo]
) -> None:
    cloud.expire_tokens("sharing")
    homes = await sharing.get_homes()
    assert len(homes) == 2
    assert len(refreshed) == 1
    codes = [(r.route, r.code) for r in cloud.state.requests[-3:]]
    assert codes == [
        ("/v1.0/m/life/users/homes", 1010),
        ("/v1.0/m/token/{refresh_token}", None),
        ("/v1.0/m/life/users/homes", None),
    ]


async def test_concurrent_requests_refresh_once(
    cloud: FakeTuyaCloud,
    sharing: SharingClient,
    refreshed: list[TokenInfo],
    clock: ManualClock,
) -> None:
    clock.advance(7200)
    results = await asyncio.gather(sharing.get_homes(), sharing.get_homes())
    assert all(len(r) == 2 for r in results)
    assert len(refreshed) == 1


async def test_revoked_login_needs_reauth(
    cloud: FakeTuyaCloud, sharing: SharingClient, refreshed: list[TokenInfo]
) -> None:
    cloud.revoke_tokens()
    with pytest.raises(TokenInvalidError) as info:
        await sharing.get_homes()
    assert info.value.code == 1011
    assert refreshed == []


async def test_only_one_retry(
    cloud: FakeTuyaCloud, sharing: SharingClient, refreshed: list[TokenInfo]
) -> None:
    cloud.faults.tuya_error(1010, api="sharing", path="/homes", count=2)
    with pytest.raises(TokenInvalidError):  # TokenExpiredError is a TokenInvalidError
        await sharing.get_homes()
    assert len(refreshed) == 1
    assert [r.route for r in cloud.state.requests].count(
        "/v1.0/m/life/users/homes"
    ) == 0


@pytest.mark.parametrize(
    ("inject", "error", "code"),
    [
        (lambda f: f.server_error(500), CloudServerError, None),
        (lambda f: f.server_error(502), CloudServerError, None),
        (lambda f: f.tuya_error(500), CloudServerError, 500),
        (lambda f: f.rate_limit(), RateLimitedError, 1110),
        (lambda f: f.rate_limit(status=429), RateLimitedError, None),
        # aiohttp retries a request once on a reused connection that closed.
        (lambda f: f.disconnect(count=2), CloudConnectionError, None),
    ],
    ids=["http500", "http502", "tuya500", "rate1110", "http429", "disconnect"],
)
async def test_failure_kinds(
    cloud: FakeTuyaCloud,
    sharing: SharingClient,
    inject: object,
    error: type[Exception],
    code: int | None,
) -> None:
    inject(cloud.faults)  # type: ignore[operator]
    with pytest.raises(error) as info:
        await sharing.get_homes()
    assert getattr(info.value, "code", None) == code
    cloud.faults.clear()
    assert len(await sharing.get_homes()) == 2  # healthy again


async def test_timeout(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, login: LoginResult
) -> None:
    client = SharingClient.from_login(http, login, request_timeout=0.05)
    cloud.faults.hang(api="sharing")
    with pytest.raises(CloudTimeoutError):
        await client.get_homes()


async def test_clock_skew(
    http: aiohttp.ClientSession, login: LoginResult, clock: ManualClock
) -> None:
    client = SharingClient.from_login(
        http, login, now_ms=lambda: clock.now_ms() + 3_600_000
    )
    with pytest.raises(ClockSkewError) as info:
        await client.get_homes()
    assert info.value.code == 1013


async def test_encrypted_query_and_body_round_trip(
    cloud: FakeTuyaCloud, sharing: SharingClient
) -> None:
    from simulator.cloud.sharing_app import ECHO_PATH

    params = {"homeId": "123", "ids": ["a", "b"]}
    body = {"text": "grüße", "n": 5}
    echoed = await sharing._request("POST", ECHO_PATH, "echo", params=params, body=body)
    assert echoed == {"params": params, "body": body}
    assert cloud.state.requests[-1].code is None


async def test_explicit_refresh(
    sharing: SharingClient, refreshed: list[TokenInfo], login: LoginResult
) -> None:
    token = await sharing.refresh_token()
    assert refreshed == [token]
    assert token.access_token != login.token.access_token
    assert (await sharing.get_homes())[0].name == "Home"


def test_result_decoding() -> None:
    from custom_components.tuya_bluetooth.tuya.cloud import CloudResponseError
    from simulator.cloud.verify import encrypt_result

    secret = "0123456789abcdef"
    assert SharingClient._decrypt({"success": True}, secret, "x") is None
    sealed = encrypt_result("plain text", secret)
    assert SharingClient._decrypt({"result": sealed}, secret, "x") == "plain text"
    with pytest.raises(CloudResponseError, match="not encrypted"):
        SharingClient._decrypt({"result": [1]}, secret, "x")

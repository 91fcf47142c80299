"""The OpenAPI client against the fake cloud: every endpoint and token handling."""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from typing import Any

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    ClockSkewError,
    CloudAuthError,
    CloudConnectionError,
    CloudRequestError,
    CloudServerError,
    CloudTimeoutError,
    DataCenter,
    DeviceOfflineError,
    DpAccess,
    InvalidClientError,
    InvalidSignError,
    NotFoundError,
    OpenApiClient,
    PairingTimeoutError,
    PermissionDeniedError,
    RateLimitedError,
    TokenInfo,
    TokenInvalidError,
    UpgradeStatus,
)
from simulator.cloud import FakeTuyaCloud, FaultInjector, ManualClock, firmware_image
from simulator.products import LIGHT, LOCK, SWITCH

from .conftest import Scene, identity


def routes(cloud: FakeTuyaCloud) -> list[tuple[str, int | None]]:
    return [(r.route, r.code) for r in cloud.state.requests if r.api == "openapi"]


async def test_token_fetched_on_first_use(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
    clock: ManualClock,
) -> None:
    assert openapi.token is None
    homes = await openapi.get_user_homes(scene.account.uid)
    assert [(h.home_id, h.name) for h in homes] == [
        (h.home_id, h.name) for h in scene.account.homes
    ]
    assert routes(cloud) == [
        ("/v1.0/token", None),
        ("/v1.0/users/{uid}/homes", None),
    ]
    (token,) = refreshed
    assert token == openapi.token
    assert token.uid == scene.project.uid
    assert token.t == clock.now_ms()
    assert token.access_token == cloud.issued_tokens[-1].access_token


async def test_stored_token_is_used(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    scene: Scene,
    clock: ManualClock,
) -> None:
    issued = cloud.state.issue_token(
        "openapi", scene.project.uid, scene.project.client_id
    )
    stored = TokenInfo(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        uid=issued.uid,
        expire_time=7200,
        t=clock.now_ms(),
    )
    client = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        token=stored,
        now_ms=clock.now_ms,
    )
    await client.get_device(scene.light.device_id)
    assert routes(cloud) == [("/v1.0/devices/{device_id}", None)]


async def test_devices_and_details(openapi: OpenApiClient, scene: Scene) -> None:
    devices = {
        d.device_id: d for d in await openapi.get_user_devices(scene.account.uid)
    }
    assert set(devices) == {r.device_id for r in scene.records}
    # The OpenAPI gives local keys for every device, BLE-only ones included.
    assert devices[scene.lock.device_id].local_key == scene.lock.local_key
    detail = await openapi.get_device(scene.switch.device_id)
    assert detail.uuid == scene.switch.identity.uuid
    assert detail.local_key == scene.switch.local_key
    assert detail.product_id == SWITCH.product_id
    assert detail.category == "kg"


async def test_thing_details_give_the_bluetooth_key(
    openapi: OpenApiClient, scene: Scene
) -> None:
    """The v1.0 APIs may give another key; the thing API's is the Bluetooth one."""
    scene.lock.v1_local_key = "v1onlyv1onlyv1on"
    scene.lock.unlock_check = "AAH//zE0MTU5MjY1AWVCKTMAAA=="
    (listed,) = [
        d
        for d in await openapi.get_user_devices(scene.account.uid)
        if d.device_id == scene.lock.device_id
    ]
    assert listed.local_key == "v1onlyv1onlyv1on"
    thing = await openapi.get_thing(scene.lock.device_id)
    assert thing.local_key == scene.lock.local_key != listed.local_key
    assert thing.uuid == scene.lock.identity.uuid
    assert thing.online is True
    assert thing.unlock_check == "AAH//zE0MTU5MjY1AWVCKTMAAA=="
    assert listed.unlock_check == thing.unlock_check
    assert "v1only" not in repr(thing) + repr(listed)


async def test_factory_infos(openapi: OpenApiClient, scene: Scene) -> None:
    infos = await openapi.get_factory_infos(
        [scene.light.device_id, scene.lock.device_id]
    )
    assert [(i.device_id, i.uuid, i.mac) for i in infos] == [
        (r.device_id, r.identity.uuid, r.identity.mac)
        for r in (scene.light, scene.lock)
    ]
    assert infos[0].sn.startswith("SN")


async def test_unknown_and_foreign_devices(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene
) -> None:
    with pytest.raises(NotFoundError) as info:
        await openapi.get_device("bf0000000000000000none")
    assert info.value.code == 1000
    stranger = cloud.add_account(username="mallory@example.com")  # not linked
    record = cloud.add_device(identity(LIGHT, 1), stranger)
    with pytest.raises(PermissionDeniedError):
        await openapi.get_device(record.device_id)
    with pytest.raises(PermissionDeniedError):
        await openapi.get_user_homes(stranger.uid)


async def test_specifications_and_thing_model_agree(
    openapi: OpenApiClient, scene: Scene
) -> None:
    from custom_components.tuya_bluetooth.tuya.cloud import (
        dp_model_from_specifications,
    )

    for record in scene.records:
        thing = await openapi.get_thing_model(record.device_id)
        specs = await openapi.get_specifications(record.device_id)
        assert thing.source == "thing_model"
        # v1.1 specifications carry dp ids; without the mapping they give the
        # same model except for each DP's constraints source.
        from_specs = dp_model_from_specifications(specs)
        assert [(d.dp_id, d.code, d.type, d.access) for d in from_specs.dps] == [
            (d.dp_id, d.code, d.type, d.access) for d in thing.dps
        ]
        product = record.identity.product
        assert [(d.dp_id, d.code) for d in thing.dps] == sorted(
            (s.dp_id, s.code) for s in product.dps
        )
    lock = await openapi.get_thing_model(scene.lock.device_id)
    unlock = lock.by_code("bluetooth_unlock")
    assert unlock is not None
    assert unlock.access is DpAccess.WR
    assert not unlock.readable


async def test_firmware_and_download(
    http: aiohttp.ClientSession, openapi: OpenApiClient, scene: Scene
) -> None:
    (channel,) = await openapi.get_firmware(scene.lock.device_id)
    assert channel.channel == 0
    assert channel.current_version == LOCK.firmware_version
    assert channel.version == LOCK.firmware_update
    assert channel.update_available
    assert channel.can_upgrade
    assert channel.upgrade_status is UpgradeStatus.READY
    async with http.get(channel.url) as response:
        image = await response.read()
    assert image == firmware_image(LOCK, LOCK.firmware_update)
    assert len(image) == channel.file_size
    assert hashlib.md5(image).hexdigest() == channel.md5


async def test_firmware_up_to_date(openapi: OpenApiClient, scene: Scene) -> None:
    scene.light.firmware_version = LIGHT.firmware_update
    (channel,) = await openapi.get_firmware(scene.light.device_id)
    assert not channel.update_available
    assert channel.upgrade_status is UpgradeStatus.NONE


async def test_remove_device(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene
) -> None:
    await openapi.remove_device(scene.switch.device_id)
    assert [r.device_id for r in cloud.state.removed_devices] == [
        scene.switch.device_id
    ]
    with pytest.raises(NotFoundError):
        await openapi.get_device(scene.switch.device_id)


def test_data_centres() -> None:
    assert {dc.base_url for dc in DataCenter} == {
        "https://openapi.tuyacn.com",
        "https://openapi.tuyaus.com",
        "https://openapi-ueaz.tuyaus.com",
        "https://openapi.tuyaeu.com",
        "https://openapi-weaz.tuyaeu.com",
        "https://openapi.tuyain.com",
        "https://openapi-sg.iotbing.com",
    }
    assert DataCenter("eu").base_url == "https://openapi.tuyaeu.com"
    assert DataCenter.CHINA.base_url == "https://openapi.tuyacn.com"


# ---- tokens -------------------------------------------------------------------------


async def test_refresh_near_expiry(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
    clock: ManualClock,
) -> None:
    await openapi.get_device(scene.light.device_id)
    first = refreshed[0]
    clock.advance(7200 - 30)
    await openapi.get_device(scene.light.device_id)
    assert len(refreshed) == 2
    assert refreshed[1].refresh_token != first.refresh_token
    assert routes(cloud)[-2:] == [
        ("/v1.0/token/{refresh_token}", None),
        ("/v1.0/devices/{device_id}", None),
    ]
    old = cloud.state.find_access("openapi", first.access_token)
    assert old is not None
    assert old.revoked


async def test_expired_mid_session_retries_once(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
) -> None:
    await openapi.get_device(scene.light.device_id)
    cloud.expire_tokens("openapi")
    await openapi.get_device(scene.light.device_id)
    assert routes(cloud)[-3:] == [
        ("/v1.0/devices/{device_id}", 1010),
        ("/v1.0/token/{refresh_token}", None),
        ("/v1.0/devices/{device_id}", None),
    ]
    assert len(refreshed) == 2


@pytest.mark.parametrize("code", [1010, 1011])
async def test_exactly_one_retry(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
    code: int,
) -> None:
    await openapi.get_device(scene.light.device_id)
    cloud.faults.tuya_error(code, api="openapi", path="/v1.0/devices/", count=3)
    with pytest.raises(TokenInvalidError) as info:
        await openapi.get_device(scene.light.device_id)
    assert info.value.code == code
    assert len(refreshed) == 2  # one refresh, not two
    assert cloud.faults.pending[0].count == 1  # two attempts used the fault


async def test_refused_refresh_falls_back_to_a_new_token(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
) -> None:
    await openapi.get_device(scene.light.device_id)
    cloud.revoke_tokens("openapi")
    await openapi.get_device(scene.light.device_id)
    assert routes(cloud)[-4:] == [
        ("/v1.0/devices/{device_id}", 1011),
        ("/v1.0/token/{refresh_token}", 1011),
        ("/v1.0/token", None),
        ("/v1.0/devices/{device_id}", None),
    ]
    assert len(refreshed) == 2


async def test_signature_headers_are_signed(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene, clock: ManualClock
) -> None:
    client = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        signature_headers={"area_id": "29a33e8796834b1efa6", "call_id": "8afdb70ab"},
        now_ms=clock.now_ms,
    )
    assert (await client.get_device(scene.light.device_id)).device_id == (
        scene.light.device_id
    )


async def test_wrong_secret_and_client(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene, clock: ManualClock
) -> None:
    wrong_secret = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret="x" * 32,
        now_ms=clock.now_ms,
    )
    with pytest.raises(InvalidSignError) as info:
        await wrong_secret.get_device(scene.light.device_id)
    assert info.value.code == 1004
    assert isinstance(info.value, CloudAuthError)
    unknown = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id="nobody",
        client_secret=scene.project.client_secret,
        now_ms=clock.now_ms,
    )
    with pytest.raises(InvalidClientError) as client_info:
        await unknown.get_token()
    assert client_info.value.code == 1005


async def test_app_account_login(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    refreshed: list[TokenInfo],
) -> None:
    token = await openapi.login_app_account(
        username="alice@example.com",
        password=scene.account.password,
        country_code="49",
        schema="smartlife",
    )
    assert token.uid == scene.account.uid
    assert refreshed == [token]
    with pytest.raises(CloudAuthError) as info:
        await openapi.login_app_account(
            username="alice@example.com",
            password="wrong",
            country_code="49",
            schema="smartlife",
        )
    assert info.value.code == 2401


# ---- pairing tokens -----------------------------------------------------------------


async def test_pairing_token_and_polling(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    scene: Scene,
    clock: ManualClock,
) -> None:
    unit = identity(LIGHT, 2)
    polls = 0

    async def sleep(seconds: float) -> None:
        nonlocal polls
        polls += 1
        await clock.sleep(seconds)
        if polls == 3:  # the device finishes pairing while we wait
            cloud.complete_pairing(None, unit)

    client = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        now_ms=clock.now_ms,
        sleep=sleep,
    )
    token = await client.create_pairing_token(
        uid=scene.account.uid,
        time_zone_id="Europe/Berlin",
        home_id=scene.account.homes[1].home_id,
        uuid=unit.uuid,
    )
    assert "secret" not in repr(token)
    assert token.region == "EU"
    session = cloud.state.pairings[token.token]
    assert session.uuid == unit.uuid
    assert session.home_id == scene.account.homes[1].home_id
    assert (await client.get_pairing_result(token)).success_devices == ()
    result = await client.wait_for_pairing(token, interval=2.0)
    (device,) = result.success_devices
    assert (device.device_id, device.uuid) == (unit.device_id, unit.uuid)
    assert polls == 3
    assert cloud.state.devices[unit.device_id].home_id == session.home_id


async def test_pairing_failure_and_timeout(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene, clock: ManualClock
) -> None:
    token = await openapi.create_pairing_token(
        uid=scene.account.uid, time_zone_id="UTC", uuid="abc"
    )
    start = clock.now_ms()
    with pytest.raises(PairingTimeoutError):
        await openapi.wait_for_pairing(token, interval=5, max_wait=30)
    assert clock.now_ms() - start == 30_000
    cloud.fail_pairing(token.token, identity(LIGHT, 3), "1", "wifi password wrong")
    result = await openapi.wait_for_pairing(token.token)
    (failure,) = result.error_devices
    assert (failure.error_code, failure.error_msg) == ("1", "wifi password wrong")


async def test_pairing_token_needs_uuid_for_ble(
    openapi: OpenApiClient, scene: Scene
) -> None:
    with pytest.raises(CloudRequestError) as info:
        await openapi.create_pairing_token(uid=scene.account.uid, time_zone_id="UTC")
    assert info.value.code == 1100


async def test_explicit_token_calls(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, refreshed: list[TokenInfo]
) -> None:
    first = await openapi.refresh_token()  # no token yet: fetches one
    second = await openapi.refresh_token()
    third = await openapi.get_token()
    assert refreshed == [first, second, third]
    assert [r for r, _ in routes(cloud)] == [
        "/v1.0/token",
        "/v1.0/token/{refresh_token}",
        "/v1.0/token",
    ]


async def test_ids_are_checked_before_sending(
    cloud: FakeTuyaCloud, openapi: OpenApiClient
) -> None:
    for bad in ("", "a/b", "../token", "a?b=c"):
        with pytest.raises(ValueError, match="alphanumeric"):
            await openapi.get_device(bad)
    assert cloud.state.requests == []


@pytest.mark.parametrize(
    ("inject", "expected"),
    [
        (lambda f: f.server_error(500, api="openapi"), (CloudServerError, None)),
        (lambda f: f.server_error(503, api="openapi"), (CloudServerError, None)),
        (lambda f: f.tuya_error(500, api="openapi"), (CloudServerError, 500)),
        (lambda f: f.rate_limit(api="openapi"), (RateLimitedError, 1110)),
        (lambda f: f.rate_limit(status=429, api="openapi"), (RateLimitedError, None)),
        (lambda f: f.disconnect(api="openapi", count=2), (CloudConnectionError, None)),
        (lambda f: f.tuya_error(2001, api="openapi"), (DeviceOfflineError, 2001)),
    ],
    ids=[
        "http500",
        "http503",
        "tuya500",
        "rate1110",
        "http429",
        "disconnect",
        "offline",
    ],
)
async def test_failure_kinds(
    cloud: FakeTuyaCloud,
    openapi: OpenApiClient,
    scene: Scene,
    inject: Callable[[FaultInjector], object],
    expected: tuple[type[Exception], int | None],
) -> None:
    error, code = expected
    await openapi.get_token()
    inject(cloud.faults)
    with pytest.raises(error) as info:
        await openapi.get_device(scene.light.device_id)
    assert getattr(info.value, "code", None) == code
    cloud.faults.clear()
    assert (await openapi.get_device(scene.light.device_id)).local_key


async def test_timeout_and_clock_skew(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene, clock: ManualClock
) -> None:
    def client(**options: Any) -> OpenApiClient:
        return OpenApiClient(
            http,
            base_url=cloud.openapi_url,
            client_id=scene.project.client_id,
            client_secret=scene.project.client_secret,
            **options,
        )

    cloud.faults.hang(api="openapi")
    with pytest.raises(CloudTimeoutError):
        await client(now_ms=clock.now_ms, request_timeout=0.05).get_token()
    assert cloud.issued_tokens == []
    late = client(now_ms=lambda: clock.now_ms() - 16 * 60 * 1000)
    with pytest.raises(ClockSkewError) as info:
        await late.get_token()
    assert info.value.code == 1013
    # Within the tolerated skew the cloud answers.
    await client(now_ms=lambda: clock.now_ms() + 60_000).get_token()

"""QR login against the fake cloud: pending → confirmed → consumed / expired."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    CloudAuthError,
    PermissionDeniedError,
    QrLoginExpiredError,
    SharingLoginClient,
)
from simulator.cloud import FakeTuyaCloud, ManualClock

from .conftest import Scene


@pytest.fixture
def login_client(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, clock: ManualClock
) -> SharingLoginClient:
    return SharingLoginClient(http, base_url=cloud.sharing_url, now_ms=clock.now_ms)


async def test_qr_login_journey(
    cloud: FakeTuyaCloud,
    login_client: SharingLoginClient,
    scene: Scene,
    clock: ManualClock,
) -> None:
    qr = await login_client.request_qr_code(scene.account.user_code)
    assert qr.qr_text == "tuyaSmart--qrLogin?token=" + qr.token
    assert await login_client.poll_login(qr) is None  # not scanned yet
    clock.advance(30)
    assert await login_client.poll_login(qr) is None
    cloud.confirm_qr_login()  # the newest QR code
    result = await login_client.poll_login(qr)
    assert result is not None
    issued = cloud.issued_tokens[-1]
    assert issued.api == "sharing"
    assert result.token.access_token == issued.access_token
    assert result.token.refresh_token == issued.refresh_token
    assert result.token.uid == scene.account.uid
    assert result.token.t == clock.now_ms()
    assert result.token.expire_time == 7200
    assert result.endpoint == cloud.sharing_url
    assert result.username == "alice@example.com"
    assert result.user_code == scene.account.user_code
    assert len(result.terminal_id) == 20
    # A login result is handed out once.
    with pytest.raises(QrLoginExpiredError):
        await login_client.poll_login(qr)


async def test_qr_code_expires(
    cloud: FakeTuyaCloud,
    login_client: SharingLoginClient,
    scene: Scene,
    clock: ManualClock,
) -> None:
    qr = await login_client.request_qr_code(scene.account.user_code)
    clock.advance(121)
    cloud.confirm_qr_login(qr.token)  # too late
    with pytest.raises(QrLoginExpiredError) as info:
        await login_client.poll_login(qr)
    assert "request a new one" in str(info.value)
    # A new code works.
    fresh = await login_client.request_qr_code(scene.account.user_code)
    cloud.confirm_qr_login(fresh.token)
    assert await login_client.poll_login(fresh) is not None


async def test_unknown_user_code_refused(
    login_client: SharingLoginClient, scene: Scene
) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        await login_client.request_qr_code("nobody")
    assert info.value.code == 1106


async def test_wrong_client_id_refused(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene
) -> None:
    client = SharingLoginClient(http, base_url=cloud.sharing_url, client_id="other")
    with pytest.raises(CloudAuthError) as info:
        await client.request_qr_code(scene.account.user_code)
    assert info.value.code == 1005


async def test_poll_with_another_user_code_refused(
    login_client: SharingLoginClient, scene: Scene
) -> None:
    qr = await login_client.request_qr_code(scene.account.user_code)
    forged = type(qr)(token=qr.token, user_code="someone-else")
    with pytest.raises(PermissionDeniedError):
        await login_client.poll_login(forged)


async def test_login_server_error(
    cloud: FakeTuyaCloud, login_client: SharingLoginClient, scene: Scene
) -> None:
    cloud.faults.server_error(503, api="sharing")
    with pytest.raises(Exception, match="HTTP 503") as info:
        await login_client.request_qr_code(scene.account.user_code)
    assert type(info.value).__name__ == "CloudServerError"

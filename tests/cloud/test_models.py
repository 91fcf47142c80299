"""Models, error table, parsing helpers and transport edge cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
import socket

import aiohttp
from aiohttp import web
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    CLOUD_ERROR_CODES,
    ActivatedDevice,
    BleAuthKey,
    ClockSkewError,
    CloudAuthError,
    CloudConnectionError,
    CloudDevice,
    CloudRequestError,
    CloudResponseError,
    CloudServerError,
    FirmwareInfo,
    InvalidSignError,
    LoginResult,
    NotFoundError,
    OpenApiClient,
    PairingToken,
    PermissionDeniedError,
    QrCode,
    RateLimitedError,
    TokenExpiredError,
    TokenInfo,
    TokenInvalidError,
    UpgradeStatus,
    codes,
    error_for_code,
    parse,
)
from custom_components.tuya_bluetooth.tuya.cloud.http import send
from custom_components.tuya_bluetooth.tuya.cloud.sharing_crypto import (
    decrypt_result,
    encrypt,
)

SECRET = "S3cr3tValue-xyz"
TOKEN = TokenInfo(
    access_token="AT-" + SECRET,
    refresh_token="RT-" + SECRET,
    uid="u1",
    expire_time=7200,
    t=1000,
)


@pytest.mark.parametrize(
    "model",
    [
        TOKEN,
        QrCode(token=SECRET, user_code="abc"),
        LoginResult(
            user_code="abc", terminal_id="t", endpoint="e", username="n", token=TOKEN
        ),
        CloudDevice(
            device_id="d",
            uuid="u",
            name="n",
            category="c",
            product_id="p",
            local_key=SECRET,
            sec_key=SECRET,
            beacon_key=SECRET,
            unlock_check=SECRET,
        ),
        BleAuthKey(uuid="u", auth_key=SECRET, random=SECRET),
        ActivatedDevice(device_id="d", uuid="u", local_key=SECRET, sec_key=SECRET),
        PairingToken(token=SECRET, region="EU", secret=SECRET),
        FirmwareInfo(
            channel=0,
            channel_name="",
            current_version="1",
            version="2",
            upgrade_type=0,
            upgrade_status=0,
            url="https://x/" + SECRET,
            sign=SECRET,
        ),
    ],
    ids=lambda m: type(m).__name__,
)
def test_reprs_hide_secrets(model: object) -> None:
    assert SECRET not in repr(model)
    assert SECRET not in str(model)


def test_client_repr_hides_credentials() -> None:
    client = OpenApiClient(
        None,  # type: ignore[arg-type]
        base_url="http://x",
        client_id="cid",
        client_secret=SECRET,
        token=TOKEN,
    )
    assert SECRET not in repr(client)
    assert "cid" in repr(client)


def test_token_info_round_trip_and_expiry() -> None:
    stored = json.loads(json.dumps(TOKEN.to_dict()))
    assert set(stored) == {"t", "uid", "expire_time", "access_token", "refresh_token"}
    assert TokenInfo.from_dict(stored) == TOKEN
    assert TOKEN.expires_at_ms == 1000 + 7_200_000
    assert not TOKEN.expires_within(7_200_000 + 1000 - 60_001, 60_000)
    assert TOKEN.expires_within(7_200_000 + 1000 - 60_000, 60_000)
    with pytest.raises(CloudResponseError, match="refresh_token"):
        TokenInfo.from_dict({**stored, "refresh_token": ""})
    with pytest.raises(CloudResponseError, match="expire_time"):
        TokenInfo.from_dict({**stored, "expire_time": "7200"})


def test_login_result_round_trip() -> None:
    login = LoginResult(
        user_code="abc", terminal_id="t", endpoint="e", username="n", token=TOKEN
    )
    assert LoginResult.from_dict(json.loads(json.dumps(login.to_dict()))) == login
    with pytest.raises(CloudResponseError):
        LoginResult.from_dict({"user_code": "abc"})


def test_cloud_device_round_trip() -> None:
    device = CloudDevice(
        device_id="d",
        uuid="u",
        name="n",
        category="c",
        product_id="p",
        local_key="k",
        beacon_key="b",
        unlock_check="AAH//w==",
        mac="AA:BB:CC:DD:EE:FF",
        online=False,
        home_id="h",
    )
    assert CloudDevice.from_dict(json.loads(json.dumps(device.to_dict()))) == device


def test_error_table() -> None:
    expected = {
        500: CloudServerError,
        1000: NotFoundError,
        1004: InvalidSignError,
        1010: TokenExpiredError,
        1011: TokenInvalidError,
        1013: ClockSkewError,
        1106: PermissionDeniedError,
        1110: RateLimitedError,
        2008: CloudRequestError,
    }
    for code, cls in expected.items():
        error = error_for_code(code, operation="list homes")
        assert type(error) is cls
        assert error.code == code
        assert str(error) == (
            f"list homes: {CLOUD_ERROR_CODES[code].description} (Tuya code {code})"
        )
    for code, info in CLOUD_ERROR_CODES.items():
        assert isinstance(error_for_code(code), info.error)
    assert issubclass(TokenExpiredError, CloudAuthError)
    assert issubclass(InvalidSignError, CloudAuthError)
    assert not issubclass(PermissionDeniedError, CloudAuthError)
    assert {1010, 1011} == codes.REFRESH_AND_RETRY


def test_unknown_and_odd_codes() -> None:
    assert error_for_code("1106").code == 1106  # digit strings accepted
    unknown = error_for_code(987654)
    assert type(unknown) is CloudRequestError
    assert unknown.code == 987654
    assert "refused" in str(unknown)
    for odd in (None, True, "ERR", 1.5):
        error = error_for_code(odd)
        assert error.code is None
        assert type(error) is CloudRequestError


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (429, RateLimitedError),
        (404, NotFoundError),
        (401, CloudAuthError),
        (403, CloudAuthError),
        (500, CloudServerError),
        (504, CloudServerError),
        (418, CloudConnectionError),
    ],
)
def test_http_statuses(status: int, error: type[Exception]) -> None:
    assert type(codes.error_for_status(status, operation="x")) is error


def test_parse_helpers() -> None:
    assert parse.normalise_mac("dc234d0a1b2c") == "DC:23:4D:0A:1B:2C"
    assert parse.normalise_mac("DC-23-4D-0A-1B-2C") == "DC:23:4D:0A:1B:2C"
    assert parse.normalise_mac("not a mac") is None
    device = parse.device(
        {"devId": 5, "productId": "p", "localKey": "k", "isOnline": False, "mac": "x"}
    )
    assert (device.device_id, device.product_id, device.local_key, device.online) == (
        "5",
        "p",
        "k",
        False,
    )
    assert device.mac is None
    with pytest.raises(CloudResponseError, match="'id'"):
        parse.device({"name": "no id"})
    firmware = parse.firmware({"type": "9", "upgrade_status": 5, "file_size": "12"})
    assert (firmware.channel, firmware.upgrade_status, firmware.file_size) == (9, 5, 12)
    assert (
        parse.firmware({"upgrade_status": 2}).upgrade_status is UpgradeStatus.UPGRADING
    )
    with pytest.raises(CloudResponseError):
        parse.as_list([1], "x")


def test_sharing_crypto_errors() -> None:
    with pytest.raises(ValueError, match="12"):
        encrypt("{}", "0123456789abcdef", "short")
    with pytest.raises(CloudResponseError):
        decrypt_result("not base64!", "0123456789abcdef")
    sealed = encrypt("{}", "0123456789abcdef", "ABCDEFGHJKMN")
    with pytest.raises(CloudResponseError):
        decrypt_result(sealed, "fedcba9876543210")


@pytest.fixture
async def odd_server(socket_enabled: None) -> AsyncIterator[str]:
    """Answers that are not Tuya envelopes."""

    async def html(_: web.Request) -> web.Response:
        return web.Response(text="<html>maintenance</html>")

    async def not_found(_: web.Request) -> web.Response:
        return web.Response(status=404, text="nothing")

    async def tuya_404(_: web.Request) -> web.Response:
        return web.json_response({"success": False, "code": 1108}, status=404)

    app = web.Application()
    app.router.add_get("/html", html)
    app.router.add_get("/missing", not_found)
    app.router.add_get("/tuya404", tuya_404)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    await runner.cleanup()


async def test_transport_answers_that_are_not_envelopes(odd_server: str) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(CloudResponseError, match="not a Tuya envelope"):
            await send(
                session, "GET", odd_server + "/html", operation="x", request_timeout=2
            )
        with pytest.raises(NotFoundError, match="HTTP 404"):
            await send(
                session,
                "GET",
                odd_server + "/missing",
                operation="x",
                request_timeout=2,
            )
        envelope = await send(
            session, "GET", odd_server + "/tuya404", operation="x", request_timeout=2
        )
        assert envelope["code"] == 1108  # a Tuya body wins over the status
        with pytest.raises(CloudConnectionError, match="ClientConnectorError"):
            await send(
                session, "GET", "http://127.0.0.1:9/x", operation="x", request_timeout=2
            )

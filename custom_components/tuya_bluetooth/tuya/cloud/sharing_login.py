"""QR login for the device-sharing API (docs/cloud.md §2.1, steps 1-4).

Flow: `request_qr_code(user_code)` → show `QrCode.qr_text` → the user scans it
with the Smart Life app and confirms → `poll_login(qr)` returns the
`LoginResult` (None while unconfirmed; QrLoginExpiredError once the code
expired: request a new one). These two calls are not encrypted.

How the cloud reports "not confirmed yet" is not documented (uncertain): we take
"data does not exist" (1000) as pending and "token expired" (1010) as expired.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import aiohttp

from .codes import DATA_NOT_EXIST, TOKEN_EXPIRED
from .errors import QrLoginExpiredError
from .http import (
    DEFAULT_TIMEOUT,
    NowMs,
    check,
    envelope_time,
    failure_code,
    send,
    wall_clock_ms,
)
from .parse import as_object, required, text, token_info
from .tokens import LoginResult, QrCode

_LOGGER = logging.getLogger(__name__)

DEFAULT_LOGIN_URL = "https://apigw.iotbing.com"
# The client id and schema Home Assistant's Tuya integration uses (docs/cloud.md §2.1).
HA_CLIENT_ID = "HA_3y9q4ak7g4ephrvke"
HA_SCHEMA = "haauthorize"
_QR_PATH = "/v1.0/m/life/home-assistant/qrcode/tokens"


class SharingLoginClient:
    """Obtain a device-sharing login by QR code."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str = DEFAULT_LOGIN_URL,
        client_id: str = HA_CLIENT_ID,
        schema: str = HA_SCHEMA,
        now_ms: NowMs = wall_clock_ms,
        request_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Create a login client; `base_url` points at the login host."""
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._client_id = client_id
        self._schema = schema
        self._now_ms = now_ms
        self._timeout = request_timeout

    async def request_qr_code(self, user_code: str) -> QrCode:
        """Ask for a QR login token for this User Code."""
        operation = "request QR code"
        envelope = await send(
            self._session,
            "POST",
            self._base_url + _QR_PATH,
            operation=operation,
            request_timeout=self._timeout,
            params={
                "clientid": self._client_id,
                "usercode": user_code,
                "schema": self._schema,
            },
        )
        check(envelope, operation)
        result = as_object(envelope.get("result"), operation)
        _LOGGER.debug("QR login code issued")
        return QrCode(token=required(result, "qrcode"), user_code=user_code)

    async def poll_login(self, qr: QrCode) -> LoginResult | None:
        """The login result once the user confirmed; None while pending."""
        operation = "poll QR login"
        envelope = await send(
            self._session,
            "GET",
            f"{self._base_url}{_QR_PATH}/{quote(qr.token, safe='')}",
            operation=operation,
            request_timeout=self._timeout,
            params={"clientid": self._client_id, "usercode": qr.user_code},
        )
        code = failure_code(envelope)
        if code == DATA_NOT_EXIST:
            return None
        if code == TOKEN_EXPIRED:
            raise QrLoginExpiredError(
                "The QR code expired; request a new one", operation=operation
            )
        check(envelope, operation)
        result = as_object(envelope.get("result"), operation)
        login = LoginResult(
            user_code=qr.user_code,
            terminal_id=required(result, "terminal_id"),
            endpoint=required(result, "endpoint"),
            username=text(result, "username"),
            token=token_info(result, envelope_time(envelope, self._now_ms())),
        )
        _LOGGER.debug("QR login confirmed")
        return login

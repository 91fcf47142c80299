"""Signed transport and token handling of the Tuya IoT OpenAPI.

Token calls (get, refresh, legacy app login) are signed without an access
token; business calls with it. Tokens are fetched on first use, refreshed when
they expire within 60 s, and a business call the cloud answers with "token
expired/invalid" (1010/1011) is retried exactly once after a refresh. When the
refresh token itself is refused, a new project token is requested (the project
credentials are at hand). Every new token is handed to `on_token_refresh`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
import logging
from typing import Any
import uuid as uuid_lib

import aiohttp

from . import parse
from .errors import CloudAuthError
from .http import (
    DEFAULT_TIMEOUT,
    Envelope,
    NowMs,
    Sleep,
    TokenCallback,
    check,
    compact_json,
    envelope_time,
    path_part,
    send,
    send_with_fresh_token,
    wall_clock_ms,
)
from .openapi_sign import sign, string_to_sign
from .tokens import TokenInfo

_LOGGER = logging.getLogger(__name__)

TOKEN_PATH = "/v1.0/token"  # noqa: S105 - a URL path, not a secret


class OpenApiSession:
    """Signed requests with automatic token management."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        token: TokenInfo | None = None,
        on_token_refresh: TokenCallback | None = None,
        lang: str = "en",
        signature_headers: Mapping[str, str] | None = None,
        now_ms: NowMs = wall_clock_ms,
        make_nonce: Callable[[], str] = lambda: uuid_lib.uuid4().hex,
        request_timeout: float = DEFAULT_TIMEOUT,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """Create a client for one developer project at `base_url`.

        `signature_headers` are extra headers sent and signed (Signature-Headers);
        `now_ms`, `make_nonce` and `sleep` are injectable for tests.
        """
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._client_id = client_id
        self._secret = client_secret
        self._token = token
        self._on_token_refresh = on_token_refresh
        self._lang = lang
        self._signature_headers = dict(signature_headers or {})
        self._now_ms = now_ms
        self._make_nonce = make_nonce
        self._timeout = request_timeout
        self._sleep = sleep
        self._token_lock = asyncio.Lock()

    def __repr__(self) -> str:
        """Name the project, never the secret or token."""
        return f"{type(self).__name__}(base_url={self._base_url!r}, client_id={self._client_id!r})"

    @property
    def token(self) -> TokenInfo | None:
        """The current token, if one was obtained or given."""
        return self._token

    # ---- tokens ------------------------------------------------------------------

    async def get_token(self) -> TokenInfo:
        """Request a new project token (grant_type=1)."""
        async with self._token_lock:
            return await self._fetch_token()

    async def refresh_token(self) -> TokenInfo:
        """Refresh the current token now (normally done automatically)."""
        await self._renew(self._token)
        assert self._token is not None
        return self._token

    async def _fetch_token(self) -> TokenInfo:
        operation = "get token"
        envelope = await self._call(
            "GET", TOKEN_PATH, operation, query={"grant_type": "1"}, token_call=True
        )
        return self._accept_token(envelope, operation)

    async def _renew(self, stale: TokenInfo | None) -> None:
        async with self._token_lock:
            if self._token is not stale:
                return  # another request renewed it meanwhile
            if stale is None:
                await self._fetch_token()
                return
            operation = "refresh token"
            envelope = await self._call(
                "GET",
                f"{TOKEN_PATH}/{path_part(stale.refresh_token)}",
                operation,
                token_call=True,
            )
            try:
                self._accept_token(envelope, operation)
            except CloudAuthError:
                _LOGGER.debug("Refresh token refused; requesting a new project token")
                await self._fetch_token()

    def _accept_token(self, envelope: Envelope, operation: str) -> TokenInfo:
        check(envelope, operation)
        result = parse.as_object(envelope.get("result"), operation)
        self._token = parse.token_info(result, envelope_time(envelope, self._now_ms()))
        _LOGGER.debug("OpenAPI token obtained (%s)", operation)
        if self._on_token_refresh is not None:
            self._on_token_refresh(self._token)
        return self._token

    async def _login(self, body: Mapping[str, Any]) -> TokenInfo:
        """Legacy app-account login: its token replaces the project token."""
        operation = "app account login"
        async with self._token_lock:
            envelope = await self._call(
                "POST",
                "/v1.0/iot-01/associated-users/actions/authorized-login",
                operation,
                body=body,
                token_call=True,
            )
            return self._accept_token(envelope, operation)

    # ---- requests ----------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """A business call; returns the envelope's `result`."""
        envelope = await send_with_fresh_token(
            operation,
            current=lambda: self._token,
            now_ms=self._now_ms(),
            renew=self._renew,
            send_once=lambda: self._call(
                method, path, operation, query=query, body=body
            ),
            envelope_of=lambda envelope: envelope,
        )
        check(envelope, operation)
        return envelope.get("result")

    async def _call(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        token_call: bool = False,
    ) -> Envelope:
        data = compact_json(body).encode() if body is not None else b""
        t = str(self._now_ms())
        nonce = self._make_nonce()
        access_token = (
            "" if token_call or self._token is None else self._token.access_token
        )
        to_sign = string_to_sign(
            method,
            path,
            query=query,
            body=data,
            signed_headers=self._signature_headers,
        )
        headers = {
            "client_id": self._client_id,
            "sign_method": "HMAC-SHA256",
            "t": t,
            "nonce": nonce,
            "lang": self._lang,
            "sign": sign(
                client_id=self._client_id,
                secret=self._secret,
                t=t,
                nonce=nonce,
                to_sign=to_sign,
                access_token=access_token,
            ),
            **self._signature_headers,
        }
        if self._signature_headers:
            headers["Signature-Headers"] = ":".join(self._signature_headers)
        if access_token:
            headers["access_token"] = access_token
        if body is not None:
            headers["Content-Type"] = "application/json"
        _LOGGER.debug("OpenAPI: %s", operation)
        return await send(
            self._session,
            method,
            self._base_url + path,
            operation=operation,
            request_timeout=self._timeout,
            headers=headers,
            params=query,
            data=data if body is not None else None,
        )

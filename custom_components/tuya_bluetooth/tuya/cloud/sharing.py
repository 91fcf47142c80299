"""Device-sharing API client after a QR login (docs/cloud.md §2).

Every request is protected (rid, hash_key, secret, AES-GCM encdata, X-sign) and
every answer's `result` is decrypted with the request's secret. The access token
is refreshed when it expires within 60 s, and once more (with one retry) when the
cloud says it expired or is invalid; every new token goes to `on_token_refresh`
so the caller can persist it. Nothing decrypted is ever logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
import json
import logging
from typing import Any
import uuid as uuid_lib

import aiohttp

from . import parse
from .dp_model import DeviceDpModel
from .dp_parse import dp_model_from_specifications
from .errors import CloudResponseError
from .http import (
    DEFAULT_TIMEOUT,
    Envelope,
    NowMs,
    TokenCallback,
    check,
    compact_json,
    envelope_time,
    path_part,
    send,
    send_with_fresh_token,
    wall_clock_ms,
)
from .models import CloudDevice, Home
from .sharing_crypto import (
    decrypt_result,
    encrypt,
    hash_key,
    random_nonce,
    request_secret,
    x_sign,
)
from .sharing_login import HA_CLIENT_ID
from .specs import DpMapping, Specifications, parse_specifications, parse_status_mapping
from .tokens import LoginResult, TokenInfo

_LOGGER = logging.getLogger(__name__)


class SharingClient:
    """Homes, devices and DP models of a Smart Life account (QR login)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        endpoint: str,
        token: TokenInfo,
        terminal_id: str = "",
        user_code: str = "",
        client_id: str = HA_CLIENT_ID,
        on_token_refresh: TokenCallback | None = None,
        now_ms: NowMs = wall_clock_ms,
        make_rid: Callable[[], str] = lambda: str(uuid_lib.uuid4()),
        make_nonce: Callable[[], str] = random_nonce,
        request_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Create a client for the login's `endpoint` with its token."""
        self._session = session
        self._endpoint = endpoint.rstrip("/")
        self._token = token
        self.terminal_id = terminal_id
        self.user_code = user_code
        self._client_id = client_id
        self._on_token_refresh = on_token_refresh
        self._now_ms = now_ms
        self._make_rid = make_rid
        self._make_nonce = make_nonce
        self._timeout = request_timeout
        self._refresh_lock = asyncio.Lock()

    @classmethod
    def from_login(
        cls, session: aiohttp.ClientSession, login: LoginResult, **kwargs: Any
    ) -> SharingClient:
        """A client for a confirmed (or stored) QR login."""
        return cls(
            session,
            endpoint=login.endpoint,
            token=login.token,
            terminal_id=login.terminal_id,
            user_code=login.user_code,
            **kwargs,
        )

    @property
    def token(self) -> TokenInfo:
        """The current token (persist it when `on_token_refresh` fires)."""
        return self._token

    # ---- API ---------------------------------------------------------------------

    async def get_homes(self) -> list[Home]:
        """The account's homes."""
        result = await self._request("GET", "/v1.0/m/life/users/homes", "list homes")
        return [parse.home(h) for h in parse.as_list(result, "list homes")]

    async def get_devices(self, home_id: str) -> list[CloudDevice]:
        """The devices of one home."""
        operation = "list devices"
        result = await self._request(
            "GET",
            "/v1.0/m/life/ha/home/devices",
            operation,
            params={"homeId": home_id},
        )
        return [parse.device(d, home_id) for d in parse.as_list(result, operation)]

    async def get_device_details(self, device_ids: Sequence[str]) -> list[CloudDevice]:
        """Details of the given devices."""
        operation = "device details"
        result = await self._request(
            "GET",
            "/v1.0/m/life/ha/devices/detail",
            operation,
            params={"devIds": ",".join(device_ids)},
        )
        return [parse.device(d) for d in parse.as_list(result, operation)]

    async def get_specifications(self, device_id: str) -> Specifications:
        """Functions and status of a device, by DP code."""
        result = await self._request(
            "GET",
            f"/v1.1/m/life/{path_part(device_id)}/specifications",
            "device specifications",
        )
        return parse_specifications(result)

    async def get_status_mapping(self, device_id: str) -> tuple[DpMapping, ...]:
        """DP id ↔ code mapping of a device."""
        result = await self._request(
            "GET",
            f"/v1.0/m/life/devices/{path_part(device_id)}/status",
            "DP status mapping",
        )
        return parse_status_mapping(result)

    async def get_dp_model(self, device_id: str) -> DeviceDpModel:
        """The normalised DP model from specifications + status mapping."""
        specs = await self.get_specifications(device_id)
        mapping = await self.get_status_mapping(device_id)
        return dp_model_from_specifications(specs, mapping)

    async def refresh_token(self) -> TokenInfo:
        """Refresh the token now (normally done automatically)."""
        await self._refresh(self._token)
        return self._token

    # ---- transport ---------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        envelope, secret = await send_with_fresh_token(
            operation,
            current=lambda: self._token,
            now_ms=self._now_ms(),
            renew=self._refresh,
            send_once=lambda: self._send(method, path, operation, params, body),
            envelope_of=lambda answer: answer[0],
        )
        check(envelope, operation)
        return self._decrypt(envelope, secret, operation)

    async def _refresh(self, stale: TokenInfo | None) -> None:
        async with self._refresh_lock:
            if self._token is not stale:
                return  # another request refreshed it meanwhile
            operation = "refresh token"
            path = "/v1.0/m/token/" + path_part(stale.refresh_token)
            envelope, secret = await self._send("GET", path, operation, None, None)
            check(envelope, operation)
            result = parse.as_object(
                self._decrypt(envelope, secret, operation), operation
            )
            self._token = parse.token_info(
                result, envelope_time(envelope, self._now_ms())
            )
            _LOGGER.debug("Sharing token refreshed")
            if self._on_token_refresh is not None:
                self._on_token_refresh(self._token)

    async def _send(
        self,
        method: str,
        path: str,
        operation: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
    ) -> tuple[Envelope, str]:
        token = self._token
        rid = self._make_rid()
        key = hash_key(rid, token.refresh_token)
        secret = request_secret(rid, key)
        query_enc = (
            encrypt(compact_json(params), secret, self._make_nonce()) if params else ""
        )
        body_enc = (
            encrypt(compact_json(body), secret, self._make_nonce()) if body else ""
        )
        headers = [
            ("X-appKey", self._client_id),
            ("X-requestId", rid),
            ("X-time", str(self._now_ms())),
            ("X-token", token.access_token),
        ]
        headers.append(("X-sign", x_sign(key, headers, query_enc, body_enc)))
        header_map = dict(headers)
        data = None
        if body_enc:
            data = json.dumps({"encdata": body_enc}).encode()
            header_map["Content-Type"] = "application/json"
        _LOGGER.debug("Sharing API: %s", operation)
        envelope = await send(
            self._session,
            method,
            self._endpoint + path,
            operation=operation,
            request_timeout=self._timeout,
            headers=header_map,
            params={"encdata": query_enc} if query_enc else None,
            data=data,
        )
        return envelope, secret

    @staticmethod
    def _decrypt(envelope: Envelope, secret: str, operation: str) -> Any:
        result = envelope.get("result")
        if result is None:
            return None
        if not isinstance(result, str):
            raise CloudResponseError("The answer is not encrypted", operation=operation)
        plain = decrypt_result(result, secret)
        try:
            return json.loads(plain)
        except ValueError, RecursionError:
            return plain

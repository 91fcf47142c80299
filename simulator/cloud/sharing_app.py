"""The fake device-sharing (QR login) API.

The two QR-login calls are plain. Every other call must carry a known X-appKey
(1005), a current X-time (1013), a live X-token (1011 unknown or revoked, 1010
expired, except on the refresh call) and a valid X-sign (1004); its query and
body `encdata` are decrypted with the request secret and its `result` is
encrypted with it. QR codes go pending → confirmed (test hook) → consumed, and
expire after `qr_lifetime_s`. Login states are reported with codes of our
choice (the real ones are undocumented): pending 1000, expired 1010.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import json
from typing import Any

from aiohttp import web

from . import catalog
from .faults import FaultInjector
from .state import CloudState, DeviceRecord, IssuedToken, QrSession, RequestRecord
from .verify import (
    RequestRejected,
    check_sharing_signature,
    check_time,
    decrypt_encdata,
    encrypt_result,
    sharing_keys,
)

QR_PATH = "/v1.0/m/life/home-assistant/qrcode/tokens"
HA_CLIENT_ID = "HA_3y9q4ak7g4ephrvke"
ECHO_PATH = "/_fake/echo"


@dataclass(slots=True)
class SharingCall:
    """A checked, decrypted sharing request."""

    request: web.Request
    token: IssuedToken
    params: dict[str, Any]
    body: dict[str, Any]


type SharingRoute = Callable[[SharingCall], Awaitable[Any]]


class SharingService:
    """Routes of the sharing API, bound to the cloud's state."""

    def __init__(
        self,
        state: CloudState,
        faults: FaultInjector,
        endpoint: Callable[[], str],
        *,
        client_id: str = HA_CLIENT_ID,
        max_skew_ms: int,
        qr_lifetime_s: int = 120,
    ) -> None:
        """Serve `state`; `endpoint` is the URL a login result points at."""
        self.state = state
        self.faults = faults
        self.endpoint = endpoint
        self.client_id = client_id
        self.max_skew_ms = max_skew_ms
        self.qr_lifetime_s = qr_lifetime_s

    def build_app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(
            middlewares=[self.faults.middleware("sharing", self.state.now_ms)]
        )
        app.router.add_post(QR_PATH, self._plain(self._qr_code))
        app.router.add_get(QR_PATH + "/{token}", self._plain(self._login_result))
        routes: list[tuple[str, SharingRoute]] = [
            ("/v1.0/m/token/{refresh_token}", self._refresh),
            ("/v1.0/m/life/users/homes", self._homes),
            ("/v1.0/m/life/ha/home/devices", self._home_devices),
            ("/v1.0/m/life/ha/devices/detail", self._details),
            ("/v1.1/m/life/{device_id}/specifications", self._specs),
            ("/v1.0/m/life/devices/{device_id}/status", self._mapping),
        ]
        for path, route in routes:
            app.router.add_get(path, self._protected(route))
        # Not a Tuya route: echoes the decrypted query and body, so tests can
        # check encrypted POST bodies end to end (no sharing route we use posts).
        app.router.add_post(ECHO_PATH, self._protected(self._echo))
        return app

    # ---- QR login (plain) --------------------------------------------------------

    def _plain(
        self, route: Callable[[web.Request], Awaitable[Any]]
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            now = self.state.now_ms()
            name = request.match_info.route.resource.canonical  # type: ignore[union-attr]
            try:
                if request.query.get("clientid") != self.client_id:
                    raise RequestRejected(1005, "clientId invalid")
                result = await route(request)
            except RequestRejected as rejected:
                self._record(request, name, rejected.code)
                return self._failure(rejected, now)
            self._record(request, name, None)
            return web.json_response({"success": True, "result": result, "t": now})

        return handler

    async def _qr_code(self, request: web.Request) -> Any:
        user_code = request.query.get("usercode", "")
        if not request.query.get("schema"):
            raise RequestRejected(1100, "param is empty: schema")
        if not any(a.user_code == user_code for a in self.state.accounts.values()):
            raise RequestRejected(1106, "permission deny")
        session = QrSession(
            token=self.state.random_text(24),
            user_code=user_code,
            expires_ms=self.state.now_ms() + self.qr_lifetime_s * 1000,
        )
        self.state.qr_sessions[session.token] = session
        return {"qrcode": session.token}

    async def _login_result(self, request: web.Request) -> Any:
        session = self.state.qr_sessions.get(request.match_info["token"])
        if session is None:
            raise RequestRejected(1011, "token invalid")
        if request.query.get("usercode") != session.user_code:
            raise RequestRejected(1106, "permission deny")
        if session.consumed or session.expires_ms <= self.state.now_ms():
            raise RequestRejected(1010, "QR code expired")
        if session.confirmed_uid is None:
            raise RequestRejected(1000, "login not confirmed yet")
        session.consumed = True
        account = self.state.accounts[session.confirmed_uid]
        token = self.state.issue_token("sharing", account.uid, self.client_id)
        return {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expire_time": self.state.token_lifetime_s,
            "uid": account.uid,
            "terminal_id": self.state.random_text(20),
            "endpoint": self.endpoint(),
            "username": account.username,
        }

    # ---- protected calls ---------------------------------------------------------

    def _protected(
        self, route: SharingRoute
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            now = self.state.now_ms()
            name = request.match_info.route.resource.canonical  # type: ignore[union-attr]
            try:
                call, secret = await self._open(
                    request, refresh="refresh_token" in name
                )
                result = await route(call)
            except RequestRejected as rejected:
                self._record(request, name, rejected.code)
                return self._failure(rejected, now)
            self._record(request, name, None)
            return web.json_response(
                {"success": True, "result": encrypt_result(result, secret), "t": now}
            )

        return handler

    async def _open(
        self, request: web.Request, *, refresh: bool
    ) -> tuple[SharingCall, str]:
        headers = request.headers
        if headers.get("X-appKey") != self.client_id:
            raise RequestRejected(1005, "clientId invalid")
        check_time(headers.get("X-time"), self.state.now_ms(), self.max_skew_ms)
        token = self.state.find_access("sharing", headers.get("X-token", ""))
        if token is None or token.revoked:
            raise RequestRejected(1011, "token invalid")
        if token.expires_ms <= self.state.now_ms() and not refresh:
            raise RequestRejected(1010, "token is expired")
        rid = headers.get("X-requestId", "")
        if not rid:
            raise RequestRejected(1105, "missing the header")
        hash_key, secret = sharing_keys(rid, token.refresh_token)
        query_enc = request.query.get("encdata", "")
        raw_body = await request.read()
        body_enc = ""
        if raw_body:
            try:
                body_enc = str(json.loads(raw_body).get("encdata", ""))
            except ValueError, AttributeError:
                raise RequestRejected(1109, "body is not JSON") from None
        check_sharing_signature(request, hash_key, query_enc, body_enc)
        params = decrypt_encdata(query_enc, secret) if query_enc else {}
        body = decrypt_encdata(body_enc, secret) if body_enc else {}
        return SharingCall(request, token, params, body), secret

    async def _refresh(self, call: SharingCall) -> Any:
        if call.request.match_info["refresh_token"] != call.token.refresh_token:
            raise RequestRejected(1011, "token invalid")
        new = self.state.refresh(call.token)
        return {
            "accessToken": new.access_token,
            "refreshToken": new.refresh_token,
            "expireTime": self.state.token_lifetime_s,
            "uid": new.uid,
        }

    async def _echo(self, call: SharingCall) -> Any:
        return {"params": call.params, "body": call.body}

    async def _homes(self, call: SharingCall) -> Any:
        account = self.state.accounts[call.token.uid]
        return [{"ownerId": h.home_id, "name": h.name} for h in account.homes]

    async def _home_devices(self, call: SharingCall) -> Any:
        home = self.state.home(str(call.params.get("homeId", "")))
        if home is None or home.owner_uid != call.token.uid:
            raise RequestRejected(1106, "permission deny")
        devices = [
            d
            for d in self.state.devices_of(call.token.uid)
            if d.home_id == home.home_id
        ]
        return [self._device_json(d) for d in devices]

    async def _details(self, call: SharingCall) -> Any:
        ids = [i for i in str(call.params.get("devIds", "")).split(",") if i]
        if not ids:
            raise RequestRejected(1100, "param is empty: devIds")
        return [self._device_json(self._own_device(call, i)) for i in ids]

    async def _specs(self, call: SharingCall) -> Any:
        device = self._own_device(call, call.request.match_info["device_id"])
        return catalog.specifications(device.identity.product, with_dp_ids=False)

    async def _mapping(self, call: SharingCall) -> Any:
        device = self._own_device(call, call.request.match_info["device_id"])
        return catalog.status_mapping(device.identity.product)

    # ---- helpers -----------------------------------------------------------------

    def _own_device(self, call: SharingCall, device_id: str) -> DeviceRecord:
        device = self.state.devices.get(device_id)
        if device is None:
            raise RequestRejected(1000, "data not exist")
        if device.owner_uid != call.token.uid:
            raise RequestRejected(1106, "permission deny")
        return device

    @staticmethod
    def _device_json(device: DeviceRecord) -> dict[str, Any]:
        return device.to_json(with_local_key=device.sharing_local_key)

    def _record(self, request: web.Request, name: str, code: int | None) -> None:
        self.state.requests.append(RequestRecord("sharing", request.method, name, code))

    @staticmethod
    def _failure(rejected: RequestRejected, now: int) -> web.Response:
        return web.json_response(
            {"success": False, "code": rejected.code, "msg": rejected.msg, "t": now}
        )

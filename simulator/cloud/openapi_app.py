"""The fake Tuya IoT OpenAPI: routes and request checks.

Every request is checked like the real cloud does it: client_id known (1005),
request time within `max_skew_ms` (1013), signature (1004), and for business
calls the access token (1011 unknown or revoked, 1010 expired — Tuya's own
numbering). Routes answer from `CloudState`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import hashlib
import json
from typing import Any

from aiohttp import web

from simulator.products import PRODUCTS

from . import catalog
from .activation import ActivationRoutes
from .calls import Call, Route
from .faults import FaultInjector
from .state import CloudState, DeviceRecord, IssuedToken, RequestRecord
from .verify import RequestRejected, check_openapi_signature, check_time

_REG = "/v1.0/iot-03/device-registration/single-bluetooth"
_LOGIN = "/v1.0/iot-01/associated-users/actions/authorized-login"


class OpenApiService:
    """Routes of the OpenAPI, bound to the cloud's state."""

    def __init__(
        self,
        state: CloudState,
        faults: FaultInjector,
        base_url: Callable[[], str],
        max_skew_ms: int,
    ) -> None:
        """Serve `state`; `base_url` is where firmware files are downloaded."""
        self.state = state
        self.faults = faults
        self.base_url = base_url
        self.max_skew_ms = max_skew_ms
        self.activation = ActivationRoutes(state, self._linked)

    def build_app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(
            middlewares=[self.faults.middleware("openapi", self.state.now_ms)]
        )
        token, business = True, False
        act = self.activation
        routes: list[tuple[str, str, Route, bool]] = [
            ("GET", "/v1.0/token", self._token, token),
            ("GET", "/v1.0/token/{refresh_token}", self._refresh, token),
            ("POST", _LOGIN, self._login, token),
            ("GET", "/v1.0/users/{uid}/homes", self._homes, business),
            ("GET", "/v1.0/users/{uid}/devices", self._user_devices, business),
            ("GET", "/v1.0/devices/factory-infos", self._factory_infos, business),
            ("GET", "/v1.0/devices/{device_id}", self._device, business),
            ("DELETE", "/v1.0/devices/{device_id}", self._remove, business),
            ("GET", "/v1.1/devices/{device_id}/specifications", self._specs, business),
            ("GET", "/v2.0/cloud/thing/{device_id}", self._thing, business),
            ("GET", "/v2.0/cloud/thing/{device_id}/model", self._model, business),
            ("GET", "/v2.0/cloud/thing/{device_id}/firmware", self._firmware, business),
            ("POST", "/v1.0/device/paring/token", act.pairing_token, business),
            ("GET", "/v1.0/device/paring/tokens/{token}", act.pairing_result, business),
            ("POST", f"{_REG}/auth-key", act.auth_key, business),
            ("POST", f"{_REG}/actions/register", act.register, business),
            ("POST", f"{_REG}/actions/active", act.active, business),
        ]
        for method, path, route, token_call in routes:
            app.router.add_route(
                method, path, self._checked(route, token_call=token_call)
            )
        app.router.add_get("/firmware/{product_id}/{version}.bin", self._download)
        return app

    # ---- checks --------------------------------------------------------------------

    def _checked(
        self, route: Route, *, token_call: bool
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            body_bytes = await request.read()
            now = self.state.now_ms()
            resource = request.match_info.route.resource
            name = resource.canonical if resource is not None else request.path
            try:
                call = self._authenticate(request, body_bytes, token_call=token_call)
                result = await route(call)
            except RequestRejected as rejected:
                self.state.requests.append(
                    RequestRecord("openapi", request.method, name, rejected.code)
                )
                return web.json_response(
                    {
                        "success": False,
                        "code": rejected.code,
                        "msg": rejected.msg,
                        "t": now,
                    }
                )
            self.state.requests.append(
                RequestRecord("openapi", request.method, name, None)
            )
            return web.json_response({"success": True, "result": result, "t": now})

        return handler

    def _authenticate(
        self, request: web.Request, body: bytes, *, token_call: bool
    ) -> Call:
        project = self.state.projects.get(request.headers.get("client_id", ""))
        if project is None:
            raise RequestRejected(1005, "clientId invalid")
        check_time(request.headers.get("t"), self.state.now_ms(), self.max_skew_ms)
        token: IssuedToken | None = None
        access = "" if token_call else request.headers.get("access_token", "")
        if not token_call and not access:
            raise RequestRejected(1002, "access_token is null")
        check_openapi_signature(request, body, project.client_secret, access)
        if not token_call:
            token = self.state.find_access("openapi", access)
            if token is None or token.revoked or token.client_id != project.client_id:
                raise RequestRejected(1011, "token invalid")
            if token.expires_ms <= self.state.now_ms():
                raise RequestRejected(1010, "token is expired")
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            raise RequestRejected(1109, "body is not JSON") from None
        if not isinstance(payload, dict):
            raise RequestRejected(1109, "body is not an object")
        return Call(request, project, token, payload)

    def _linked(self, call: Call, uid: str) -> None:
        if uid not in call.project.linked_uids:
            raise RequestRejected(1106, "permission deny")

    def _device_for(self, call: Call, device_id: str | None = None) -> DeviceRecord:
        record = self.state.devices.get(device_id or call.param("device_id"))
        if record is None:
            raise RequestRejected(1000, "data not exist")
        self._linked(call, record.owner_uid)
        return record

    def _token_json(self, token: IssuedToken) -> dict[str, Any]:
        return {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expire_time": self.state.token_lifetime_s,
            "uid": token.uid,
        }

    # ---- tokens --------------------------------------------------------------------

    async def _token(self, call: Call) -> Any:
        if call.request.query.get("grant_type") != "1":
            raise RequestRejected(1003, "grant type invalid")
        project = call.project
        return self._token_json(
            self.state.issue_token("openapi", project.uid, project.client_id)
        )

    async def _refresh(self, call: Call) -> Any:
        old = self.state.find_refresh("openapi", call.param("refresh_token"))
        if old is None or old.client_id != call.project.client_id:
            raise RequestRejected(1011, "token invalid")
        return self._token_json(self.state.refresh(old))

    async def _login(self, call: Call) -> Any:
        body = call.body
        account = next(
            (
                a
                for a in self.state.accounts.values()
                if a.username == body.get("username")
            ),
            None,
        )
        digest = hashlib.md5(
            (account.password if account else "").encode(), usedforsecurity=False
        ).hexdigest()
        if (
            account is None
            or body.get("password") != digest
            or str(body.get("country_code")) != account.country_code
        ):
            raise RequestRejected(2401, "username or password wrong")
        self._linked(call, account.uid)
        return self._token_json(
            self.state.issue_token("openapi", account.uid, call.project.client_id)
        )

    # ---- homes and devices ---------------------------------------------------------

    async def _homes(self, call: Call) -> Any:
        uid = call.param("uid")
        self._linked(call, uid)
        account = self.state.accounts[uid]
        return [
            {"home_id": int(h.home_id), "name": h.name, "geo_name": "", "role": "OWNER"}
            for h in account.homes
        ]

    async def _user_devices(self, call: Call) -> Any:
        uid = call.param("uid")
        self._linked(call, uid)
        return [d.to_json(api="v1") for d in self.state.devices_of(uid)]

    async def _device(self, call: Call) -> Any:
        return self._device_for(call).to_json(api="v1")

    async def _thing(self, call: Call) -> Any:
        data = self._device_for(call).to_json()
        # The thing API spells a few fields its own way.
        data["is_online"] = data.pop("online")
        return data

    async def _factory_infos(self, call: Call) -> Any:
        ids = [i for i in call.request.query.get("device_ids", "").split(",") if i]
        if not ids:
            raise RequestRejected(1100, "param is empty: device_ids")
        records = [self._device_for(call, device_id) for device_id in ids]
        return [
            {
                "id": r.device_id,
                "uuid": r.identity.uuid,
                "sn": "SN" + r.identity.uuid.upper(),
                "mac": r.identity.mac.replace(":", "").lower(),
            }
            for r in records
        ]

    async def _remove(self, call: Call) -> Any:
        self.state.remove(self._device_for(call).device_id)
        return True

    async def _specs(self, call: Call) -> Any:
        return catalog.specifications(
            self._device_for(call).identity.product, with_dp_ids=True
        )

    async def _model(self, call: Call) -> Any:
        product = self._device_for(call).identity.product
        return {"model": json.dumps(catalog.thing_model(product))}

    async def _firmware(self, call: Call) -> Any:
        record = self._device_for(call)
        product = record.identity.product
        target = product.firmware_update
        image = catalog.firmware_image(product, target)
        offered = target != record.firmware_version
        return [
            {
                "type": 0,
                "type_desc": "Main module",
                "current_version": record.firmware_version,
                "version": target,
                "upgrade_type": 0,
                "upgrade_status": 1 if offered else 0,
                "url": f"{self.base_url()}/firmware/{product.product_id}/{target}.bin",
                "md5": hashlib.md5(image, usedforsecurity=False).hexdigest(),
                "sign": hashlib.sha256(image).hexdigest(),
                "file_size": len(image),
                "timeout": 300,
                "can_upgrade": offered,
            }
        ]

    async def _download(self, request: web.Request) -> web.Response:
        product = PRODUCTS.get(request.match_info["product_id"])
        version = request.match_info["version"]
        if product is None or version not in (
            product.firmware_version,
            product.firmware_update,
        ):
            raise web.HTTPNotFound
        return web.Response(body=catalog.firmware_image(product, version))

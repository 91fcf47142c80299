"""Fake OpenAPI routes for new devices: pairing tokens and BLE registration.

Registration follows auth-key → register → active per uuid. The fake knows a
unit's factory secrets (`CloudState.factory_units`), so it hands out the real
auth_key and, on a first activation, the identity's own device_id and
local_key (16 ASCII characters, login key = first 6) — the values the device
emulator expects. A re-activation after removal issues a fresh local_key, as the
real cloud does on every re-pair. A project without the registration API gets
1106 on all three calls.
"""

from __future__ import annotations

from collections.abc import Callable
import string
from typing import Any

from .calls import Call
from .state import CloudState, Home, PairingSession, Registration
from .verify import RequestRejected

PAIRING_TOKEN_LIFETIME_S = 600
_PAIRING_TYPES = ("BLE", "AP", "EZ")
_KEY_CHARS = string.ascii_letters + string.digits


class ActivationRoutes:
    """Pairing-token and registration routes."""

    def __init__(self, state: CloudState, linked: Callable[[Call, str], None]) -> None:
        """`linked(call, uid)` raises 1106 unless the project may act for uid."""
        self.state = state
        self.linked = linked

    # ---- pairing tokens (combo devices) ------------------------------------------

    async def pairing_token(self, call: Call) -> Any:
        """POST /v1.0/device/paring/token."""
        pairing_type = call.required("paring_type")
        if pairing_type not in _PAIRING_TYPES:
            raise RequestRejected(1109, "paring_type is illegal")
        uid = str(call.required("uid"))
        call.required("time_zone_id")
        self.linked(call, uid)
        home = self._home_of(uid, call.body.get("home_id"))
        extension = call.body.get("extension") or {}
        uuid = extension.get("uuid") if isinstance(extension, dict) else None
        if pairing_type == "BLE" and not uuid:
            raise RequestRejected(1100, "param is empty: extension.uuid")
        session = PairingSession(
            token=self.state.random_text(8, string.ascii_uppercase + string.digits),
            secret=self.state.random_text(4),
            uid=uid,
            home_id=home.home_id,
            uuid=uuid if isinstance(uuid, str) else None,
            expires_ms=self.state.now_ms() + PAIRING_TOKEN_LIFETIME_S * 1000,
        )
        self.state.pairings[session.token] = session
        return {
            "token": session.token,
            "secret": session.secret,
            "region": "EU",
            "expire_time": PAIRING_TOKEN_LIFETIME_S,
        }

    async def pairing_result(self, call: Call) -> Any:
        """GET /v1.0/device/paring/tokens/{token}."""
        session = self.state.pairings.get(call.param("token"))
        if session is None or session.expires_ms <= self.state.now_ms():
            raise RequestRejected(1000, "data not exist")
        self.linked(call, session.uid)
        successes = [
            self.state.devices[d]
            for d in session.success_device_ids
            if d in self.state.devices
        ]
        return {
            "success_devices": [
                {
                    "id": d.device_id,
                    "name": d.name,
                    "product_id": d.identity.product.product_id,
                    "category": d.identity.product.category,
                    "uuid": d.identity.uuid,
                }
                for d in successes
            ],
            "error_devices": list(session.errors),
        }

    def _home_of(self, uid: str, home_id: object) -> Home:
        account = self.state.accounts[uid]
        if home_id in (None, ""):
            if not account.homes:
                raise RequestRejected(1000, "the user has no home")
            return account.homes[0]
        home = next((h for h in account.homes if h.home_id == str(home_id)), None)
        if home is None:
            raise RequestRejected(1106, "permission deny")
        return home

    # ---- BLE registration --------------------------------------------------------

    def _registration(self, call: Call) -> Registration:
        if not call.project.registration_api:
            raise RequestRejected(1106, "permission deny")
        uuid = str(call.required("uuid"))
        if uuid not in self.state.factory_units:
            raise RequestRejected(1000, "data not exist")
        return self.state.registrations.setdefault(uuid, Registration(uuid=uuid))

    def _check_auth_key(self, call: Call, registration: Registration) -> None:
        identity = self.state.factory_units[registration.uuid]
        if (
            not registration.auth_key_issued
            or call.required("auth_key") != identity.auth_key
        ):
            raise RequestRejected(1109, "auth_key is illegal")

    async def auth_key(self, call: Call) -> Any:
        """POST …/single-bluetooth/auth-key."""
        registration = self._registration(call)
        registration.auth_key_issued = True
        registration.asset_id = call.body.get("asset_id") or registration.asset_id
        identity = self.state.factory_units[registration.uuid]
        return {
            "uuid": registration.uuid,
            "auth_key": identity.auth_key,
            "random": self.state.random_text(16, "0123456789abcdef"),
        }

    async def register(self, call: Call) -> Any:
        """POST …/single-bluetooth/actions/register."""
        registration = self._registration(call)
        self._check_auth_key(call, registration)
        identity = self.state.factory_units[registration.uuid]
        mac = str(call.required("mac")).replace(":", "").upper()
        if mac != identity.mac.replace(":", "").upper():
            raise RequestRejected(1109, "mac is illegal")
        if call.required("product_id") != identity.product.product_id:
            raise RequestRejected(1109, "product_id is illegal")
        call.required("pv")
        registration.registered = True
        return True

    async def active(self, call: Call) -> Any:
        """POST …/single-bluetooth/actions/active."""
        registration = self._registration(call)
        self._check_auth_key(call, registration)
        if not registration.registered:
            raise RequestRejected(1109, "device is not registered")
        uid = str(call.required("uid"))
        call.required("time_zone_id")
        if not isinstance(call.body.get("versions"), dict):
            raise RequestRejected(1100, "param is empty: versions")
        self.linked(call, uid)
        identity = self.state.factory_units[registration.uuid]
        if self.state.device_by_uuid(identity.uuid) is not None:
            raise RequestRejected(1109, "device is already bound")
        local_key = (
            identity.local_key
            if registration.activations == 0
            else self.state.random_text(16, _KEY_CHARS)
        )
        record = self.state.bind(
            identity, self._home_of(uid, None), local_key=local_key
        )
        registration.activations += 1
        registration.device_id = record.device_id
        return {
            "device_id": record.device_id,
            "uuid": identity.uuid,
            "local_key": record.local_key,
            "product_id": identity.product.product_id,
            "name": record.name,
        }

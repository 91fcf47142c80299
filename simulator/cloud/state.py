"""The fake cloud's state: projects, accounts, homes, devices, tokens.

Tests read it to check what the clients did (`tokens`, `registrations`,
`removed_devices`, `requests`) and change it to set scenes up (add accounts and
devices, expire tokens, confirm a QR login, let a device finish pairing).
Secrets are `repr=False` so a failing assertion does not print them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import random
import string
from typing import Any

from simulator.products import DeviceIdentity

from .catalog import device_status

TOKEN_LIFETIME_S = 7200
_ALNUM = string.ascii_lowercase + string.digits
_KEY_CHARS = string.ascii_letters + string.digits


@dataclass(slots=True)
class Project:
    """A developer (OpenAPI) project."""

    client_id: str
    client_secret: str = field(repr=False)
    uid: str  # the project's own uid, as grant_type=1 tokens carry it
    registration_api: bool = True  # False: the BLE registration APIs answer 1106
    linked_uids: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Home:
    """A home of an app account."""

    home_id: str
    name: str
    owner_uid: str


@dataclass(slots=True)
class Account:
    """A Smart Life app account."""

    uid: str
    username: str
    password: str = field(repr=False)
    country_code: str
    user_code: str
    homes: list[Home] = field(default_factory=list)


@dataclass(slots=True)
class DeviceRecord:
    """A device bound to an account."""

    identity: DeviceIdentity
    device_id: str
    local_key: str = field(repr=False)
    home_id: str
    owner_uid: str
    name: str
    firmware_version: str
    online: bool = True
    sharing_local_key: bool = True  # False: the sharing API omits local_key
    active_time_s: int = 0
    sec_key: str | None = field(default=None, repr=False)  # security-V2 units
    # Set: the v1.0 device APIs give this key instead of the Bluetooth one (one
    # public lock hub found only the thing API's key works over Bluetooth).
    v1_local_key: str | None = field(default=None, repr=False)
    # A lock's cloud status value of ble_unlock_check (base64), when it has one.
    unlock_check: str | None = field(default=None, repr=False)

    def to_json(
        self, *, with_local_key: bool = True, api: str = "thing"
    ) -> dict[str, Any]:
        """The device as the APIs list it (`api="v1"`: the v1.0 device APIs)."""
        product = self.identity.product
        data: dict[str, Any] = {
            "id": self.device_id,
            "uuid": self.identity.uuid,
            "name": self.name,
            "category": product.category,
            "product_id": product.product_id,
            "product_name": product.name,
            "model": "",
            "online": self.online,
            "sub": False,
            "icon": "",
            "ip": "",
            "time_zone": "+00:00",
            "active_time": self.active_time_s,
            "create_time": self.active_time_s,
            "update_time": self.active_time_s,
            "owner_id": self.home_id,
            "uid": self.owner_uid,
            "status": device_status(product),
        }
        if self.unlock_check is not None:
            data["status"].append(
                {"code": "ble_unlock_check", "value": self.unlock_check}
            )
        if with_local_key:
            v1_key = self.v1_local_key if api == "v1" else None
            data["local_key"] = v1_key or self.local_key
        if self.sec_key is not None:
            data["sec_key"] = self.sec_key
        return data


@dataclass(slots=True)
class IssuedToken:
    """An access/refresh token pair the cloud issued."""

    api: str  # "openapi" or "sharing"
    uid: str
    client_id: str
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    issued_ms: int
    expires_ms: int
    revoked: bool = False


@dataclass(slots=True)
class QrSession:
    """A QR login code waiting for the app's confirmation."""

    token: str = field(repr=False)
    user_code: str
    expires_ms: int
    confirmed_uid: str | None = None
    consumed: bool = False


@dataclass(slots=True)
class Registration:
    """Progress of one uuid through auth-key → register → active."""

    uuid: str
    auth_key_issued: bool = False
    registered: bool = False
    activations: int = 0
    device_id: str | None = None
    asset_id: str | None = None


@dataclass(slots=True)
class PairingSession:
    """A pairing token and the devices that reported with it."""

    token: str = field(repr=False)
    secret: str = field(repr=False)
    uid: str
    home_id: str
    uuid: str | None
    expires_ms: int
    success_device_ids: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RequestRecord:
    """One request as the fake saw it (route template only: no secrets)."""

    api: str
    method: str
    route: str
    code: int | None  # Tuya code of a failure, None on success


class CloudState:
    """Everything the fake cloud knows."""

    def __init__(self, now_ms: Callable[[], int], seed: int | str = 0) -> None:
        """Create an empty cloud; `seed` makes issued ids and keys repeatable."""
        self.now_ms = now_ms
        self.rng = random.Random(f"fake-cloud|{seed}")  # noqa: S311 - test data
        self.projects: dict[str, Project] = {}
        self.accounts: dict[str, Account] = {}
        self.devices: dict[str, DeviceRecord] = {}
        self.factory_units: dict[str, DeviceIdentity] = {}
        self.tokens: list[IssuedToken] = []
        self.qr_sessions: dict[str, QrSession] = {}
        self.registrations: dict[str, Registration] = {}
        self.pairings: dict[str, PairingSession] = {}
        self.removed_devices: list[DeviceRecord] = []
        self.requests: list[RequestRecord] = []
        self.token_lifetime_s = TOKEN_LIFETIME_S

    def random_text(self, length: int, alphabet: str = _ALNUM) -> str:
        """Repeatable random text for ids, tokens and keys."""
        return "".join(self.rng.choices(alphabet, k=length))

    # ---- accounts and devices ------------------------------------------------------

    def home(self, home_id: str) -> Home | None:
        """The home with this id."""
        for account in self.accounts.values():
            for home in account.homes:
                if home.home_id == home_id:
                    return home
        return None

    def devices_of(self, uid: str) -> list[DeviceRecord]:
        """Devices bound to an account."""
        return [d for d in self.devices.values() if d.owner_uid == uid]

    def device_by_uuid(self, uuid: str) -> DeviceRecord | None:
        """The bound device with this uuid."""
        return next((d for d in self.devices.values() if d.identity.uuid == uuid), None)

    def bind(
        self,
        identity: DeviceIdentity,
        home: Home,
        *,
        local_key: str | None = None,
        name: str | None = None,
    ) -> DeviceRecord:
        """Bind a unit to a home (the cloud side of a completed activation)."""
        record = DeviceRecord(
            identity=identity,
            device_id=identity.device_id,
            local_key=local_key or identity.local_key,
            home_id=home.home_id,
            owner_uid=home.owner_uid,
            name=name or identity.name or identity.product.name,
            firmware_version=identity.product.firmware_version,
            active_time_s=self.now_ms() // 1000,
        )
        self.devices[record.device_id] = record
        self.factory_units.setdefault(identity.uuid, identity)
        return record

    def remove(self, device_id: str) -> DeviceRecord | None:
        """Unbind a device; a later activation issues a new local_key."""
        record = self.devices.pop(device_id, None)
        if record is not None:
            self.removed_devices.append(record)
        return record

    # ---- tokens --------------------------------------------------------------------

    def issue_token(self, api: str, uid: str, client_id: str) -> IssuedToken:
        """A fresh token pair."""
        now = self.now_ms()
        token = IssuedToken(
            api=api,
            uid=uid,
            client_id=client_id,
            access_token=self.random_text(32),
            refresh_token=self.random_text(32),
            issued_ms=now,
            expires_ms=now + self.token_lifetime_s * 1000,
        )
        self.tokens.append(token)
        return token

    def find_access(self, api: str, access_token: str) -> IssuedToken | None:
        """The token with this access token (revoked ones included)."""
        return next(
            (t for t in self.tokens if t.api == api and t.access_token == access_token),
            None,
        )

    def find_refresh(self, api: str, refresh_token: str) -> IssuedToken | None:
        """The live token with this refresh token."""
        return next(
            (
                t
                for t in self.tokens
                if t.api == api and t.refresh_token == refresh_token and not t.revoked
            ),
            None,
        )

    def refresh(self, old: IssuedToken) -> IssuedToken:
        """Replace a token pair: the old access and refresh tokens stop working."""
        old.revoked = True
        return self.issue_token(old.api, old.uid, old.client_id)

    def live_tokens(self, api: str | None = None) -> list[IssuedToken]:
        """Tokens that are neither revoked nor expired."""
        now = self.now_ms()
        return [
            t
            for t in self.tokens
            if not t.revoked and t.expires_ms > now and api in (None, t.api)
        ]

    def expire_tokens(self, api: str | None = None) -> None:
        """Make every live access token expire now (refresh tokens stay valid)."""
        for token in self.live_tokens(api):
            token.expires_ms = self.now_ms()

    def revoke_tokens(self, api: str | None = None) -> None:
        """Revoke every token: only a new login (or project token) helps."""
        for token in self.tokens:
            if api in (None, token.api):
                token.revoked = True

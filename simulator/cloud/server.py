"""`FakeTuyaCloud`: both Tuya cloud APIs on loopback, for tests and the demo.

    cloud = FakeTuyaCloud(now_ms=clock.now_ms)
    await cloud.start()                      # two random ports on 127.0.0.1
    project = cloud.add_project()            # OpenAPI credentials
    account = cloud.add_account(link=project)
    cloud.add_device(identity, account)      # a bound device
    … clients use cloud.openapi_url / cloud.sharing_url …
    await cloud.stop()

Set-up: add_project, add_account, add_home, add_device, add_factory_unit,
link. Test hooks: confirm_qr_login, complete_pairing, fail_pairing,
expire_tokens, revoke_tokens, `faults` (see `faults`). Inspection: `state`
(tokens, registrations, devices, removed_devices, requests), `issued_tokens`,
`registered_devices`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import socket
import string
import time
from types import TracebackType
from typing import Self

from aiohttp import web

from simulator.products import DeviceIdentity

from .faults import FaultInjector
from .openapi_app import OpenApiService
from .sharing_app import HA_CLIENT_ID, SharingService
from .state import (
    Account,
    CloudState,
    DeviceRecord,
    Home,
    IssuedToken,
    Project,
    QrSession,
    Registration,
)

DEFAULT_MAX_CLOCK_SKEW_S = 900
_DIGITS = string.digits


def _wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class FakeTuyaCloud:
    """A fake Tuya cloud serving the OpenAPI and the sharing API."""

    def __init__(
        self,
        *,
        now_ms: Callable[[], int] | None = None,
        seed: int | str = 0,
        host: str = "127.0.0.1",
        openapi_port: int = 0,
        sharing_port: int = 0,
        max_clock_skew_s: int = DEFAULT_MAX_CLOCK_SKEW_S,
        qr_lifetime_s: int = 120,
        sharing_client_id: str = HA_CLIENT_ID,
    ) -> None:
        """Create the cloud (not yet serving); ports 0 pick free ones."""
        self.state = CloudState(now_ms or _wall_clock_ms, seed)
        self.faults = FaultInjector()
        self._host = host
        self._ports = {"openapi": openapi_port, "sharing": sharing_port}
        self._urls: dict[str, str] = {}
        self._runners: list[web.AppRunner] = []
        skew_ms = max_clock_skew_s * 1000
        self.openapi = OpenApiService(
            self.state, self.faults, lambda: self.openapi_url, skew_ms
        )
        self.sharing = SharingService(
            self.state,
            self.faults,
            lambda: self.sharing_url,
            client_id=sharing_client_id,
            max_skew_ms=skew_ms,
            qr_lifetime_s=qr_lifetime_s,
        )

    # ---- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        """Serve both APIs."""
        self.faults.rearm()
        apps = {
            "openapi": self.openapi.build_app(),
            "sharing": self.sharing.build_app(),
        }
        for api, app in apps.items():
            # No access log: request lines hold refresh tokens (in a path).
            runner = web.AppRunner(
                app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
            )
            await runner.setup()
            self._runners.append(runner)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._ports[api]))
            site = web.SockSite(runner, sock)
            await site.start()
            port = sock.getsockname()[1]
            self._urls[api] = f"http://{self._host}:{port}"

    async def stop(self) -> None:
        """Stop serving; hanging requests are released first."""
        self.faults.release()
        for runner in self._runners:
            await runner.cleanup()
        self._runners.clear()
        self._urls.clear()

    async def __aenter__(self) -> Self:
        """Start on entry."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop on exit."""
        await self.stop()

    @property
    def openapi_url(self) -> str:
        """Base URL of the OpenAPI (pass as an OpenApiClient's base_url)."""
        return self._urls["openapi"]

    @property
    def sharing_url(self) -> str:
        """Base URL of the sharing API: the QR login host and the login endpoint."""
        return self._urls["sharing"]

    # ---- set-up --------------------------------------------------------------------

    def add_project(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        registration_api: bool = True,
    ) -> Project:
        """A developer project (registration_api=False: those APIs answer 1106)."""
        rand = self.state.random_text
        project = Project(
            client_id=client_id or rand(20),
            client_secret=client_secret or rand(32),
            uid="bay" + rand(17, _DIGITS),
            registration_api=registration_api,
        )
        self.state.projects[project.client_id] = project
        return project

    def add_account(
        self,
        *,
        username: str = "user@example.com",
        password: str | None = None,
        country_code: str = "49",
        user_code: str | None = None,
        homes: Iterable[str] = ("Home",),
        link: Project | None = None,
    ) -> Account:
        """A Smart Life account with homes, optionally linked to a project."""
        rand = self.state.random_text
        account = Account(
            uid="eu" + rand(18, _DIGITS),
            username=username,
            password=password or rand(12),
            country_code=country_code,
            user_code=user_code or rand(7),
        )
        self.state.accounts[account.uid] = account
        for name in homes:
            self.add_home(account, name)
        if link is not None:
            self.link(link, account)
        return account

    def add_home(self, account: Account, name: str) -> Home:
        """Another home of an account."""
        home = Home(
            home_id=self.state.random_text(8, _DIGITS), name=name, owner_uid=account.uid
        )
        account.homes.append(home)
        return home

    def link(self, project: Project, account: Account) -> None:
        """Link an app account to a project (its devices become visible)."""
        project.linked_uids.add(account.uid)

    def add_device(
        self,
        identity: DeviceIdentity,
        owner: Account | Home,
        *,
        name: str | None = None,
        online: bool = True,
        sharing_local_key: bool = True,
        sec_key: str | None = None,
    ) -> DeviceRecord:
        """A device bound to an account (its first home) or a given home."""
        home = owner if isinstance(owner, Home) else owner.homes[0]
        record = self.state.bind(identity, home, name=name)
        record.online = online
        record.sharing_local_key = sharing_local_key
        record.sec_key = sec_key
        return record

    def add_factory_unit(self, identity: DeviceIdentity) -> None:
        """An unbound unit the cloud knows (registration hands out its auth_key)."""
        self.state.factory_units[identity.uuid] = identity

    # ---- test hooks ----------------------------------------------------------------

    def confirm_qr_login(self, qr_token: str | None = None) -> QrSession:
        """The app scans and confirms a QR code (the newest one by default)."""
        if qr_token is None:
            pending = [
                s for s in self.state.qr_sessions.values() if s.confirmed_uid is None
            ]
            session = pending[-1]
        else:
            session = self.state.qr_sessions[qr_token]
        account = next(
            a for a in self.state.accounts.values() if a.user_code == session.user_code
        )
        session.confirmed_uid = account.uid
        return session

    def complete_pairing(
        self, token: str | None, identity: DeviceIdentity, *, name: str | None = None
    ) -> DeviceRecord:
        """A device activates itself with a pairing token (newest by default)."""
        session = (
            list(self.state.pairings.values())[-1]
            if token is None
            else self.state.pairings[token]
        )
        home = self.state.home(session.home_id)
        assert home is not None
        record = self.state.bind(identity, home, name=name)
        session.success_device_ids.append(record.device_id)
        return record

    def fail_pairing(
        self, token: str | None, identity: DeviceIdentity, code: str, msg: str
    ) -> None:
        """A device reports a failed activation with a pairing token."""
        session = (
            list(self.state.pairings.values())[-1]
            if token is None
            else self.state.pairings[token]
        )
        session.errors.append(
            {
                "id": identity.device_id,
                "name": identity.name,
                "error_code": code,
                "error_msg": msg,
            }
        )

    def expire_tokens(self, api: str | None = None) -> None:
        """Access tokens expire now (mid-session); refresh tokens still work."""
        self.state.expire_tokens(api)

    def revoke_tokens(self, api: str | None = None) -> None:
        """Every token stops working, refresh tokens included."""
        self.state.revoke_tokens(api)

    # ---- inspection ----------------------------------------------------------------

    @property
    def issued_tokens(self) -> list[IssuedToken]:
        """Every token issued so far (oldest first)."""
        return list(self.state.tokens)

    @property
    def registered_devices(self) -> dict[str, Registration]:
        """Registration progress by uuid."""
        return dict(self.state.registrations)

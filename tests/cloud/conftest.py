"""Fixtures: a fake cloud on loopback with a manual clock, an HTTP session, and
an account with devices of several products in two homes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    LoginResult,
    OpenApiClient,
    SharingClient,
    SharingLoginClient,
    TokenInfo,
)
from simulator.cloud import Account, DeviceRecord, FakeTuyaCloud, ManualClock, Project
from simulator.products import (
    LIGHT,
    LOCK,
    SENSOR,
    SWITCH,
    DeviceIdentity,
    Product,
    make_devices,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def cloud(
    socket_enabled: None, clock: ManualClock
) -> AsyncIterator[FakeTuyaCloud]:
    async with FakeTuyaCloud(now_ms=clock.now_ms, seed="tests") as fake:
        yield fake


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@dataclass
class Scene:
    """A project linked to an account whose two homes hold four devices."""

    project: Project
    account: Account
    light: DeviceRecord
    switch: DeviceRecord
    sensor: DeviceRecord
    lock: DeviceRecord

    @property
    def records(self) -> list[DeviceRecord]:
        return [self.light, self.switch, self.sensor, self.lock]


def identity(product: Product, index: int = 0) -> DeviceIdentity:
    """Unit `index` of a product (distinct from other tests' units)."""
    return make_devices(product, index + 1, seed="cloud-tests")[index]


@pytest.fixture
def scene(cloud: FakeTuyaCloud) -> Scene:
    project = cloud.add_project()
    account = cloud.add_account(
        username="alice@example.com", homes=("Home", "Cabin"), link=project
    )
    cabin = account.homes[1]
    return Scene(
        project=project,
        account=account,
        light=cloud.add_device(identity(LIGHT), account),
        switch=cloud.add_device(identity(SWITCH), account),
        sensor=cloud.add_device(identity(SENSOR), cabin),
        # Reportedly some BLE-only devices come without local_key via sharing.
        lock=cloud.add_device(identity(LOCK), account, sharing_local_key=False),
    )


async def qr_login(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, clock: ManualClock, scene: Scene
) -> LoginResult:
    """Log in by QR code as the scene's account."""
    login = SharingLoginClient(http, base_url=cloud.sharing_url, now_ms=clock.now_ms)
    qr = await login.request_qr_code(scene.account.user_code)
    cloud.confirm_qr_login(qr.token)
    result = await login.poll_login(qr)
    assert result is not None
    return result


@pytest.fixture
async def login(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, clock: ManualClock, scene: Scene
) -> LoginResult:
    return await qr_login(cloud, http, clock, scene)


@pytest.fixture
def refreshed() -> list[TokenInfo]:
    """Collects what on_token_refresh receives."""
    return []


@pytest.fixture
def sharing(
    http: aiohttp.ClientSession,
    clock: ManualClock,
    login: LoginResult,
    refreshed: list[TokenInfo],
) -> SharingClient:
    return SharingClient.from_login(
        http,
        login,
        now_ms=clock.now_ms,
        on_token_refresh=refreshed.append,
        request_timeout=2.0,
    )


@pytest.fixture
def openapi(
    cloud: FakeTuyaCloud,
    http: aiohttp.ClientSession,
    clock: ManualClock,
    scene: Scene,
    refreshed: list[TokenInfo],
) -> OpenApiClient:
    return OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=scene.project.client_id,
        client_secret=scene.project.client_secret,
        on_token_refresh=refreshed.append,
        now_ms=clock.now_ms,
        sleep=clock.sleep,
        request_timeout=2.0,
    )

"""Fixtures for tests that run the integration inside a real Home Assistant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator
import time
from unittest.mock import patch

from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest

from custom_components.tuya_bluetooth.const import (
    DOMAIN,
    ENV_OPENAPI_URL,
    ENV_SHARING_URL,
)
from simulator.ble.client import VirtualBleakClient
from simulator.cloud import FakeTuyaCloud, ManualClock
from simulator.factory import make_virtual_device
from simulator.products import Product
from simulator.scanner import VirtualRemoteScanner

from .common import Cloud, Simulated

PROXY_SOURCE = "AA:BB:CC:00:00:01"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/tuya_bluetooth."""


@pytest.fixture(autouse=True)
def only_our_bluetooth_matchers() -> Generator[None]:
    """Drop core integrations' bluetooth matchers.

    Their libraries are not installed here, and some match Tuya's service data too
    (xiaomi_ble matches 0xFD50), so their discovery would fail to import.
    """
    with patch("homeassistant.loader.BLUETOOTH", []):
        yield


@pytest.fixture
async def virtual_scanner(
    hass: HomeAssistant, enable_bluetooth: None
) -> AsyncGenerator[VirtualRemoteScanner]:
    """A connectable remote scanner registered the way an ESPHome proxy is."""
    scanner = VirtualRemoteScanner(PROXY_SOURCE, VirtualBleakClient)
    unregister = async_register_scanner(hass, scanner, source_domain="esphome")
    unsetup = scanner.async_setup()
    yield scanner
    unsetup()
    unregister()


@pytest.fixture
async def simulate(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> AsyncGenerator[Callable[[Product], Simulated]]:
    """Make emulated devices advertise through the virtual proxy; unload at the end."""
    made: list[Simulated] = []

    def factory(product: Product) -> Simulated:
        emulator, ble_device = make_virtual_device(
            product,
            bound=True,
            scheduler=asyncio.get_running_loop(),
            seed="ha",
            index=len(made),
        )
        simulated = Simulated(emulator, dict(ble_device.details), virtual_scanner)
        simulated.advertise()
        made.append(simulated)
        return simulated

    yield factory
    await hass.async_block_till_done(wait_background_tasks=True)
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
async def cloud(
    socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Cloud]:
    clock = ManualClock(time.time_ns() // 1_000_000)
    fake = FakeTuyaCloud(now_ms=clock.now_ms, seed="account-flow")
    project = fake.add_project()
    account = fake.add_account(username="alice@example.com", link=project)
    await fake.start()
    monkeypatch.setenv(ENV_SHARING_URL, fake.sharing_url)
    monkeypatch.setenv(ENV_OPENAPI_URL, fake.openapi_url)
    yield Cloud(fake, clock, project, account)
    await fake.stop()

"""Fixtures for tests that run the integration inside a real Home Assistant."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from unittest.mock import patch

from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.core import HomeAssistant
import pytest

from simulator.ble.client import VirtualBleakClient
from simulator.scanner import VirtualRemoteScanner

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

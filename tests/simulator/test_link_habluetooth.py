"""The virtual link on Home Assistant's connection path (habluetooth connector).

A remote scanner whose `HaBluetoothConnector.client` is `VirtualBleakClient`
sees the emulator's advertisement; `establish_connection` then goes through
habluetooth's `HaBleakClientWrapper`, which instantiates our backend with the
BLEDevice whose details habluetooth merged with the scanner's source.
"""

from __future__ import annotations

from collections.abc import Generator
import struct
from unittest.mock import patch

import bleak_retry_connector
from homeassistant.components import bluetooth
from homeassistant.core import HomeAssistant
import pytest

from simulator.advertising import AdvertisedIdentity, build_advertising
from simulator.ble.client import PERIPHERAL_KEY, SETTINGS_KEY, VirtualBleakClient
from simulator.factory import link_settings, make_virtual_device
from simulator.products import LOCK
from simulator.scanner import VirtualRemoteScanner

from .conftest import counting_random
from .hub import Hub, split


@pytest.fixture(autouse=True)
def no_core_matchers() -> Generator[None]:
    """Core integrations' matchers (e.g. xiaomi_ble on 0xFD50) would start flows."""
    with patch("homeassistant.loader.BLUETOOTH", []):
        yield


async def test_connect_through_remote_scanner(
    hass: HomeAssistant, enable_bluetooth: None
) -> None:
    device, own_ble_device = make_virtual_device(
        LOCK, bound=True, options=counting_random()
    )
    scanner = VirtualRemoteScanner("AA:BB:CC:00:00:09", VirtualBleakClient)
    unregister = bluetooth.async_register_scanner(
        hass, scanner, source_domain="esphome"
    )
    unsetup = scanner.async_setup()
    try:
        identity = AdvertisedIdentity(
            uuid=device.uuid,
            product_id=device.product_id,
            protocol_version=device.protocol_version,
            bound=device.bound,
            login_key=device.login_key or b"",
            communication_ability=device.communication_ability,
        )
        details = {PERIPHERAL_KEY: device, SETTINGS_KEY: link_settings(own_ble_device)}
        scanner.inject_advertising(
            device.address, build_advertising(identity), details=details
        )
        await hass.async_block_till_done()
        ble_device = bluetooth.async_ble_device_from_address(
            hass, device.address, connectable=True
        )
        assert ble_device is not None
        assert ble_device.details["source"] == "AA:BB:CC:00:00:09"
        client = await bleak_retry_connector.establish_connection(
            bleak_retry_connector.BleakClientWithServiceCache,
            ble_device,
            "lock",
            max_attempts=1,
        )
        try:
            assert type(client).__name__ == "HaBleakClientWithServiceCache"
            assert isinstance(client._backend, VirtualBleakClient)
            hub = Hub(device, local_key=device.identity.local_key, connect=False)
            profile = device.gatt_profile
            await client.start_notify(
                profile.notify_uuid,
                lambda _c, data: hub.central.packets.append(bytes(data)),
            )
            for packet in split(hub.frame(0x0000, struct.pack(">H", 20), mode=4), 4):
                await client.write_gatt_char(profile.write_uuid, packet, response=False)
            await hass.async_block_till_done()
            (info,) = hub.receive()
            assert info.cmd == 0x0000
            assert info.data[5] == 1
        finally:
            await client.disconnect()
        assert not device.connected
    finally:
        unsetup()
        unregister()

"""Development-only integration: simulated Tuya devices behind a virtual proxy.

script/develop links this folder into the development config as
`custom_components/tuya_bluetooth_simulator`. It registers a virtual remote
scanner with Home Assistant's bluetooth stack, as an ESPHome proxy would, whose
connections reach device emulators over the virtual BLE link, and keeps the
simulated devices advertising, so the real integration discovers them.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging

from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType

from simulator.advertising import advertising_of
from simulator.ble.client import VirtualBleakClient
from simulator.device import DeviceEmulator
from simulator.factory import make_virtual_device
from simulator.products import LIGHT, LOCK, SENSOR, SWITCH, Product
from simulator.scanner import VirtualRemoteScanner

DOMAIN = "tuya_bluetooth_simulator"
SCANNER_SOURCE = "AA:BB:CC:DD:EE:01"
ADVERTISING_INTERVAL = timedelta(seconds=10)
# Devices already activated in the (fake) Smart Life account, and one brand new.
DEMO_PRODUCTS: tuple[tuple[Product, bool], ...] = (
    (LIGHT, True),
    (SWITCH, True),
    (SENSOR, True),
    (LOCK, False),
)

_LOGGER = logging.getLogger(__name__)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the virtual proxy and start advertising the simulated devices."""
    scanner = VirtualRemoteScanner(SCANNER_SOURCE, VirtualBleakClient)
    async_register_scanner(hass, scanner, source_domain=DOMAIN)
    scanner.async_setup()
    loop = asyncio.get_running_loop()
    devices: list[tuple[DeviceEmulator, dict[str, object]]] = []
    for product, bound in DEMO_PRODUCTS:
        device, ble_device = make_virtual_device(
            product, bound=bound, scheduler=loop, seed="demo"
        )
        devices.append((device, dict(ble_device.details)))

    @callback
    def _advertise(*_: object) -> None:
        for device, details in devices:
            if device.in_range:
                scanner.inject_advertising(
                    device.address, advertising_of(device), details=details
                )

    for device, _details in devices:
        device.add_listener(_advertise)
    _advertise()
    async_track_time_interval(hass, _advertise, ADVERTISING_INTERVAL)
    _LOGGER.info(
        "Simulating %d Tuya Bluetooth devices: %s",
        len(devices),
        ", ".join(f"{d.product_id} at {d.address}" for d, _ in devices),
    )
    return True

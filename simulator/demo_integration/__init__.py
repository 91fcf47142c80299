"""Development-only integration: simulated Tuya devices behind a virtual proxy.

script/develop links this folder into the development config as
`custom_components/tuya_bluetooth_simulator`. It registers a virtual remote
scanner with Home Assistant's bluetooth stack, as an ESPHome proxy would, and
keeps the simulated devices advertising, so the real integration discovers them.
"""

from __future__ import annotations

from datetime import timedelta
import logging

from bleak.backends.client import BaseBleakClient
from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType

from simulator.advertising import AdvertisedIdentity, build_advertising
from simulator.scanner import VirtualRemoteScanner

DOMAIN = "tuya_bluetooth_simulator"
SCANNER_SOURCE = "AA:BB:CC:DD:EE:01"
ADVERTISING_INTERVAL = timedelta(seconds=10)

_LOGGER = logging.getLogger(__name__)

# Until the device emulator is wired in, the demo devices only advertise.
DEMO_DEVICES: dict[str, AdvertisedIdentity] = {
    "DC:23:4D:00:00:01": AdvertisedIdentity(
        uuid="tuyademo00000001", product_id="demolgt3", protocol_version=3
    ),
    "DC:23:4D:00:00:02": AdvertisedIdentity(
        uuid="tuyademo00000002", product_id="demoswt4", protocol_version=4
    ),
}


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the virtual proxy and start advertising the simulated devices."""
    scanner = VirtualRemoteScanner(SCANNER_SOURCE, BaseBleakClient)  # type: ignore[type-abstract]
    async_register_scanner(hass, scanner, source_domain=DOMAIN)
    scanner.async_setup()

    @callback
    def _advertise(*_: object) -> None:
        for address, identity in DEMO_DEVICES.items():
            scanner.inject_advertising(address, build_advertising(identity))

    _advertise()
    async_track_time_interval(hass, _advertise, ADVERTISING_INTERVAL)
    _LOGGER.info("Simulating %d Tuya Bluetooth devices", len(DEMO_DEVICES))
    return True

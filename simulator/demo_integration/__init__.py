"""Development-only integration: simulated Tuya devices behind a virtual proxy.

script/develop links this folder into the development config as
`custom_components/tuya_bluetooth_simulator`. It registers a virtual remote
scanner with Home Assistant's bluetooth stack, as an ESPHome proxy would, whose
connections reach device emulators over the virtual BLE link, and keeps the
simulated devices advertising, so the real integration discovers them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
import logging
import os

from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType

from simulator.advertising import advertising_of
from simulator.ble.client import VirtualBleakClient
from simulator.cloud import FakeTuyaCloud
from simulator.device import DeviceEmulator
from simulator.factory import make_virtual_device
from simulator.products import LIGHT, LOCK, SENSOR, SWITCH, Product
from simulator.products_part1 import GADGET
from simulator.products_part1_alarms import CO2_DETECTOR
from simulator.products_part1_electrical import SOCKET
from simulator.products_part1_sensors import DOOR_SENSOR, SCENE_SWITCH
from simulator.products_part2 import CURTAIN, FINGERBOT, WATER_VALVE, WHITE_LIGHT
from simulator.products_part2_climate import RADIATOR_VALVE
from simulator.products_part2_locks import LOCK_BOOL_DP6, LOCK_CHECK_CODE
from simulator.scanner import VirtualRemoteScanner

DOMAIN = "tuya_bluetooth_simulator"
# Two ESPHome-like proxies, both in range of every device (at different signal
# strengths): habluetooth spreads the connections over their slots.
SCANNER_SOURCES = ("AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:02")
PROXY_SLOTS = 6  # room for the mains devices' links and on-demand ones
ADVERTISING_INTERVAL = timedelta(seconds=10)
# Devices already activated in the (fake) Smart Life account, and one brand new.
DEMO_PRODUCTS: tuple[tuple[Product, bool], ...] = (
    (LIGHT, True),
    (SWITCH, True),
    (SENSOR, True),
    (LOCK, False),
    (SOCKET, True),
    (DOOR_SENSOR, True),
    (CO2_DETECTOR, True),
    (SCENE_SWITCH, True),
    (GADGET, True),
    (WHITE_LIGHT, True),
    (LOCK_CHECK_CODE, True),
    (LOCK_BOOL_DP6, True),
    (RADIATOR_VALVE, True),
    (CURTAIN, True),
    (WATER_VALVE, True),
    (FINGERBOT, True),
)

# Fake-cloud credentials of the demo (not secrets: they open nothing real).
DEMO_CLIENT_ID = "demoTuyaBluetooth001"
DEMO_CLIENT_SECRET = "demo-secret-for-the-fake-cloud-0"  # noqa: S105
DEMO_USERNAME = "demo@example.com"
DEMO_PASSWORD = "demo-password"  # noqa: S105
DEMO_USER_CODE = "demo123"
DEFAULT_OPENAPI_PORT = 8131
CLOUD_SHARING_URL_VARIABLE = "TUYA_BLUETOOTH_CLOUD_SHARING_URL"
CLOUD_OPENAPI_URL_VARIABLE = "TUYA_BLUETOOTH_CLOUD_OPENAPI_URL"
DEFAULT_SHARING_PORT = 8132

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class SimulatorData:
    """What the demo runs, for services (and later issues) to reach."""

    cloud: FakeTuyaCloud
    devices: list[DeviceEmulator]


def _port(variable: str, default: int) -> int:
    return int(os.environ.get(variable, default))


async def _async_start_cloud(
    hass: HomeAssistant, devices: list[DeviceEmulator]
) -> FakeTuyaCloud:
    cloud = FakeTuyaCloud(
        seed="demo",
        openapi_port=_port("TUYA_BLUETOOTH_FAKE_OPENAPI_PORT", DEFAULT_OPENAPI_PORT),
        sharing_port=_port("TUYA_BLUETOOTH_FAKE_SHARING_PORT", DEFAULT_SHARING_PORT),
    )
    project = cloud.add_project(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    account = cloud.add_account(
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
        user_code=DEMO_USER_CODE,
        link=project,
    )
    for device in devices:
        if device.bound:
            cloud.add_device(device.identity, account)
        else:
            cloud.add_factory_unit(device.identity)
    await cloud.start()
    # The integration's cloud clients look for their hosts in these variables
    # (custom_components/tuya_bluetooth/const.py, cloud_base_url); the demo runs in
    # Home Assistant's own process, so setting them here points them at the fake.
    for variable, url in (
        (CLOUD_SHARING_URL_VARIABLE, cloud.sharing_url),
        (CLOUD_OPENAPI_URL_VARIABLE, cloud.openapi_url),
    ):
        os.environ.setdefault(variable, url)

    async def _stop(_event: Event) -> None:
        await cloud.stop()

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop)
    _LOGGER.info(
        "Fake Tuya cloud: OpenAPI at %s, sharing (QR login) API at %s; demo account"
        " user code %s, user id %s (for the developer project)",
        cloud.openapi_url,
        cloud.sharing_url,
        DEMO_USER_CODE,
        account.uid,
    )
    return cloud


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the virtual proxy and start advertising the simulated devices."""
    scanners = [
        VirtualRemoteScanner(source, VirtualBleakClient, slots=PROXY_SLOTS)
        for source in SCANNER_SOURCES
    ]
    for scanner in scanners:
        async_register_scanner(hass, scanner, source_domain=DOMAIN)
        scanner.async_setup()
    loop = asyncio.get_running_loop()
    devices: list[tuple[DeviceEmulator, dict[str, object]]] = []
    for product, bound in DEMO_PRODUCTS:
        device, ble_device = make_virtual_device(
            product, bound=bound, scheduler=loop, seed="demo"
        )
        devices.append((device, dict(ble_device.details)))

    cloud = await _async_start_cloud(hass, [device for device, _ in devices])
    hass.data[DOMAIN] = SimulatorData(cloud, [device for device, _ in devices])

    @callback
    def _confirm_qr_login(call: ServiceCall) -> None:
        """Play the phone app: confirm the newest QR login."""
        try:
            cloud.confirm_qr_login()
        except IndexError:
            raise HomeAssistantError("No QR login is waiting to be confirmed") from None

    hass.services.async_register(DOMAIN, "confirm_qr_login", _confirm_qr_login)

    @callback
    def _advertise(*_: object) -> None:
        for index, (device, details) in enumerate(devices):
            if not device.in_range:
                continue
            for number, scanner in enumerate(scanners):
                # Each device is nearer to one proxy than to the other.
                rssi = -55 if (index + number) % 2 else -75
                scanner.inject_advertising(
                    device.address,
                    advertising_of(device),
                    rssi=rssi,
                    details=details,
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

"""`VirtualBleakClient`: a bleak backend that connects to simulated peripherals.

It finds its peripheral in ``ble_device.details["virtual_peripheral"]`` and the
link settings (latency, MTU, faults, history) in ``details["virtual_link"]``
(optional). `details` must be a dict; habluetooth merges ``{"source": ...}``
into the details of devices seen by a remote scanner, so the keys survive.
Ways in (all verified by tests/simulator/test_link_bleak.py):

- ``BleakClient(ble_device, backend=VirtualBleakClient)``;
- ``establish_connection(BleakClientWithServiceCache, ble_device, name,
  backend=VirtualBleakClient)`` (bleak_retry_connector passes `backend` through);
- ``HaBluetoothConnector(client=VirtualBleakClient, source=..., can_connect=...)``
  on a remote scanner: habluetooth's wrapper instantiates it for devices that
  scanner saw (simulator/scanner.py).

A backend bound to a virtual proxy (``VirtualBleakClient.through(slots)``, what
the scanner hands habluetooth) takes one of the proxy's connection slots when a
connection attempt starts and frees it when the attempt fails or the link ends
(simulator/ble/slots.py); with all slots taken it waits for one, then raises
the TimeoutError an ESPHome proxy's client raises.

Behaviour: writes must use the write characteristic and fit ``mtu - 3`` bytes;
notifications reach the callback given to `start_notify` (none before it);
`disconnect()` or a peripheral-side drop calls the disconnected callback once
(on every disconnect, as BlueZ does). Reads are not permitted.
"""

from __future__ import annotations

from collections.abc import Callable
import logging
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import (
    BleakDeviceNotFoundError,
    BleakError,
    BleakGATTProtocolError,
    BleakGATTProtocolErrorCode,
)

from .faults import LinkSettings
from .link import Link
from .slots import ConnectionSlots

if TYPE_CHECKING:
    from bleak.args import SizedBuffer

    from .peripheral import GattProfile, Peripheral

_LOGGER = logging.getLogger(__name__)
PERIPHERAL_KEY = "virtual_peripheral"
SETTINGS_KEY = "virtual_link"
_CCCD = "00002902-0000-1000-8000-00805f9b34fb"


def make_ble_device(
    peripheral: Peripheral, settings: LinkSettings | None = None, **extra: Any
) -> BLEDevice:
    """A BLEDevice whose details lead `VirtualBleakClient` to `peripheral`."""
    details: dict[str, Any] = {
        PERIPHERAL_KEY: peripheral,
        SETTINGS_KEY: settings or LinkSettings(),
    }
    details.update(extra)
    return BLEDevice(peripheral.address, peripheral.name, details)


def build_services(profile: GattProfile, mtu: int) -> BleakGATTServiceCollection:
    """The GATT table of a Tuya peripheral: one service, write + notify characteristics."""
    services = BleakGATTServiceCollection()
    service = BleakGATTService(None, 1, profile.service_uuid)
    services.add_service(service)
    size: Callable[[], int] = lambda: mtu - 3  # noqa: E731
    services.add_characteristic(
        BleakGATTCharacteristic(
            None,
            3,
            profile.write_uuid,
            ["write-without-response", "write"],
            size,
            service,
        )
    )
    notify = BleakGATTCharacteristic(
        None, 5, profile.notify_uuid, ["notify"], size, service
    )
    services.add_characteristic(notify)
    services.add_descriptor(BleakGATTDescriptor(None, 6, _CCCD, notify))
    return services


class VirtualBleakClient(BaseBleakClient):
    """Bleak backend over a virtual link (see module docstring)."""

    # The proxy whose connection slots this backend's connections take (`through`).
    proxy_slots: ClassVar[ConnectionSlots | None] = None

    @classmethod
    def through(cls, slots: ConnectionSlots) -> type[Self]:
        """This backend as seen through a proxy: its connections take `slots`."""
        name = f"{cls.__name__}Via{slots.adapter.replace(':', '')}"
        return cast("type[Self]", type(name, (cls,), {"proxy_slots": slots}))

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        """Accept what BleakClient and habluetooth pass; extra kwargs are ignored."""
        kwargs.setdefault("timeout", 10.0)
        super().__init__(address_or_ble_device, **kwargs)
        details = (
            address_or_ble_device.details
            if isinstance(address_or_ble_device, BLEDevice)
            else None
        )
        details = details if isinstance(details, dict) else {}
        self._peripheral: Peripheral | None = details.get(PERIPHERAL_KEY)
        settings = details.get(SETTINGS_KEY)
        self.settings: LinkSettings = (
            settings if isinstance(settings, LinkSettings) else LinkSettings()
        )
        self._link: Link | None = None
        self._notify_callback: NotifyCallback | None = None
        self._holds_slot = False

    @property
    def name(self) -> str:
        """The peripheral's name."""
        return self._peripheral.name if self._peripheral else self.address

    @property
    def mtu_size(self) -> int:
        """The configured ATT MTU."""
        return self.settings.mtu

    @property
    def is_connected(self) -> bool:
        """Whether the virtual link is up."""
        return self._link is not None and self._link.open

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        """Connect after one latency; BleakDeviceNotFoundError if unreachable."""
        if self.is_connected:
            return
        peripheral = self._peripheral
        if peripheral is None:
            raise BleakDeviceNotFoundError(
                self.address, f"no virtual peripheral for {self.address}"
            )
        await self._take_slot()
        try:
            await self.settings.sleep(self.settings.latency)
            if not peripheral.connectable:
                raise BleakDeviceNotFoundError(
                    self.address, f"device {self.address} not found or busy"
                )
        except BaseException:
            self._free_slot()
            raise
        self.services = build_services(peripheral.gatt_profile, self.settings.mtu)
        self._notify_callback = None
        self._link = Link(peripheral, self.settings, self._deliver, self._lost)
        peripheral.on_connect(self._link)

    async def disconnect(self) -> None:
        """Disconnect; the peripheral hears at once, the callback fires."""
        link = self._link
        if link is None:
            return
        if link.open:
            link.close()
            self._lost()
        await link.wait_closed()

    def _deliver(self, data: bytes) -> None:
        if self._notify_callback is not None:
            self._notify_callback(bytearray(data))

    async def _take_slot(self) -> None:
        slots = self.proxy_slots
        if slots is not None and not self._holds_slot:
            await slots.take(self.address)
            self._holds_slot = True

    def _free_slot(self) -> None:
        slots = self.proxy_slots
        if slots is not None and self._holds_slot:
            self._holds_slot = False
            slots.give_back(self.address)

    def _lost(self) -> None:
        self._notify_callback = None
        self._free_slot()
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        """Tuya devices don't use BLE pairing: nothing to do."""

    async def unpair(self) -> None:
        """Nothing to undo."""

    def _check(self, characteristic: BleakGATTCharacteristic, uuid: str) -> Link:
        link = self._link
        if link is None or not link.open:
            raise BleakError("Not connected")
        if characteristic.uuid != uuid:
            raise BleakGATTProtocolError(BleakGATTProtocolErrorCode.WRITE_NOT_PERMITTED)
        return link

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: SizedBuffer, response: bool
    ) -> None:
        """Send one packet to the peripheral."""
        profile = self._require_profile()
        link = self._check(characteristic, profile.write_uuid)
        payload = bytes(data)
        if len(payload) > self.settings.mtu - 3:
            raise BleakGATTProtocolError(
                BleakGATTProtocolErrorCode.INVALID_ATTRIBUTE_VALUE_LENGTH
            )
        link.write(payload)

    async def start_notify(
        self,
        characteristic: BleakGATTCharacteristic,
        callback: NotifyCallback,
        **kwargs: Any,
    ) -> None:
        """Subscribe to the notify characteristic."""
        self._check(characteristic, self._require_profile().notify_uuid)
        self._notify_callback = callback

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        """Unsubscribe."""
        self._check(characteristic, self._require_profile().notify_uuid)
        self._notify_callback = None

    def _require_profile(self) -> GattProfile:
        if self._peripheral is None:
            raise BleakError("Not connected")
        return self._peripheral.gatt_profile

    async def read_gatt_char(
        self,
        characteristic: BleakGATTCharacteristic,
        *,
        use_cached: bool = False,
        **kwargs: Any,
    ) -> bytearray:
        """Tuya characteristics aren't readable."""
        raise BleakGATTProtocolError(BleakGATTProtocolErrorCode.READ_NOT_PERMITTED)

    async def read_gatt_descriptor(
        self,
        descriptor: BleakGATTDescriptor,
        *,
        use_cached: bool = False,
        **kwargs: Any,
    ) -> bytearray:
        """Not modelled."""
        raise BleakGATTProtocolError(BleakGATTProtocolErrorCode.READ_NOT_PERMITTED)

    async def write_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, data: SizedBuffer
    ) -> None:
        """Not modelled (use start_notify)."""
        raise BleakGATTProtocolError(BleakGATTProtocolErrorCode.WRITE_NOT_PERMITTED)

"""One call to get a simulated device and the BLEDevice that reaches it.

    device, ble_device = make_virtual_device(SWITCH, bound=True)
    client = BleakClient(ble_device, backend=VirtualBleakClient)

`device` is a `DeviceEmulator` (simulator.device), `ble_device.details` holds it
and the link's `LinkSettings` (``details["virtual_link"]``: latency, MTU,
faults, history). Time: by default a `ManualScheduler` (tests call
``device.scheduler.advance(s)``); pass ``scheduler=asyncio.get_running_loop()``
for real time (the demo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .ble.client import SETTINGS_KEY, make_ble_device
from .ble.faults import LinkSettings
from .device import DeviceEmulator, EmulatorOptions, ManualScheduler
from .products import DeviceIdentity, Product, make_devices

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice

    from .device import Scheduler


def make_virtual_device(
    product: Product | DeviceIdentity,
    *,
    bound: bool = False,
    scheduler: Scheduler | None = None,
    options: EmulatorOptions | None = None,
    settings: LinkSettings | None = None,
    seed: int | str = 0,
    index: int = 0,
    **details: Any,
) -> tuple[DeviceEmulator, BLEDevice]:
    """Build an emulator (unit `index` of `seed` for a product) and its BLEDevice.

    Extra keyword arguments are added to the BLEDevice details.
    """
    identity = (
        product
        if isinstance(product, DeviceIdentity)
        else make_devices(product, index + 1, seed)[index]
    )
    device = DeviceEmulator(
        identity, scheduler or ManualScheduler(), options, bound=bound
    )
    return device, make_ble_device(device, settings, **details)


def link_settings(ble_device: BLEDevice) -> LinkSettings:
    """The LinkSettings stored in a virtual BLEDevice."""
    settings = ble_device.details[SETTINGS_KEY]
    assert isinstance(settings, LinkSettings)
    return settings

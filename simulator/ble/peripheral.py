"""The small interface between the virtual BLE link and a simulated device.

A peripheral is anything with a GATT profile (one service, one write and one
notify characteristic) that reacts to connections and writes. The link calls
`on_connect`, `on_write` and `on_disconnect`; the peripheral talks back through
the `Central` it was given: `notify(data)` for a notification, `disconnect()`
to drop the link itself. Both calls are synchronous; the link queues and delays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

_BASE = "-0000-1000-8000-00805f9b34fb"


def uuid16(value: int) -> str:
    """Expand a 16-bit UUID to the 128-bit form bleak uses."""
    return f"0000{value:04x}{_BASE}"


@dataclass(frozen=True, slots=True)
class GattProfile:
    """The service and characteristics a peripheral exposes."""

    service_uuid: str
    write_uuid: str
    notify_uuid: str


# docs/protocol.md §2: v1-v3 and v4 Tuya GATT layouts.
TUYA_GATT_V3 = GattProfile(uuid16(0x1910), uuid16(0x2B11), uuid16(0x2B10))
TUYA_GATT_V4 = GattProfile(
    uuid16(0xFD50),
    "00000001-0000-1001-8001-00805f9b07d0",
    "00000002-0000-1001-8001-00805f9b07d0",
)


class Central(Protocol):
    """What a peripheral may do to the central it is connected to."""

    def notify(self, data: bytes) -> None:
        """Send one notification on the notify characteristic."""

    def disconnect(self) -> None:
        """Drop the link from the peripheral side."""


class Peripheral(Protocol):
    """A device the virtual link can connect to."""

    @property
    def address(self) -> str:
        """Bluetooth address."""
        ...

    @property
    def name(self) -> str:
        """Advertised name."""
        ...

    @property
    def gatt_profile(self) -> GattProfile:
        """Its GATT layout."""
        ...

    @property
    def connectable(self) -> bool:
        """False when out of range, powered off or already connected."""
        ...

    def on_connect(self, central: Central) -> None:
        """A central connected."""

    def on_write(self, data: bytes) -> None:
        """A write without response arrived on the write characteristic."""

    def on_disconnect(self) -> None:
        """The central disconnected (or the link was lost)."""

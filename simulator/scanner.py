"""A virtual remote Bluetooth scanner, the way an ESPHome Bluetooth proxy is one.

Registered with habluetooth, it feeds raw advertisement bytes through Home
Assistant's real parsing, merging, matcher and discovery code, and offers a
connector whose bleak backend (the simulator's virtual link, bound to this
proxy) habluetooth uses when an integration connects to a device this scanner
has seen.

Like an ESPHome proxy it has a fixed number of connection slots (3 by default).
Its connections take and free them (simulator/ble/slots.py), and, from
`async_setup` until the scanner is torn down, it reports every change to
habluetooth's manager the way bleak_esphome does: an `Allocations` pushed to
``BluetoothManager.async_on_allocation_changed``, the same numbers from
`get_allocations` (which habluetooth's path scoring reads), and a connector that
refuses connections while no slot is free. So habluetooth picks another proxy
when this one is full, and with no other path the connection fails with
bleak_retry_connector's `BleakOutOfConnectionSlotsError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bluetooth_data_tools import monotonic_time_coarse
from habluetooth import (
    Allocations,
    BaseHaRemoteScanner,
    HaBluetoothConnector,
    get_manager,
)

from .advertising import AdvertisingPayload, Packet
from .ble.client import VirtualBleakClient
from .ble.slots import CONNECTION_SLOTS, SLOT_WAIT, ConnectionSlots


class VirtualRemoteScanner(BaseHaRemoteScanner):
    """A connectable remote scanner fed by tests or the demo."""

    def __init__(
        self,
        source: str,
        client: type[VirtualBleakClient] = VirtualBleakClient,
        *,
        connectable: bool = True,
        slots: int = CONNECTION_SLOTS,
        slot_wait: float = SLOT_WAIT,
    ) -> None:
        """Create a scanner whose connections go through the given bleak backend.

        `slots`: how many connections it can hold at once; `slot_wait`: how long
        a connection attempt that finds them all taken waits for one.
        """
        self.slots = ConnectionSlots(source, slots, wait=slot_wait)
        self._stop_reporting: Callable[[], None] | None = None
        connector = HaBluetoothConnector(
            client=client.through(self.slots),
            source=source,
            can_connect=self._can_connect,
        )
        super().__init__(source, source, connector, connectable)

    def _can_connect(self) -> bool:
        """What habluetooth asks before it picks this path: is a slot free?"""
        return self.slots.free > 0

    def get_allocations(self) -> Allocations | None:
        """The slot state habluetooth's path scoring reads (None: no slots)."""
        return self.slots.allocations() if self.slots.limit else None

    def async_setup(self) -> Callable[[], None]:
        """Start as the proxy comes online: report its slots from now on."""
        unsetup = super().async_setup()
        if self._stop_reporting is None:
            self._stop_reporting = self.slots.subscribe(
                get_manager().async_on_allocation_changed
            )
        self.slots.report()
        return unsetup

    def _unsetup(self) -> None:
        """Stop reporting; habluetooth drops the slots when the scanner goes."""
        super()._unsetup()
        if self._stop_reporting is not None:
            self._stop_reporting()
            self._stop_reporting = None

    def inject_packet(
        self,
        address: str,
        packet: Packet,
        *,
        rssi: int = -60,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Deliver one received packet (advertisement or scan response)."""
        self._async_on_raw_advertisement(
            address, rssi, packet.raw, dict(details or {}), monotonic_time_coarse()
        )

    def inject_advertising(
        self,
        address: str,
        payload: AdvertisingPayload,
        *,
        rssi: int = -60,
        details: Mapping[str, Any] | None = None,
        scan_response: bool = True,
    ) -> None:
        """Deliver the advertisement, then its scan response as a separate event.

        A passive scanner never receives the scan response: pass
        ``scan_response=False`` to act as one.
        """
        self.inject_packet(address, payload.advertisement, rssi=rssi, details=details)
        if scan_response:
            self.inject_packet(
                address, payload.scan_response, rssi=rssi, details=details
            )

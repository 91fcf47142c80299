"""A virtual remote Bluetooth scanner, the way an ESPHome Bluetooth proxy is one.

Registered with habluetooth, it feeds raw advertisement bytes through Home
Assistant's real parsing, merging, matcher and discovery code, and offers a
connector whose bleak backend (normally the simulator's virtual link) habluetooth
uses when an integration connects to a device this scanner has seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bleak.backends.client import BaseBleakClient
from bluetooth_data_tools import monotonic_time_coarse
from habluetooth import BaseHaRemoteScanner, HaBluetoothConnector

from .advertising import AdvertisingPayload, Packet


class VirtualRemoteScanner(BaseHaRemoteScanner):
    """A connectable remote scanner fed by tests or the demo."""

    def __init__(
        self,
        source: str,
        client: type[BaseBleakClient],
        *,
        connectable: bool = True,
    ) -> None:
        """Create a scanner whose connections go through the given bleak backend."""
        connector = HaBluetoothConnector(
            client=client, source=source, can_connect=lambda: True
        )
        super().__init__(source, source, connector, connectable)

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

"""The virtual proxy's connection slots, seen by habluetooth's real manager.

Like an ESPHome proxy, `VirtualRemoteScanner` reports its slots to the manager
(`async_on_allocation_changed`), answers `get_allocations` (path scoring) and
refuses connections through its connector while full. These tests connect the
way integrations do (bleak_retry_connector's `establish_connection`, wrapped by
habluetooth) and read the manager's view (`async_current_allocations`,
`async_register_allocation_callback`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Generator
from unittest.mock import AsyncMock, patch

from bleak import BleakClient
from bleak.backends.device import BLEDevice
from bleak.exc import BleakDeviceNotFoundError
import bleak_retry_connector
from bleak_retry_connector import NO_RSSI_VALUE, BleakOutOfConnectionSlotsError
from habluetooth import HaBluetoothSlotAllocations, get_manager
from homeassistant.components import bluetooth
from homeassistant.core import HomeAssistant
import pytest

from simulator.advertising import advertising_of
from simulator.ble.client import VirtualBleakClient
from simulator.ble.slots import ConnectionSlots
from simulator.device import DeviceEmulator
from simulator.factory import make_virtual_device
from simulator.products import LOCK, SWITCH
from simulator.scanner import VirtualRemoteScanner

from .conftest import counting_random

type ProxyFactory = Callable[[str, int], VirtualRemoteScanner]


@pytest.fixture(autouse=True)
def no_core_matchers() -> Generator[None]:
    """Core integrations' matchers (e.g. xiaomi_ble on 0xFD50) would start flows."""
    with patch("homeassistant.loader.BLUETOOTH", []):
        yield


@pytest.fixture(autouse=True)
def no_retry_backoff() -> Generator[None]:
    """bleak_retry_connector sleeps seconds between attempts: skip the sleeps."""
    with patch.object(bleak_retry_connector, "wait_for_disconnect", AsyncMock()):
        yield


@pytest.fixture
async def proxies(
    hass: HomeAssistant, enable_bluetooth: None
) -> AsyncGenerator[ProxyFactory]:
    """Register virtual proxies the way the ESPHome integration registers its own."""
    teardown: list[Callable[[], None]] = []

    def make(source: str, slots: int = 3) -> VirtualRemoteScanner:
        scanner = VirtualRemoteScanner(source, VirtualBleakClient, slots=slots)
        teardown.append(
            bluetooth.async_register_scanner(hass, scanner, source_domain="esphome")
        )
        teardown.append(scanner.async_setup())
        return scanner

    yield make
    for undo in reversed(teardown):
        undo()


def _device(index: int) -> tuple[DeviceEmulator, dict[str, object]]:
    device, ble_device = make_virtual_device(
        LOCK if index % 2 else SWITCH,
        bound=True,
        options=counting_random(),
        seed="slots",
        index=index,
    )
    return device, dict(ble_device.details)


def _advertise(
    scanner: VirtualRemoteScanner,
    device: DeviceEmulator,
    details: dict[str, object],
    rssi: int = -60,
) -> None:
    scanner.inject_advertising(
        device.address, advertising_of(device), rssi=rssi, details=details
    )


async def _connect(hass: HomeAssistant, address: str) -> BleakClient:
    """Connect as an integration does; habluetooth picks the path."""
    await hass.async_block_till_done()
    ble_device = bluetooth.async_ble_device_from_address(hass, address, True)
    assert ble_device is not None
    # Looked up now: habluetooth swaps in its wrapper while Bluetooth is set up.
    client_class = bleak_retry_connector.BleakClientWithServiceCache
    return await bleak_retry_connector.establish_connection(
        client_class, ble_device, address, max_attempts=1
    )


def _reported(source: str) -> tuple[int, int, list[str]]:
    """(slots, free, allocated) as habluetooth's manager holds them for `source`."""
    (allocations,) = get_manager().async_current_allocations(source) or []
    return allocations.slots, allocations.free, allocations.allocated


async def test_a_connection_takes_a_slot_the_manager_sees(
    hass: HomeAssistant, proxies: ProxyFactory
) -> None:
    proxy = proxies("AA:BB:CC:00:51:01", 3)
    (lock, lock_details), (switch, switch_details) = _device(1), _device(2)
    _advertise(proxy, lock, lock_details)
    _advertise(proxy, switch, switch_details)
    assert _reported(proxy.source) == (3, 3, [])
    pushed: list[HaBluetoothSlotAllocations] = []
    all_free = asyncio.Event()

    def on_change(allocations: HaBluetoothSlotAllocations) -> None:
        pushed.append(allocations)
        if allocations.free == allocations.slots:
            all_free.set()

    unsubscribe = get_manager().async_register_allocation_callback(
        on_change, proxy.source
    )
    try:
        first = await _connect(hass, lock.address)
        assert lock.connected
        assert _reported(proxy.source) == (3, 2, [lock.address])
        second = await _connect(hass, switch.address)
        assert _reported(proxy.source) == (3, 1, [lock.address, switch.address])
        assert pushed[-1].free == 1

        await first.disconnect()
        assert not first.is_connected
        assert _reported(proxy.source) == (3, 2, [switch.address])

        # A link the device drops (out of range) frees its slot too.
        switch.power_off()
        async with asyncio.timeout(1):
            await all_free.wait()
        assert not second.is_connected
        assert _reported(proxy.source) == (3, 3, [])
        assert [(p.free, p.allocated) for p in pushed] == [
            (2, [lock.address]),
            (1, [lock.address, switch.address]),
            (2, [switch.address]),
            (3, []),
        ]
    finally:
        unsubscribe()


@pytest.mark.parametrize("full", ["all_taken", "no_slots"])
async def test_a_full_proxy_is_passed_over_despite_better_rssi(
    hass: HomeAssistant, proxies: ProxyFactory, full: str
) -> None:
    near = proxies("AA:BB:CC:00:52:01", 1 if full == "all_taken" else 0)
    far = proxies("AA:BB:CC:00:52:02", 3)
    (lock, lock_details), (other, other_details) = _device(3), _device(4)
    holder: BleakClient | None = None
    if full == "all_taken":
        _advertise(near, other, other_details)
        holder = await _connect(hass, other.address)
        assert _reported(near.source) == (1, 0, [other.address])
    _advertise(near, lock, lock_details, rssi=-40)
    _advertise(far, lock, lock_details, rssi=-85)
    await hass.async_block_till_done()
    best = bluetooth.async_ble_device_from_address(hass, lock.address, True)
    assert best is not None
    assert best.details["source"] == near.source  # RSSI alone would pick `near`
    if full == "all_taken":
        # habluetooth's path scoring reads the slots and rules `near` out.
        paths = {
            path.scanner.source: path
            for path in bluetooth.async_scanner_devices_by_address(
                hass, lock.address, True
            )
        }
        assert paths[near.source].score_connection_path(45) == NO_RSSI_VALUE
        assert paths[far.source].score_connection_path(45) > NO_RSSI_VALUE

    client = await _connect(hass, lock.address)

    assert client.is_connected
    assert lock.connected
    assert _reported(far.source) == (3, 2, [lock.address])
    assert lock.address not in near.slots.allocated
    await client.disconnect()
    assert _reported(far.source) == (3, 3, [])
    if holder is not None:
        await holder.disconnect()


async def test_only_a_full_proxy_fails_then_a_freed_slot_lets_it_connect(
    hass: HomeAssistant, proxies: ProxyFactory
) -> None:
    proxy = proxies("AA:BB:CC:00:53:01", 1)
    (lock, lock_details), (other, other_details) = _device(5), _device(6)
    _advertise(proxy, other, other_details)
    _advertise(proxy, lock, lock_details)
    holder = await _connect(hass, other.address)
    assert _reported(proxy.source) == (1, 0, [other.address])

    with pytest.raises(BleakOutOfConnectionSlotsError):
        await _connect(hass, lock.address)
    assert lock.connections == 0  # the attempt never reached the device
    assert _reported(proxy.source) == (1, 0, [other.address])

    freed: asyncio.Event = asyncio.Event()
    pushed: list[HaBluetoothSlotAllocations] = []

    def on_change(allocations: HaBluetoothSlotAllocations) -> None:
        pushed.append(allocations)
        if allocations.free:
            freed.set()

    unsubscribe = get_manager().async_register_allocation_callback(
        on_change, proxy.source
    )
    try:
        await holder.disconnect()
        async with asyncio.timeout(1):
            await freed.wait()
        assert (pushed[-1].source, pushed[-1].slots, pushed[-1].free) == (
            proxy.source,
            1,
            1,
        )
        assert pushed[-1].allocated == []

        client = await _connect(hass, lock.address)
        assert lock.connected
        assert _reported(proxy.source) == (1, 0, [lock.address])
        await client.disconnect()
    finally:
        unsubscribe()


# ---- the backend on its own: what a proxy's client does when it finds no slot ----


def _ble_device(index: int) -> tuple[DeviceEmulator, BLEDevice]:
    return make_virtual_device(
        SWITCH, bound=True, options=counting_random(), seed="slots", index=index
    )


async def test_backend_without_a_slot_times_out_as_out_of_slots() -> None:
    slots = ConnectionSlots("AA:BB:CC:00:54:01", 1, wait=0.01)
    backend = VirtualBleakClient.through(slots)
    (holder_device, holder_ble), (device, ble_device) = _ble_device(7), _ble_device(8)
    holder = BleakClient(holder_ble, backend=backend)
    await holder.connect()
    assert slots.allocated == [holder_device.address]

    client = backend(ble_device)
    with pytest.raises(TimeoutError, match="connection slot"):
        await client.connect(pair=False)
    assert not device.connected
    # bleak_retry_connector reads that error as "out of connection slots".
    with pytest.raises(BleakOutOfConnectionSlotsError):
        await bleak_retry_connector.establish_connection(
            bleak_retry_connector.BleakClientWithServiceCache,
            ble_device,
            "switch",
            max_attempts=1,
            backend=backend,
        )
    assert slots.allocated == [holder_device.address]
    await holder.disconnect()
    assert slots.allocated == []


async def test_backend_waits_for_a_slot_freed_meanwhile() -> None:
    slots = ConnectionSlots("AA:BB:CC:00:55:01", 1, wait=5.0)
    backend = VirtualBleakClient.through(slots)
    (_, holder_ble), (device, ble_device) = _ble_device(9), _ble_device(10)
    holder = backend(holder_ble)
    await holder.connect(pair=False)
    client = backend(ble_device)
    waiting = asyncio.create_task(client.connect(pair=False))
    await asyncio.sleep(0)
    assert not waiting.done()
    await holder.disconnect()
    async with asyncio.timeout(1):
        await waiting
    assert device.connected
    assert slots.allocated == [device.address]
    await client.disconnect()
    assert slots.free == 1


async def test_failed_attempt_gives_its_slot_back() -> None:
    slots = ConnectionSlots("AA:BB:CC:00:56:01", 1)
    device, ble_device = _ble_device(11)
    device.power_off()
    client = VirtualBleakClient.through(slots)(ble_device)
    with pytest.raises(BleakDeviceNotFoundError):
        await client.connect(pair=False)
    assert slots.allocated == []
    assert slots.free == 1

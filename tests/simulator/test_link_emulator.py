"""The emulator behind the virtual link, reached the ways a hub reaches a device."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
import struct

from bleak import BleakClient
from bleak_retry_connector import BleakClientWithServiceCache, establish_connection
import pytest

from simulator.ble.client import VirtualBleakClient
from simulator.ble.faults import Direction, FaultKind
from simulator.device import DeviceEmulator, DropReason
from simulator.factory import link_settings, make_virtual_device
from simulator.products import LOCK, SWITCH, Product

from .conftest import counting_random
from .hub import Hub, split


async def settle() -> None:
    for _ in range(30):
        await asyncio.sleep(0)


class Remote:
    """The test hub's codecs over a connected BleakClient."""

    def __init__(self, client: BleakClient, device: DeviceEmulator) -> None:
        self.client = client
        self.device = device
        self.hub = Hub(device, local_key=device.identity.local_key, connect=False)
        self.profile = device.gatt_profile

    async def start(self) -> Remote:
        await self.client.start_notify(
            self.profile.notify_uuid,
            lambda _c, data: self.hub.central.packets.append(bytes(data)),
        )
        return self

    async def send(self, cmd: int, data: bytes = b"", mode: int = 5) -> None:
        for packet in split(self.hub.frame(cmd, data, mode), self.hub.version):
            await self.client.write_gatt_char(
                self.profile.write_uuid, packet, response=False
            )
        await settle()

    async def handshake(self) -> list[int]:
        await self.send(0x0000, b"\x00\x14" if self.hub.version >= 4 else b"", mode=4)
        cmds = [f.cmd for f in self.hub.receive()]
        await self.send(0x0001, self.hub.pair_payload())
        return cmds + [f.cmd for f in self.hub.receive()]


_CLIENTS: list[BleakClient] = []


@pytest.fixture(autouse=True)
async def disconnect_all() -> AsyncGenerator[None]:
    yield
    while _CLIENTS:
        await _CLIENTS.pop().disconnect()


@pytest.mark.parametrize("product", [SWITCH, LOCK], ids=["v3", "v4"])
async def test_handshake_and_dp_write_over_bleak_client(product: Product) -> None:
    device, ble_device = make_virtual_device(
        product, bound=True, options=counting_random()
    )
    client = BleakClient(ble_device, backend=VirtualBleakClient)
    _CLIENTS.append(client)
    await client.connect()
    remote = await Remote(client, device).start()
    assert await remote.handshake() == [0x0000, 0x0001, 0x8011]
    assert device.paired
    if product is SWITCH:
        await remote.send(0x0002, bytes([1, 1, 1, 1]))
    else:
        await remote.send(
            0x0027, b"\x00" + struct.pack(">I", 1) + bytes([33, 1, 0, 1, 0])
        )
    frames = remote.hub.receive()
    assert frames[0].data[-1] == 0
    assert len(frames) == 2
    await client.disconnect()
    assert device.drops == [DropReason.CENTRAL]
    assert not device.connected


async def test_device_side_drop_reaches_the_client() -> None:
    device, ble_device = make_virtual_device(
        SWITCH, bound=True, options=counting_random()
    )
    gone: list[BleakClient] = []
    client = BleakClient(
        ble_device, disconnected_callback=gone.append, backend=VirtualBleakClient
    )
    _CLIENTS.append(client)
    await client.connect()
    remote = await Remote(client, device).start()
    await remote.handshake()
    remote.hub.receive()
    await remote.send(0x0005)  # unbind: reply, then the device drops the link
    (reply,) = remote.hub.receive()
    assert reply.data == b"\x00"
    assert gone == [client]
    assert not client.is_connected
    assert not device.bound


async def test_pairing_deadline_over_the_link() -> None:
    device, ble_device = make_virtual_device(
        LOCK, bound=True, options=counting_random()
    )
    client = BleakClient(ble_device, backend=VirtualBleakClient)
    _CLIENTS.append(client)
    await client.connect()
    device.scheduler.advance(30)  # type: ignore[attr-defined]
    await settle()
    assert not client.is_connected
    assert device.drops == [DropReason.PAIR_TIMEOUT]


async def test_corrupted_write_is_silence_not_a_drop() -> None:
    device, ble_device = make_virtual_device(
        LOCK, bound=True, options=counting_random()
    )
    link_settings(ble_device).add_fault(FaultKind.CORRUPT, Direction.TO_DEVICE, frame=0)
    client = BleakClient(ble_device, backend=VirtualBleakClient)
    _CLIENTS.append(client)
    await client.connect()
    remote = await Remote(client, device).start()
    await remote.send(0x0000, b"\x00\x14", mode=4)
    assert remote.hub.receive() == []
    assert device.dropped_frames == 1
    assert client.is_connected
    await remote.send(0x0000, b"\x00\x14", mode=4)  # re-sent whole, higher sn
    assert len(remote.hub.receive()) == 1


async def test_establish_connection_with_backend() -> None:
    device, ble_device = make_virtual_device(
        SWITCH, bound=True, options=counting_random()
    )
    client = await establish_connection(
        BleakClientWithServiceCache,
        ble_device,
        "switch",
        backend=VirtualBleakClient,
        max_attempts=1,
    )
    _CLIENTS.append(client)
    assert client.is_connected
    assert device.connected
    remote = await Remote(client, device).start()
    assert await remote.handshake() == [0x0000, 0x0001, 0x8011]

"""The virtual BLE link as a bleak backend: GATT, latency, MTU and every fault."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from bleak import BleakClient
from bleak.exc import BleakDeviceNotFoundError, BleakError, BleakGATTProtocolError
import pytest

from simulator.ble.client import VirtualBleakClient, make_ble_device
from simulator.ble.faults import Direction, FaultKind, LinkSettings
from simulator.ble.peripheral import TUYA_GATT_V3, TUYA_GATT_V4, Central, GattProfile
from simulator.device import ManualScheduler

V3 = TUYA_GATT_V3


class EchoPeripheral:
    """Echoes each write as a notification; b"bye" makes it drop the link."""

    def __init__(self, profile: GattProfile = V3) -> None:
        self.address = "02:00:00:00:00:01"
        self.name = "echo"
        self.gatt_profile = profile
        self.central: Central | None = None
        self.writes: list[bytes] = []
        self.disconnects = 0
        self.in_range = True

    @property
    def connectable(self) -> bool:
        return self.in_range and self.central is None

    def on_connect(self, central: Central) -> None:
        self.central = central

    def on_write(self, data: bytes) -> None:
        self.writes.append(data)
        assert self.central is not None
        self.central.notify(data)
        if data == b"bye":
            self.central.notify(b"ok")
            self.central.disconnect()
            self.central = None

    def on_disconnect(self) -> None:
        self.disconnects += 1
        self.central = None


class Recorder:
    """Fake sleep: records requested delays, waits one loop turn."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(round(delay, 6))
        await asyncio.sleep(0)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


_OPEN: list[Session] = []


@pytest.fixture(autouse=True)
async def close_sessions() -> AsyncGenerator[None]:
    """Disconnect every client a test opened (no lingering pump tasks)."""
    yield
    while _OPEN:
        await _OPEN.pop().client.disconnect()
    await settle()


class Session:
    def __init__(self, peripheral: EchoPeripheral, settings: LinkSettings) -> None:
        _OPEN.append(self)
        self.peripheral = peripheral
        self.settings = settings
        self.received: list[bytes] = []
        self.disconnected = 0
        self.client = BleakClient(
            make_ble_device(peripheral, settings),
            disconnected_callback=self._gone,
            backend=VirtualBleakClient,
        )

    def _gone(self, _client: BleakClient) -> None:
        self.disconnected += 1

    async def start(self) -> Session:
        await self.client.connect()
        await self.client.start_notify(
            self.peripheral.gatt_profile.notify_uuid,
            lambda _c, d: self.received.append(bytes(d)),
        )
        return self

    async def write(self, *packets: bytes) -> None:
        for packet in packets:
            await self.client.write_gatt_char(
                self.peripheral.gatt_profile.write_uuid, packet, response=False
            )
        await settle()


@pytest.fixture
def sleep() -> Recorder:
    return Recorder()


@pytest.fixture
def settings(sleep: Recorder) -> LinkSettings:
    return LinkSettings(sleep=sleep)


@pytest.fixture
async def session(settings: LinkSettings) -> Session:
    return await Session(EchoPeripheral(), settings).start()


@pytest.mark.parametrize("profile", [TUYA_GATT_V3, TUYA_GATT_V4], ids=["v3", "v4"])
async def test_gatt_table_and_echo(
    profile: GattProfile, settings: LinkSettings
) -> None:
    session = await Session(EchoPeripheral(profile), settings).start()
    client = session.client
    service = client.services.get_service(profile.service_uuid)
    assert service is not None
    write = client.services.get_characteristic(profile.write_uuid)
    notify = client.services.get_characteristic(profile.notify_uuid)
    assert write is not None
    assert "write-without-response" in write.properties
    assert notify is not None
    assert notify.properties == ["notify"]
    assert write.max_write_without_response_size == 20
    assert client.mtu_size == 23
    await session.write(b"\x00abc", b"\x01def")
    assert session.received == [b"\x00abc", b"\x01def"]
    await client.disconnect()
    assert not client.is_connected
    assert session.disconnected == 1
    assert session.peripheral.disconnects == 1
    await client.disconnect()  # idempotent
    assert session.disconnected == 1


async def test_notification_not_delivered_inside_write(session: Session) -> None:
    await session.client.write_gatt_char(V3.write_uuid, b"x", response=False)
    assert session.received == []  # arrives on a later loop turn, as over a radio
    await settle()
    assert session.received == [b"x"]


async def test_peripheral_drop_delivers_pending_notifications_first(
    session: Session,
) -> None:
    await session.write(b"bye")
    assert session.received == [b"bye", b"ok"]
    assert not session.client.is_connected
    assert session.disconnected == 1
    assert session.peripheral.disconnects == 0  # it dropped the link itself


async def test_mtu_and_wrong_characteristic(settings: LinkSettings) -> None:
    settings.mtu = 30
    session = await Session(EchoPeripheral(), settings).start()
    await session.write(bytes(27))
    with pytest.raises(BleakGATTProtocolError):
        await session.write(bytes(28))
    with pytest.raises(BleakGATTProtocolError):
        await session.client.write_gatt_char(V3.notify_uuid, b"x", response=False)
    with pytest.raises(BleakGATTProtocolError):
        await session.client.read_gatt_char(V3.write_uuid)


async def test_unreachable_and_busy(settings: LinkSettings) -> None:
    peripheral = EchoPeripheral()
    peripheral.in_range = False
    with pytest.raises(BleakDeviceNotFoundError):
        await Session(peripheral, settings).start()
    peripheral.in_range = True
    await Session(peripheral, settings).start()
    with pytest.raises(BleakDeviceNotFoundError):  # one central at a time
        await Session(peripheral, settings).start()


async def test_write_when_not_connected(session: Session) -> None:
    await session.client.disconnect()
    with pytest.raises(BleakError):
        await session.client.write_gatt_char(V3.write_uuid, b"x", response=False)


async def test_latency_is_applied_per_packet_and_on_connect(
    settings: LinkSettings, sleep: Recorder
) -> None:
    settings.latency = 0.05
    session = await Session(EchoPeripheral(), settings).start()
    assert sleep.delays == [0.05]
    await session.write(b"a")
    assert session.received == [b"a"]
    assert len(sleep.delays) == 3
    assert all(0 < d <= 0.05 for d in sleep.delays[1:])


async def test_drop(settings: LinkSettings, session: Session) -> None:
    fault = settings.add_fault(FaultKind.DROP, packet=1)
    await session.write(b"a", b"b", b"c")
    assert session.peripheral.writes == [b"a", b"c"]
    assert fault.fired == 1
    assert [
        r.faults for r in settings.history if r.direction is Direction.TO_DEVICE
    ] == [(), (FaultKind.DROP,), ()]


async def test_duplicate(settings: LinkSettings, session: Session) -> None:
    settings.add_fault(FaultKind.DUPLICATE, Direction.TO_HUB, packet=0)
    await session.write(b"a", b"b")
    assert session.received == [b"a", b"a", b"b"]


async def test_corrupt(settings: LinkSettings, session: Session) -> None:
    settings.add_fault(FaultKind.CORRUPT, packet=0, corrupt_offset=1)
    await session.write(b"abc")
    assert session.peripheral.writes == [b"a\x9dc"]


async def test_delay_keeps_order(
    settings: LinkSettings, session: Session, sleep: Recorder
) -> None:
    settings.add_fault(FaultKind.DELAY, Direction.TO_HUB, packet=0, delay=2.0)
    await session.write(b"a", b"b")
    assert session.received == [b"a", b"b"]
    assert sleep.delays
    assert max(sleep.delays) == pytest.approx(2.0, abs=0.01)


async def test_disconnect_at_write(settings: LinkSettings, session: Session) -> None:
    settings.add_fault(FaultKind.DISCONNECT, packet=1)
    await session.write(b"a", b"b")
    assert session.peripheral.writes == [b"a"]
    assert not session.client.is_connected
    assert session.disconnected == 1
    assert session.peripheral.disconnects == 1


async def test_disconnect_at_notification(
    settings: LinkSettings, session: Session
) -> None:
    settings.add_fault(FaultKind.DISCONNECT, Direction.TO_HUB, packet=1)
    await session.write(b"a", b"b")
    assert session.received == [b"a"]
    assert not session.client.is_connected
    assert session.disconnected == 1
    assert session.peripheral.disconnects == 1


async def test_gatt_error_on_write(settings: LinkSettings, session: Session) -> None:
    settings.add_fault(FaultKind.GATT_ERROR, packet=0, error_code=0x0E)
    with pytest.raises(BleakGATTProtocolError) as err:
        await session.write(b"a")
    assert err.value.code == 0x0E
    await session.write(b"b")
    assert session.peripheral.writes == [b"b"]
    assert session.client.is_connected


async def test_fault_by_frame_index(settings: LinkSettings, session: Session) -> None:
    # Frames start at sub-packet number 0: frame 0 = [00.., 01..], frame 1 = [00.., 01..].
    settings.add_fault(FaultKind.DROP, frame=1)
    await session.write(b"\x00a", b"\x01b", b"\x00c", b"\x01d", b"\x00e")
    assert session.peripheral.writes == [b"\x00a", b"\x01b", b"\x00e"]


async def test_fault_fires_on_one_connection_only(settings: LinkSettings) -> None:
    settings.add_fault(FaultKind.DISCONNECT, packet=0)
    peripheral = EchoPeripheral()
    first = await Session(peripheral, settings).start()
    await first.write(b"a")
    assert not first.client.is_connected
    second = await Session(peripheral, settings).start()
    await second.write(b"a")
    assert second.received == [b"a"]
    assert settings.connections == 2


def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        LinkSettings().add_fault(FaultKind.DROP)
    with pytest.raises(ValueError, match="GATT errors"):
        LinkSettings().add_fault(FaultKind.GATT_ERROR, Direction.TO_HUB, packet=0)


async def test_delay_on_simulated_time_does_not_add_up() -> None:
    """On a ManualScheduler, a packet queued behind a delayed one waits only for
    what is left of that delay (due times and sleeps share one clock)."""
    scheduler = ManualScheduler()
    settings = LinkSettings()
    session = await Session(EchoPeripheral(), settings).start()
    settings.latency = 0.5
    settings.use_scheduler(scheduler)
    settings.add_fault(FaultKind.DELAY, Direction.TO_DEVICE, packet=0, delay=5.0)
    await session.write(b"\x00first", b"\x01second")
    assert session.received == []
    scheduler.advance(5.4)
    await settle()
    assert session.received == []
    # 5.5 s: both reach the device; their echoes take another 0.5 s.
    for _ in range(4):
        scheduler.advance(0.2)
        await settle()
    assert session.received == [b"\x00first", b"\x01second"]
    await session.client.disconnect()

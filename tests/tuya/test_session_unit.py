"""DeviceSession with a fake connect step: error mapping and guards."""

from __future__ import annotations

from typing import Any

from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
from bleak_retry_connector import BleakNotFoundError, BleakOutOfConnectionSlotsError
import pytest

from custom_components.tuya_bluetooth.tuya.const import GATT_V3, GATT_V4, Command
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.errors import (
    ConnectError,
    ConnectionClosedError,
    DeviceNotFoundError,
    GattServiceMissingError,
    InvalidArgumentError,
    MissingKeyError,
    NotifyError,
    OutOfConnectionSlotsError,
)
from custom_components.tuya_bluetooth.tuya.gatt import pick_gatt_profile
from custom_components.tuya_bluetooth.tuya.session import (
    DeviceCredentials,
    DeviceSession,
)
from simulator.device import ManualScheduler

CREDENTIALS = DeviceCredentials(uuid="u" * 16, local_key="k" * 16, virtual_id="v" * 20)
DEVICE = BLEDevice("AA:BB:CC:DD:EE:FF", "TY", {})


class FakeServices:
    def __init__(self, uuids: set[str]) -> None:
        self.uuids = uuids

    def get_characteristic(self, uuid: str) -> object | None:
        return object() if uuid in self.uuids else None


class FakeClient:
    def __init__(
        self, uuids: set[str], *, notify_error: Exception | None = None
    ) -> None:
        self.services = FakeServices(uuids)
        self.is_connected = True
        self.notify_error = notify_error
        self.subscribed: list[str] = []
        self.writes: list[tuple[str, bytes, bool]] = []
        self.disconnected = False
        self.cache_cleared = 0

    async def clear_cache(self) -> bool:
        self.cache_cleared += 1
        return True

    async def start_notify(self, uuid: str, callback: Any) -> None:
        if self.notify_error is not None:
            raise self.notify_error
        self.subscribed.append(uuid)

    async def write_gatt_char(self, uuid: str, data: bytes, response: bool) -> None:
        self.writes.append((uuid, bytes(data), response))

    async def disconnect(self) -> None:
        self.disconnected = True
        self.is_connected = False


def session_with(connector: Any, **kwargs: Any) -> DeviceSession:
    kwargs.setdefault("scheduler", ManualScheduler())
    return DeviceSession(DEVICE, CREDENTIALS, connector=connector, **kwargs)


@pytest.mark.parametrize(
    ("error", "expected", "code"),
    [
        (BleakNotFoundError("gone"), DeviceNotFoundError, 121),
        (BleakOutOfConnectionSlotsError("no slot"), OutOfConnectionSlotsError, 101),
        (BleakError("failed"), ConnectError, 101),
        (TimeoutError(), ConnectError, 101),
    ],
)
async def test_connect_errors(
    error: Exception, expected: type[Exception], code: int
) -> None:
    async def connector(*_args: Any) -> Any:
        raise error

    with pytest.raises(expected) as caught:
        await session_with(connector).connect()
    assert getattr(caught.value, "code", None) == code


async def test_notify_error_closes_the_client() -> None:
    client = FakeClient({GATT_V3.write}, notify_error=BleakError("nope"))

    async def connector(*_args: Any) -> Any:
        return client

    with pytest.raises(NotifyError) as caught:
        await session_with(connector).connect()
    assert caught.value.code == 125
    assert client.disconnected


async def test_no_tuya_service() -> None:
    client = FakeClient({"0000180f-0000-1000-8000-00805f9b34fb"})

    async def connector(*_args: Any) -> Any:
        return client

    with pytest.raises(GattServiceMissingError) as caught:
        await session_with(connector).connect()
    assert isinstance(caught.value, ConnectError)
    assert client.disconnected
    # The cached table may be stale (changed by a firmware update): forgotten.
    assert client.cache_cleared == 1


@pytest.mark.parametrize(
    ("advertised", "present", "expected"),
    [
        (3, {GATT_V3.write}, GATT_V3),
        (4, {GATT_V4.write}, GATT_V4),
        (3, {GATT_V4.write}, GATT_V4),
    ],
)
async def test_gatt_profile_choice(
    advertised: int, present: set[str], expected: Any
) -> None:
    client = FakeClient(present, notify_error=BleakError("stop here"))

    async def connector(*_args: Any) -> Any:
        return client

    session = session_with(connector, protocol_major=advertised)
    with pytest.raises(NotifyError):
        await session.connect()
    assert await pick_gatt_profile(client, advertised) == expected  # type: ignore[arg-type]


async def test_first_bind_needs_auth_key() -> None:
    client = FakeClient({GATT_V3.write})

    async def connector(*_args: Any) -> Any:
        return client

    with pytest.raises(MissingKeyError):
        await session_with(connector).connect(first_bind=True)
    assert client.writes == []


async def test_connector_receives_device_name_and_callback() -> None:
    seen: list[tuple[Any, ...]] = []

    async def connector(*args: Any) -> Any:
        seen.append(args)
        raise BleakError("stop")

    session = session_with(connector)
    with pytest.raises(ConnectError):
        await session.connect()
    device, name, callback = seen[0]
    assert device is DEVICE
    assert name == "TY"
    assert callable(callback)


async def test_requests_need_a_connection() -> None:
    session = session_with(None)
    assert not session.is_connected
    assert session.device_info is None
    with pytest.raises(ConnectionClosedError):
        await session.write_dps([DataPoint(1, DPType.BOOL, True)])
    with pytest.raises(ConnectionClosedError):
        await session.request(Command.DP_QUERY)
    with pytest.raises(InvalidArgumentError):
        await session.ota_request(Command.DP_WRITE, b"")
    await session.disconnect()  # harmless when not connected


def test_credentials_repr_hides_keys() -> None:
    credentials = DeviceCredentials(
        "u" * 16, "SECRETKEY0123456", "v" * 20, auth_key="A" * 32
    )
    assert "SECRET" not in repr(credentials)
    assert "AAAA" not in repr(credentials)

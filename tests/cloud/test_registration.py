"""BLE device registration: auth-key → register → active, against the fake cloud,
and the issued local_key accepted by the device emulator."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    CloudRequestError,
    NotFoundError,
    OpenApiClient,
    PermissionDeniedError,
)
from simulator.cloud import FakeTuyaCloud, ManualClock
from simulator.device import DeviceEmulator, ManualScheduler
from simulator.products import LOCK, SWITCH, DeviceIdentity
from tests.simulator.hub import Hub

from .conftest import Scene, identity

VERSIONS = {"pv": "3.3", "sv": "1.2.3", "bv": "1.0"}


async def activate(
    client: OpenApiClient, unit: DeviceIdentity, uid: str
) -> tuple[str, str]:
    key = await client.get_ble_auth_key(uuid=unit.uuid)
    assert await client.register_ble_device(
        uuid=unit.uuid,
        auth_key=key.auth_key,
        mac=unit.mac,
        product_id=unit.product.product_id,
        pv="3.3",
    )
    device = await client.activate_ble_device(
        uuid=unit.uuid,
        auth_key=key.auth_key,
        uid=uid,
        time_zone_id="Europe/Berlin",
        versions=VERSIONS,
    )
    return device.device_id, device.local_key


@pytest.mark.parametrize("product", [SWITCH, LOCK], ids=["v3", "v4"])
async def test_registration_and_first_bind(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene, product: object
) -> None:
    unit = identity(product, 5)
    cloud.add_factory_unit(unit)
    key = await openapi.get_ble_auth_key(uuid=unit.uuid)
    assert key.auth_key == unit.auth_key  # the factory secret
    assert len(key.random) == 16
    assert "auth_key" not in repr(key)
    assert cloud.registered_devices[unit.uuid].auth_key_issued
    assert not cloud.registered_devices[unit.uuid].registered
    assert await openapi.register_ble_device(
        uuid=unit.uuid,
        auth_key=key.auth_key,
        mac=unit.mac,
        product_id=unit.product.product_id,
        pv="3.3",
    )
    assert cloud.registered_devices[unit.uuid].registered
    device = await openapi.activate_ble_device(
        uuid=unit.uuid,
        auth_key=key.auth_key,
        uid=scene.account.uid,
        time_zone_id="Europe/Berlin",
        versions=VERSIONS,
    )
    assert device.device_id == unit.device_id
    assert len(device.local_key) == 16
    assert device.local_key.isascii()
    assert "local_key" not in repr(device)
    record = cloud.state.devices[device.device_id]
    assert record.owner_uid == scene.account.uid
    # The activated device shows up in the account.
    listed = await openapi.get_user_devices(scene.account.uid)
    assert device.device_id in {d.device_id for d in listed}
    # The unbound emulator accepts a first bind keyed with the issued local_key.
    emulator = DeviceEmulator(unit, ManualScheduler())
    hub = Hub(emulator, local_key=device.local_key)
    mtu = b"\x00\x14" if hub.version >= 4 else b""
    hub.send(0x0000, mtu, mode=1)
    hub.receive()
    hub.send(0x0001, hub.pair_payload(), mode=2)
    result = hub.receive(login_key=hub.login_key)[0]
    assert result.data == b"\x00"
    assert emulator.bound
    assert emulator.login_key == device.local_key[:6].encode()
    assert emulator.virtual_id == device.device_id.encode()[:22]


async def test_reactivation_issues_a_new_local_key(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene
) -> None:
    unit = identity(SWITCH, 6)
    cloud.add_factory_unit(unit)
    device_id, first_key = await activate(openapi, unit, scene.account.uid)
    # Activating a bound device is refused.
    with pytest.raises(CloudRequestError) as info:
        await activate(openapi, unit, scene.account.uid)
    assert info.value.code == 1109
    await openapi.remove_device(device_id)
    again_id, second_key = await activate(openapi, unit, scene.account.uid)
    assert again_id == device_id
    assert second_key != first_key
    assert cloud.registered_devices[unit.uuid].activations == 2


async def test_project_without_registration_api(
    cloud: FakeTuyaCloud, http: aiohttp.ClientSession, scene: Scene, clock: ManualClock
) -> None:
    project = cloud.add_project(registration_api=False)
    cloud.link(project, scene.account)
    client = OpenApiClient(
        http,
        base_url=cloud.openapi_url,
        client_id=project.client_id,
        client_secret=project.client_secret,
        now_ms=clock.now_ms,
    )
    unit = identity(SWITCH, 7)
    cloud.add_factory_unit(unit)
    calls = [
        client.get_ble_auth_key(uuid=unit.uuid),
        client.register_ble_device(
            uuid=unit.uuid, auth_key="k", mac=unit.mac, product_id="p", pv="3.3"
        ),
        client.activate_ble_device(
            uuid=unit.uuid,
            auth_key="k",
            uid=scene.account.uid,
            time_zone_id="UTC",
            versions=VERSIONS,
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDeniedError) as info:
            await call
        assert info.value.code == 1106
    assert cloud.registered_devices == {}
    # The rest of the project works.
    assert await client.get_user_homes(scene.account.uid)


async def test_out_of_order_and_wrong_values(
    cloud: FakeTuyaCloud, openapi: OpenApiClient, scene: Scene
) -> None:
    unit = identity(LOCK, 8)
    with pytest.raises(NotFoundError):  # the cloud does not know this unit
        await openapi.get_ble_auth_key(uuid=unit.uuid)
    cloud.add_factory_unit(unit)
    with pytest.raises(CloudRequestError):  # register before auth-key
        await openapi.register_ble_device(
            uuid=unit.uuid,
            auth_key=unit.auth_key,
            mac=unit.mac,
            product_id=unit.product.product_id,
            pv="3.3",
        )
    key = await openapi.get_ble_auth_key(uuid=unit.uuid)
    with pytest.raises(CloudRequestError):  # active before register
        await openapi.activate_ble_device(
            uuid=unit.uuid,
            auth_key=key.auth_key,
            uid=scene.account.uid,
            time_zone_id="UTC",
            versions=VERSIONS,
        )
    with pytest.raises(CloudRequestError):  # wrong MAC
        await openapi.register_ble_device(
            uuid=unit.uuid,
            auth_key=key.auth_key,
            mac="02:00:00:00:00:01",
            product_id=unit.product.product_id,
            pv="3.3",
        )
    assert not cloud.registered_devices[unit.uuid].registered

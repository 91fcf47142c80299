"""Entities: resolving a large DP model, and reports flowing into entity state.

Resolving runs once per setup and again when a device reports a new DP; the
report path (virtual link → session → device → coordinator → entity state) runs
for every report, so its rate says how busy a chatty device can keep us.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from unittest.mock import patch

from homeassistant.core import Event, EventStateChangedData
from homeassistant.helpers import frame
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockEntityPlatform,
    async_test_home_assistant,
)

from custom_components.tuya_bluetooth.const import (
    DEFAULT_IDLE_TIMEOUT,
    DOMAIN,
    ConnectionPolicy,
)
from custom_components.tuya_bluetooth.coordinator import TuyaBluetoothCoordinator
from custom_components.tuya_bluetooth.resolver import resolve
from custom_components.tuya_bluetooth.sensor import TuyaDpSensor
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import DeviceDpModel
from custom_components.tuya_bluetooth.tuya.cloud.dp_parse import (
    dp_model_from_thing_model,
)
from custom_components.tuya_bluetooth.tuya.device import TuyaBLEDevice
from custom_components.tuya_bluetooth.tuya.handshake import DeviceCredentials
from simulator.ble.client import VirtualBleakClient
from simulator.cloud.catalog import thing_model
from simulator.factory import make_virtual_device
from simulator.products import SENSOR
from simulator.products_part1 import PART1_PRODUCTS

RESOLVE_RUNS = 200
REPORTS = 1000
TEMPERATURE_DP = 1


def _sixty_dp_model() -> DeviceDpModel:
    """60 DPs of the part-1 products' real codes and types, ids 1..60."""
    dps = [
        dp
        for product in PART1_PRODUCTS
        for dp in dp_model_from_thing_model(thing_model(product)).dps
    ]
    renumbered = [
        type(dp)(**{**{f: getattr(dp, f) for f in dp.__slots__}, "dp_id": index + 1})
        for index, dp in enumerate((dps * 2)[:60])
    ]
    return DeviceDpModel(tuple(renumbered), "thing_model")


def _resolve_time() -> tuple[float, int]:
    model = _sixty_dp_model()
    times: list[float] = []
    entities = 0
    for _ in range(RESOLVE_RUNS):
        start = time.perf_counter()
        entities = len(resolve("wsdcg", model))
        times.append(time.perf_counter() - start)
    return statistics.median(times), entities


async def _reports_per_second() -> float:
    emulator, ble_device = make_virtual_device(
        SENSOR, bound=True, scheduler=asyncio.get_running_loop(), seed="bench"
    )
    identity = emulator.identity
    device = TuyaBLEDevice(
        ble_device,
        DeviceCredentials(identity.uuid, identity.local_key, identity.device_id),
        protocol_major=SENSOR.protocol_version,
        session_kwargs={
            "connect_kwargs": {"backend": VirtualBleakClient, "max_attempts": 1}
        },
    )
    await device.ensure_connected()
    async with async_test_home_assistant() as hass:
        frame.async_setup(hass)  # what Home Assistant's bootstrap does first
        # Only the constructor asks the Bluetooth stack whether the address is
        # present; the report path measured here does not touch it.
        with patch(
            "homeassistant.components.bluetooth.update_coordinator.async_address_present",
            return_value=True,
        ):
            coordinator = TuyaBluetoothCoordinator(
                hass,
                device,
                name="bench",
                policy=ConnectionPolicy.ALWAYS,
                idle_timeout=DEFAULT_IDLE_TIMEOUT,
            )
        model = dp_model_from_thing_model(thing_model(SENSOR))
        (resolved,) = [
            e for e in resolve(SENSOR.category, model) if e.dp.dp_id == TEMPERATURE_DP
        ]
        entity = TuyaDpSensor.build(coordinator, identity.uuid, resolved)
        config_entry = MockConfigEntry(domain=DOMAIN, unique_id=identity.uuid)
        config_entry.add_to_hass(hass)
        platform = MockEntityPlatform(hass, domain="sensor", platform_name=DOMAIN)
        platform.config_entry = config_entry  # as async_setup_entry would set it
        await platform.async_add_entities([entity])
        # Tenths of a degree within the model's range; the last one unlike any other.
        values = [index % 500 for index in range(REPORTS - 1)] + [555]
        done = asyncio.Event()
        entity_id = entity.entity_id or ""

        def _changed(event: Event[EventStateChangedData]) -> None:
            state = event.data["new_state"]
            if state is not None and state.state == str(values[-1] / 10):
                done.set()

        async_track_state_change_event(hass, entity_id, _changed)
        start = time.perf_counter()
        for raw in values:
            emulator.set_dp(TEMPERATURE_DP, raw)
            await asyncio.sleep(0)
        await done.wait()
        elapsed = time.perf_counter() - start
        await device.close()
        await hass.async_stop(force=True)
    return REPORTS / elapsed


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    resolve_seconds, entities = _resolve_time()
    rate = asyncio.run(_reports_per_second())
    return [
        (f"resolve a 60-DP model ({entities} entities)", resolve_seconds * 1e3, "ms"),
        ("DP reports to entity state, one device", rate, "reports/s"),
    ]

"""Curtains and water valves: entities on several DPs, through Home Assistant.

The entities a user expects of each product are written first, then compared
with the registry; every service moves the emulator's DPs, and the emulator's
own reports move the states. The resolver's choices for what the emulated
products lack (irrigators, second curtains, reversed motors) are checked on
plain DP models at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from homeassistant.components.cover import CoverEntityFeature
from homeassistant.components.valve.const import ValveEntityFeature
from homeassistant.const import ATTR_ENTITY_ID, ATTR_SUPPORTED_FEATURES
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr
import pytest

from custom_components.tuya_bluetooth.catalog.model import Platform
from custom_components.tuya_bluetooth.cover import TuyaCover, oriented
from custom_components.tuya_bluetooth.resolver import resolve
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)
from simulator.products import Product
from simulator.products_part2 import CURTAIN, WATER_VALVE

from .common import (
    Simulated,
    described_entities,
    entity_id_of,
    set_up,
    with_cloud_model,
)

# What a user expects, by entity key: platform, device class, unit, category.
EXPECTED_CURTAIN = {
    "connection": "binary_sensor connectivity - diagnostic",
    "dp_1_cover": "cover curtain",  # control + percent_control + percent_state
    "dp_13": "sensor battery % diagnostic",
    "dp_101": "select - - config",  # motor direction, also read by the cover
}
EXPECTED_WATER_VALVE = {
    "connection": "binary_sensor connectivity - diagnostic",
    "dp_1_valve": "valve water",  # switch
    "dp_7": "sensor battery % diagnostic",
    "dp_10": "select - - config",  # weather_delay
    "dp_11": "number duration s config",  # countdown
    "dp_15": "sensor - s diagnostic",  # time_use
}


async def _fresh_from_cloud(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated], product: Product
) -> tuple[Simulated, dict[str, str]]:
    """Set up with the account's model; the registry in the tables' words."""
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product, fresh=True)
    return device, described_entities(hass, entry)


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


def _device_name(hass: HomeAssistant, device: Simulated) -> str:
    (found,) = dr.async_get(hass).async_get_devices(
        connections={(dr.CONNECTION_BLUETOOTH, device.emulator.address)}
    )
    assert found.name
    return found.name


async def _call(hass: HomeAssistant, domain: str, service: str, **data: object) -> None:
    await hass.services.async_call(domain, service, data, blocking=True)
    await hass.async_block_till_done()


# ---- curtain -------------------------------------------------------------------


async def test_curtain_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, found = await _fresh_from_cloud(hass, simulate, CURTAIN)
    assert found == EXPECTED_CURTAIN
    cover = entity_id_of(hass, device, "cover", "dp_1_cover")
    state = _state(hass, cover)
    assert state.name == _device_name(hass, device)  # the device's main feature
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == (
        CoverEntityFeature.OPEN
        | CoverEntityFeature.CLOSE
        | CoverEntityFeature.STOP
        | CoverEntityFeature.SET_POSITION
    )
    assert state.state == "closed"  # percent_state 0 at start
    assert state.attributes["current_position"] == 0


async def test_curtain_services_and_reports(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fresh_from_cloud(hass, simulate, CURTAIN)
    emulator = device.emulator
    cover = entity_id_of(hass, device, "cover", "dp_1_cover")

    await _call(hass, "cover", "open_cover", entity_id=cover)
    assert emulator.dp_values[1] == "open"
    assert emulator.dp_values[3] == 100  # the motor arrived
    assert _state(hass, cover).state == "open"
    assert _state(hass, cover).attributes["current_position"] == 100

    await _call(hass, "cover", "stop_cover", entity_id=cover)
    assert emulator.dp_values[1] == "stop"
    assert emulator.dp_values[3] == 100

    await _call(hass, "cover", "close_cover", entity_id=cover)
    assert emulator.dp_values[1] == "close"
    assert _state(hass, cover).state == "closed"
    assert _state(hass, cover).attributes["current_position"] == 0

    await _call(hass, "cover", "set_cover_position", entity_id=cover, position=40)
    assert emulator.dp_values[2] == 40
    assert _state(hass, cover).attributes["current_position"] == 40
    assert _state(hass, cover).state == "open"

    # Moved by hand or by its remote: the device's report has the last word.
    emulator.set_dp(3, 70)
    await hass.async_block_till_done()
    assert _state(hass, cover).attributes["current_position"] == 70
    emulator.set_dp(3, 0)
    await hass.async_block_till_done()
    assert _state(hass, cover).state == "closed"


async def test_reversed_motor_counts_from_the_other_end(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fresh_from_cloud(hass, simulate, CURTAIN)
    emulator = device.emulator
    cover = entity_id_of(hass, device, "cover", "dp_1_cover")
    direction = entity_id_of(hass, device, "select", "dp_101")
    emulator.set_dp(3, 70)
    await hass.async_block_till_done()

    await _call(hass, "select", "select_option", entity_id=direction, option="back")
    assert emulator.dp_values[101] == "back"
    assert _state(hass, cover).attributes["current_position"] == 30

    await _call(hass, "cover", "set_cover_position", entity_id=cover, position=80)
    assert emulator.dp_values[2] == 20
    assert emulator.dp_values[3] == 20
    assert _state(hass, cover).attributes["current_position"] == 80

    emulator.set_dp(101, "forward")  # set back on the device
    await hass.async_block_till_done()
    assert _state(hass, cover).attributes["current_position"] == 20


# ---- water valve ---------------------------------------------------------------


async def test_water_valve_entities(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, found = await _fresh_from_cloud(hass, simulate, WATER_VALVE)
    assert found == EXPECTED_WATER_VALVE
    valve = entity_id_of(hass, device, "valve", "dp_1_valve")
    state = _state(hass, valve)
    assert state.name == _device_name(hass, device)
    assert state.state == "closed"
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == (
        ValveEntityFeature.OPEN | ValveEntityFeature.CLOSE
    )
    assert "current_position" not in state.attributes  # reports no position


async def test_water_valve_services_and_reports(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _ = await _fresh_from_cloud(hass, simulate, WATER_VALVE)
    emulator = device.emulator
    valve = entity_id_of(hass, device, "valve", "dp_1_valve")

    await _call(hass, "valve", "open_valve", entity_id=valve)
    assert emulator.dp_values[1] is True
    assert _state(hass, valve).state == "open"

    await _call(hass, "valve", "close_valve", entity_id=valve)
    assert emulator.dp_values.get(1) is False
    assert _state(hass, valve).state == "closed"

    emulator.set_dp(1, True)  # opened with the button on the timer
    await hass.async_block_till_done()
    assert _state(hass, valve).state == "open"

    countdown = entity_id_of(hass, device, "number", "dp_11")
    await _call(hass, "number", "set_value", **{ATTR_ENTITY_ID: countdown}, value=1200)
    assert emulator.dp_values[11] == 1200
    assert float(_state(hass, countdown).state) == 1200

    emulator.set_dp(15, 3600)
    await hass.async_block_till_done()
    used = entity_id_of(hass, device, "sensor", "dp_15")
    assert float(_state(hass, used).state) == 3600


# ---- the resolver on models the emulator does not cover -------------------------


def _dp(
    dp_id: int,
    code: str,
    dp_type: DpType,
    access: DpAccess = DpAccess.RW,
    **extra: Any,
) -> DpModel:
    return DpModel(dp_id=dp_id, code=code, type=dp_type, access=access, **extra)


def _resolved(category: str, *dps: DpModel) -> dict[str, tuple[Platform, str | None]]:
    return {
        entity.key: (entity.platform, entity.translation_key)
        for entity in resolve(category, DeviceDpModel(dps, "thing_model"))
    }


def test_irrigator_zones_are_valves() -> None:
    """ggq: each zone's switch is a water valve; its run time stays a number."""
    entities = _resolved(
        "ggq",
        _dp(1, "switch_1", DpType.BOOL),
        _dp(2, "switch_2", DpType.BOOL),
        _dp(3, "countdown_1", DpType.VALUE, maximum=1440, unit="min"),
        _dp(4, "switch_3", DpType.BOOL, DpAccess.RO),  # not writable: a reading
    )
    assert entities == {
        "dp_1_valve": (Platform.VALVE, "valve_1"),
        "dp_2_valve": (Platform.VALVE, "valve_2"),
        "dp_3": (Platform.NUMBER, "irrigation_duration_n"),
        "dp_4": (Platform.BINARY_SENSOR, "dp"),
    }


def test_water_timer_zones_are_numbered_valves() -> None:
    entities = _resolved(
        "sfkzq",
        _dp(1, "switch_1", DpType.BOOL),
        _dp(121, "switch_2", DpType.BOOL),
        _dp(11, "countdown_1", DpType.VALUE, maximum=86400, unit="s"),
    )
    assert entities == {
        "dp_1_valve": (Platform.VALVE, "valve_1"),
        "dp_121_valve": (Platform.VALVE, "valve_2"),
        "dp_11": (Platform.NUMBER, "irrigation_duration_n"),
    }


def test_curtain_switch_and_second_curtain() -> None:
    """clkg: one cover per control code; the motor direction stays a select."""
    direction = ("forward", "back")
    commands = ("open", "stop", "close")
    model = (
        _dp(1, "control", DpType.ENUM, range=commands),
        _dp(2, "percent_control", DpType.VALUE, maximum=100, unit="%"),
        _dp(3, "control_2", DpType.ENUM, range=commands),
        _dp(4, "percent_control_2", DpType.VALUE, maximum=100, unit="%"),
        _dp(5, "control_back_mode", DpType.ENUM, range=direction),
    )
    assert _resolved("clkg", *model) == {
        "dp_1_cover": (Platform.COVER, None),
        "dp_3_cover": (Platform.COVER, "curtain_2"),
        "dp_5": (Platform.SELECT, "motor_direction"),
    }
    first = next(e for e in resolve("clkg", DeviceDpModel(model, "thing_model")))
    assert set(first.roles) == {"control", "position", "reverse"}


def test_curtain_without_a_writable_control_is_no_cover() -> None:
    entities = _resolved(
        "cl",
        _dp(1, "control", DpType.ENUM, DpAccess.RO, range=("open", "close")),
        _dp(3, "percent_state", DpType.VALUE, DpAccess.RO, maximum=100, unit="%"),
    )
    assert Platform.COVER not in {platform for platform, _ in entities.values()}


@pytest.mark.parametrize(
    ("percent", "reversed_", "position"),
    [(0, False, 0), (100, False, 100), (30, False, 30), (30, True, 70), (0, True, 100)],
)
def test_percent_convention(percent: int, reversed_: bool, position: int) -> None:
    """100 = open (the one place that says so is cover.OPEN_PERCENT)."""
    assert oriented(percent, motor_reversed=reversed_) == position
    assert oriented(position, motor_reversed=reversed_) == percent


# ---- the cover entity on models the emulator does not cover ---------------------


def _cover(
    category: str, dps: tuple[DpModel, ...], reported: dict[int, Any]
) -> TuyaCover:
    """A cover entity over a stand-in coordinator holding `reported` (raw values)."""
    (resolved,) = [
        entity
        for entity in resolve(category, DeviceDpModel(dps, "thing_model"))
        if entity.platform is Platform.COVER
    ]
    coordinator = SimpleNamespace(
        address="AA:BB:CC:DD:EE:FF",
        device=SimpleNamespace(
            dps={
                dp_id: SimpleNamespace(value=value) for dp_id, value in reported.items()
            }
        ),
    )
    return TuyaCover.build(coordinator, "uuid", resolved)  # type: ignore[arg-type]


def test_cover_offers_only_the_commands_its_range_has() -> None:
    dps = (_dp(1, "control", DpType.ENUM, range=("open", "close")),)
    cover = _cover("cl", dps, {})
    assert (
        cover.supported_features == CoverEntityFeature.OPEN | CoverEntityFeature.CLOSE
    )
    assert cover.is_closed is None  # nothing reported yet


def test_cover_without_a_position_goes_by_its_last_command() -> None:
    dps = (_dp(1, "control", DpType.ENUM, range=("open", "stop", "close")),)
    # Enums are reported as their index in the range.
    assert _cover("cl", dps, {1: 2}).is_closed is True
    assert _cover("cl", dps, {1: 0}).is_closed is False
    assert _cover("cl", dps, {1: 1}).is_closed is None  # stopped somewhere


def test_cover_position_spans_the_dp_range() -> None:
    dps = (
        _dp(1, "control", DpType.ENUM, range=("open", "stop", "close")),
        _dp(2, "percent_control", DpType.VALUE, minimum=0, maximum=1000),
    )
    cover = _cover("clkg", dps, {2: 250})
    assert cover.current_cover_position == 25  # percent_control: no percent_state
    assert cover.is_closed is False

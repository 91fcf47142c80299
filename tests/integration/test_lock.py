"""The lock platform against the emulator's three Bluetooth locks.

Each variant accepts one form only (DP 71 with the check code, DP 6 as 2 raw
bytes, DP 6 as a bool with the inverted DP 47), so a passing test shows the
integration picked that form from the DP model alone. The expected entities
are written first, as a user of each lock would expect them.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from datetime import timedelta
from unittest.mock import patch

from homeassistant.components.lock.const import LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_restore_state_shutdown_restart,
)

from custom_components.tuya_bluetooth import lock as lock_platform
from custom_components.tuya_bluetooth.const import CONF_UNLOCK_CHECK, DOMAIN
from custom_components.tuya_bluetooth.diagnostics import (
    async_get_config_entry_diagnostics,
)
from simulator.products import LOCK, Product
from simulator.products_part2_locks import (
    DEFAULT_CHECK_CODE,
    DEFAULT_ISSUED_AT,
    LOCK_BOOL_DP6,
    LOCK_CHECK_CODE,
    LOCK_RAW_DP6,
    LockCommand,
    cloud_check_value,
    lock_state,
    reported_check_value,
)

from .common import (
    Simulated,
    described,
    device_id_of,
    entity_id_of,
    set_up,
    with_cloud_model,
)

# What a user expects of each lock, by entity key and platform.
# Registry entries as "platform device_class unit category" ("-": none). No
# entity shows or writes DP 6, 46 or 71: the lock consumes them.
CONNECTION = {"connection": "binary_sensor connectivity - diagnostic"}
EXPECTED_CHECK_CODE = {
    **CONNECTION,
    "dp_47_lock": "lock",  # DP 47 state, DP 71 unlock, DP 46 lock
    "dp_19_event": "event",  # unlocks, by method (here Bluetooth only)
    "dp_8": "sensor battery % diagnostic",
    "dp_19": "sensor",  # last Bluetooth unlock: member id
    "dp_21": "sensor enum",  # alarm
    "dp_33": "switch - - config",  # auto lock
    "dp_40": "sensor enum",  # door
}
EXPECTED_RAW_DP6 = {
    **CONNECTION,
    "dp_47_lock": "lock",  # DP 47 state, DP 6 raw unlock and lock
    "dp_19_event": "event",
    "dp_9": "sensor enum - diagnostic",  # battery state
    "dp_19": "sensor",
}
EXPECTED_BOOL_DP6 = {
    **CONNECTION,
    "dp_47_lock": "lock",  # DP 47 state (true = locked), DP 6 unlock, DP 46 lock
    "dp_8": "sensor battery % diagnostic",
}
EXPECTED_OLD_LOCK = {
    **CONNECTION,
    "dp_47_lock": "lock",  # DP 47 state, DP 6 raw unlock
    "dp_12_event": "event",  # fingerprint and password unlocks
    "dp_8": "sensor battery % diagnostic",
    "dp_12": "sensor",
    "dp_13": "sensor",
    "dp_21": "sensor enum",
    "dp_33": "switch - - config",
}
LOCK_KEY = "dp_47_lock"


async def send_query(hass: HomeAssistant, device: Simulated) -> None:
    await hass.services.async_call(
        DOMAIN,
        "query_dps",
        {"device_id": device_id_of(hass, device)},
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()


def _stored(value: bytes) -> str:
    return base64.b64encode(value).decode()


async def _set_up_lock(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    product: Product,
    *,
    check_value: str | None = None,
) -> tuple[Simulated, ConfigEntry, str]:
    """The lock set up from its cloud model; with a check value if given."""
    device = simulate(product)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, product, fresh=True)
    if check_value is not None:  # what an account's device entry stores
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_UNLOCK_CHECK: check_value}
        )
        await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
    return device, entry, entity_id_of(hass, device, "lock", LOCK_KEY)


async def _call(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call(
        "lock", service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


def _motor(device: Simulated) -> object:
    """DP 47 as the emulated lock holds it."""
    return device.emulator.dp_values[47]


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


@pytest.mark.parametrize(
    ("product", "expected"),
    [
        (LOCK_CHECK_CODE, EXPECTED_CHECK_CODE),
        (LOCK_RAW_DP6, EXPECTED_RAW_DP6),
        (LOCK_BOOL_DP6, EXPECTED_BOOL_DP6),
        (LOCK, EXPECTED_OLD_LOCK),
    ],
    ids=lambda item: getattr(item, "product_id", ""),
)
async def test_lock_entities(
    hass: HomeAssistant,
    simulate: Callable[[Product], Simulated],
    product: Product,
    expected: dict[str, str],
) -> None:
    _, entry, entity_id = await _set_up_lock(hass, simulate, product)
    prefix = f"{entry.unique_id}-"
    registry = er.async_get(hass)
    found = {
        registered.unique_id.removeprefix(prefix): described(registered)
        for registered in er.async_entries_for_config_entry(registry, entry.entry_id)
    }
    assert found == expected
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.name == entry.title  # the device's main feature: its name


async def test_check_code_lock_unlocks_and_locks(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(
        hass,
        simulate,
        LOCK_CHECK_CODE,
        check_value=_stored(cloud_check_value(LOCK_CHECK_CODE)),
    )
    assert _state(hass, entity_id) == LockState.LOCKED  # DP 47 false

    with patch.object(lock_platform, "unix_now", return_value=1_800_000_000.5):
        await _call(hass, "unlock", entity_id)
    assert _motor(device) is True
    assert _state(hass, entity_id) == LockState.UNLOCKED
    assert lock_state(device.emulator).commands == [
        LockCommand(unlock=True, member=1, timestamp=1_800_000_000)
    ]

    await _call(hass, "lock", entity_id)  # DP 46 true
    assert _motor(device) is False
    assert _state(hass, entity_id) == LockState.LOCKED
    assert lock_state(device.emulator).commands[-1] == LockCommand(unlock=False)
    assert lock_state(device.emulator).refused_unlocks == []


async def test_check_code_stays_out_of_diagnostics(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """The stored check value and the DP 71 the lock reports are redacted."""
    stored = _stored(cloud_check_value(LOCK_CHECK_CODE))
    device, entry, entity_id = await _set_up_lock(
        hass, simulate, LOCK_CHECK_CODE, check_value=stored
    )
    await _call(hass, "unlock", entity_id)
    assert 71 in entry.runtime_data.coordinator.device.dps  # reported

    text = str(await async_get_config_entry_diagnostics(hass, entry))
    digits = DEFAULT_CHECK_CODE
    for secret in (stored, digits, digits.encode().hex()):
        assert secret not in text
    assert device.emulator.dp_values[47] is True


async def test_raw_dp6_lock_unlocks_and_locks(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(hass, simulate, LOCK_RAW_DP6)
    assert _state(hass, entity_id) == LockState.LOCKED

    await _call(hass, "unlock", entity_id)
    assert _motor(device) is True
    assert _state(hass, entity_id) == LockState.UNLOCKED

    await _call(hass, "lock", entity_id)  # DP 6 [00][member]: no DP 46 here
    assert _motor(device) is False
    assert _state(hass, entity_id) == LockState.LOCKED
    assert lock_state(device.emulator).commands == [
        LockCommand(unlock=True, member=1),
        LockCommand(unlock=False, member=1),
    ]
    assert lock_state(device.emulator).refused_unlocks == []


async def test_bool_dp6_lock_with_the_inverted_polarity(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(hass, simulate, LOCK_BOOL_DP6)
    # Before any command the usual polarity is assumed (true = unlocked): this
    # variant's DP 47 true is read as unlocked until the lock shows otherwise.
    assert _motor(device) is True
    assert _state(hass, entity_id) == LockState.UNLOCKED

    await _call(hass, "unlock", entity_id)  # DP 6 true
    # The bolt moved and DP 47 went false: false means unlocked on this lock.
    assert _motor(device) is False
    assert _state(hass, entity_id) == LockState.UNLOCKED

    await _call(hass, "lock", entity_id)  # DP 46 true
    assert _motor(device) is True
    assert _state(hass, entity_id) == LockState.LOCKED
    assert lock_state(device.emulator).commands == [
        LockCommand(unlock=True),
        LockCommand(unlock=False),
    ]

    # Turned by hand: the learned polarity reads the lock's own reports too.
    device.emulator.set_dp(47, False)
    await hass.async_block_till_done()
    assert _state(hass, entity_id) == LockState.UNLOCKED


async def test_learned_polarity_survives_a_restart(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, entry, entity_id = await _set_up_lock(hass, simulate, LOCK_BOOL_DP6)
    await _call(hass, "unlock", entity_id)
    assert _state(hass, entity_id) == LockState.UNLOCKED

    await async_mock_restore_state_shutdown_restart(hass)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    # DP 47 false still reads unlocked: without what was learned, the usual
    # polarity would call it locked.
    assert _motor(device) is False
    assert _state(hass, entity_id) == LockState.UNLOCKED
    device.emulator.set_dp(47, True)
    await hass.async_block_till_done()
    assert _state(hass, entity_id) == LockState.LOCKED


async def test_wrong_check_code_is_refused_with_a_translated_error(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    wrong = _stored(reported_check_value("87654321", DEFAULT_ISSUED_AT))
    device, _, entity_id = await _set_up_lock(
        hass, simulate, LOCK_CHECK_CODE, check_value=wrong
    )
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "unlock", entity_id)
    assert err.value.translation_key == "lock_refused"
    assert "87654321" not in str(err.value)
    (refused,) = lock_state(device.emulator).refused_unlocks
    assert refused.dp_id == 71
    assert refused.reason == "wrong check code"
    assert _motor(device) is False  # still locked
    assert lock_state(device.emulator).commands == []
    assert _state(hass, entity_id) == LockState.LOCKED


async def test_missing_check_code_sends_nothing(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(hass, simulate, LOCK_CHECK_CODE)
    writes_before = len(device.emulator.dp_writes)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "unlock", entity_id)
    assert err.value.translation_key == "lock_check_code_missing"
    assert len(device.emulator.dp_writes) == writes_before
    assert lock_state(device.emulator).refused_unlocks == []
    assert _state(hass, entity_id) == LockState.LOCKED


async def test_unreadable_check_code_sends_nothing(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(
        hass, simulate, LOCK_CHECK_CODE, check_value=_stored(b"\x00\x01\xff\xff")
    )
    writes_before = len(device.emulator.dp_writes)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "unlock", entity_id)
    assert err.value.translation_key == "lock_check_code_invalid"
    assert len(device.emulator.dp_writes) == writes_before


async def test_two_unlocks_carry_strictly_increasing_times(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(
        hass,
        simulate,
        LOCK_CHECK_CODE,
        check_value=_stored(cloud_check_value(LOCK_CHECK_CODE)),
    )
    # One clock reading for both: the second command still has to be newer,
    # or this lock (monotonic, like most) refuses it as a replay.
    with patch.object(lock_platform, "unix_now", return_value=1_800_000_000.0):
        await _call(hass, "unlock", entity_id)
        await _call(hass, "unlock", entity_id)
    times = [command.timestamp for command in lock_state(device.emulator).commands]
    assert times == [1_800_000_000, 1_800_000_001]
    assert lock_state(device.emulator).refused_unlocks == []
    # Unpatched: the real clock, still after the last one sent.
    await _call(hass, "unlock", entity_id)
    last = lock_state(device.emulator).commands[-1].timestamp
    assert last is not None
    assert last > 1_800_000_001 or last == 1_800_000_002


async def test_reports_move_the_lock_door_and_alarm(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(hass, simulate, LOCK_CHECK_CODE)
    door = entity_id_of(hass, device, "sensor", "dp_40")
    alarm = entity_id_of(hass, device, "sensor", "dp_21")
    assert _state(hass, door) == "closed"
    assert _state(hass, alarm) == STATE_UNKNOWN

    device.emulator.set_dp(47, True)  # opened by hand or keypad
    device.emulator.set_dp(40, "open")
    device.emulator.set_dp(21, "pry")
    await hass.async_block_till_done()
    assert _state(hass, entity_id) == LockState.UNLOCKED
    assert _state(hass, door) == "open"
    assert _state(hass, alarm) == "pry"

    device.emulator.set_dp(47, False)
    await hass.async_block_till_done()
    assert _state(hass, entity_id) == LockState.LOCKED


async def test_unlock_reports_fire_the_event(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, entity_id = await _set_up_lock(
        hass,
        simulate,
        LOCK_CHECK_CODE,
        check_value=_stored(cloud_check_value(LOCK_CHECK_CODE)),
    )
    event_id = entity_id_of(hass, device, "event", "dp_19_event")
    # The query after connecting restated DP 19: no event for that.
    assert _state(hass, event_id) == STATE_UNKNOWN
    event = hass.states.get(event_id)
    assert event is not None
    assert event.attributes["event_types"] == ["bluetooth"]

    await _call(hass, "unlock", entity_id)  # the lock reports DP 19 = member 1
    await hass.async_block_till_done()
    first = hass.states.get(event_id)
    assert first is not None
    assert first.state != STATE_UNKNOWN
    assert first.attributes["event_type"] == "bluetooth"
    assert first.attributes["credential_id"] == 1

    # The same member again is a new unlock, not a restatement.
    device.emulator.set_dp(19, 1)
    await hass.async_block_till_done()
    second = hass.states.get(event_id)
    assert second is not None
    assert second.state != first.state
    assert second.attributes["credential_id"] == 1

    # Asking for every DP (as each connection does) restates DP 19: no event.
    await send_query(hass, device)
    third = hass.states.get(event_id)
    assert third is not None
    assert third.state == second.state


async def test_event_types_are_the_methods_the_lock_has(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    device, _, _ = await _set_up_lock(hass, simulate, LOCK)
    event_id = entity_id_of(hass, device, "event", "dp_12_event")
    event = hass.states.get(event_id)
    assert event is not None
    assert event.attributes["event_types"] == ["fingerprint", "password"]

    device.emulator.set_dp(13, 4)  # password no. 4
    await hass.async_block_till_done()
    event = hass.states.get(event_id)
    assert event is not None
    assert event.attributes["event_type"] == "password"
    assert event.attributes["credential_id"] == 4


async def test_a_lock_whose_bolt_never_reports_times_out(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """The old emulated lock takes any DP 6 bytes but never moves DP 47."""
    device, _, entity_id = await _set_up_lock(hass, simulate, LOCK)
    assert _state(hass, entity_id) == LockState.LOCKED
    task = hass.async_create_task(_call(hass, "unlock", entity_id))
    later = timedelta(seconds=lock_platform.STATE_REPORT_TIMEOUT + 1)
    for _ in range(500):  # until the command was answered and the wait began
        if task.done():
            break
        if _state(hass, entity_id) == LockState.UNLOCKING and any(
            6 in write.values for write in device.emulator.dp_writes
        ):
            async_fire_time_changed(hass, dt_util.utcnow() + later)
        await asyncio.sleep(0.01)
    with pytest.raises(HomeAssistantError) as err:
        await task
    assert err.value.translation_key == "lock_not_moved"
    assert (err.value.translation_placeholders or {}).get("seconds") == "10"
    (write,) = [w for w in device.emulator.dp_writes if 6 in w.values]
    assert write.values[6] == b"\x01\x01"  # [unlock][member 1]
    assert _state(hass, entity_id) == LockState.LOCKED


async def test_a_bool_dp6_lock_without_dp46_cannot_lock(
    hass: HomeAssistant, simulate: Callable[[Product], Simulated]
) -> None:
    """A boolean DP 6 has no locking form: without DP 46 locking is refused."""
    device = simulate(LOCK_BOOL_DP6)
    entry = await set_up(hass, device)
    await with_cloud_model(hass, entry, LOCK_BOOL_DP6, without=frozenset({46}))
    entity_id = entity_id_of(hass, device, "lock", LOCK_KEY)
    writes_before = len(device.emulator.dp_writes)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "lock", entity_id)
    assert err.value.translation_key == "lock_lock_unsupported"
    assert len(device.emulator.dp_writes) == writes_before

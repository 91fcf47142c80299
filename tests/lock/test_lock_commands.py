"""The lock's command builders and state readings, on the facts' own vectors.

The vectors are the published check values decoded in docs/locks.md: the one in
Home Assistant core's jtmspro test fixture and the one in ESP-TuyaBLE's notes.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from custom_components.tuya_bluetooth.catalog import CATALOG
from custom_components.tuya_bluetooth.lock_commands import (
    DEFAULT_MEMBER_ID,
    DEFAULT_POLARITY,
    ROLE_LOCK,
    ROLE_STATE,
    ROLE_UNLOCK,
    ROLE_UNLOCK_CHECK,
    CheckValue,
    CheckValueError,
    LockPath,
    Polarity,
    UnlockPath,
    bool_dp6_command,
    check_code_command,
    check_code_tail,
    fresh_time,
    is_locked,
    learned_polarity,
    lock_path,
    manual_lock_command,
    parse_check_value,
    raw_dp6_command,
    unlock_path,
)
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DpAccess,
    DpModel,
    DpType,
)
from simulator.products_part2_locks import CheckCodeLock, reported_check_value

# Home Assistant core's fixture jtmspro_xqeob8h6 (a Bluetooth lock).
FIXTURE_VALUE = "AAH//zY2MDkzNTA0AWhkA/QAAA=="
FIXTURE_BYTES = (
    bytes.fromhex("0001ffff") + b"66093504" + bytes.fromhex("01686403f40000")
)
# ESP-TuyaBLE's decoded example (2023-11-01).
ESPT_BYTES = bytes.fromhex("0001ffff") + b"16183634" + bytes.fromhex("01654229330000")


def test_fixture_value_decodes_as_the_facts_say() -> None:
    assert base64.b64decode(FIXTURE_VALUE) == FIXTURE_BYTES
    value = parse_check_value(FIXTURE_VALUE)
    assert value.peripheral_id == b"\x00\x01"
    assert value.central_id == b"\xff\xff"
    assert value.digits == b"66093504"
    assert value.issued_at == 0x686403F4
    assert datetime.fromtimestamp(value.issued_at, UTC) == datetime(
        2025, 7, 1, 15, 51, 16, tzinfo=UTC
    )


def test_espt_example_decodes() -> None:
    value = parse_check_value(base64.b64encode(ESPT_BYTES).decode())
    assert value.digits == b"16183634"
    assert value.issued_at == 0x65422933
    assert datetime.fromtimestamp(value.issued_at, UTC).date().isoformat() == (
        "2023-11-01"
    )


def test_the_digits_stay_out_of_repr() -> None:
    value = parse_check_value(FIXTURE_VALUE)
    assert "66093504" not in repr(value)
    assert "660" not in str(value)


@pytest.mark.parametrize(
    "stored",
    [
        "not base64 at all!",
        base64.b64encode(FIXTURE_BYTES[:18]).decode(),  # 18 bytes
        base64.b64encode(FIXTURE_BYTES + b"\x00").decode(),  # 20 bytes
        base64.b64encode(FIXTURE_BYTES[:4] + b"6609350x" + FIXTURE_BYTES[12:]).decode(),
        "",
    ],
)
def test_values_of_another_shape_are_refused(stored: str) -> None:
    with pytest.raises(CheckValueError):
        parse_check_value(stored)


def test_unlock_command_swaps_the_ids_and_ends_00_member() -> None:
    value = parse_check_value(FIXTURE_VALUE)
    command = check_code_command(value, unlock=True, timestamp=0x6A000001)
    # ff ff 00 01, the digits, 01, the time, 00 01: the layout MENE and SHON
    # sent and ESP-TuyaBLE builds for member 1.
    assert command == (
        bytes.fromhex("ffff0001") + b"66093504" + bytes.fromhex("016a0000010001")
    )
    assert len(command) == 19


def test_lock_command_differs_in_the_op_byte_only() -> None:
    value = parse_check_value(FIXTURE_VALUE)
    unlock = check_code_command(value, unlock=True, timestamp=1_800_000_000)
    lock = check_code_command(value, unlock=False, timestamp=1_800_000_000)
    assert lock[12] == 0x00
    assert unlock[12] == 0x01
    assert lock[:12] == unlock[:12]
    assert lock[13:] == unlock[13:]


def test_member_id_goes_in_the_last_byte() -> None:
    assert check_code_tail() == b"\x00\x01"
    assert DEFAULT_MEMBER_ID == 1
    assert check_code_tail(0x64) == b"\x00\x64"
    value = parse_check_value(FIXTURE_VALUE)
    command = check_code_command(value, unlock=True, timestamp=1, member_id=7)
    assert command[-2:] == b"\x00\x07"
    for wrong in (0, 0x65, 255):
        with pytest.raises(ValueError, match="member"):
            check_code_tail(wrong)


def test_times_outside_four_bytes_are_refused() -> None:
    value = parse_check_value(FIXTURE_VALUE)
    with pytest.raises(ValueError, match="4 bytes"):
        check_code_command(value, unlock=True, timestamp=2**32)
    with pytest.raises(ValueError, match="4 bytes"):
        fresh_time(2.0**32, last_sent=None, issued_at=0)


@pytest.mark.parametrize(
    ("now", "last_sent", "issued_at", "expected"),
    [
        (1_800_000_000.7, None, 1_751_384_052, 1_800_000_000),  # the clock
        (1_800_000_000.2, 1_800_000_000, 1_751_384_052, 1_800_000_001),  # same second
        (
            1_800_000_000.0,
            1_800_000_005,
            1_751_384_052,
            1_800_000_006,
        ),  # clock went back
        (1_000.0, None, 1_751_384_052, 1_751_384_053),  # clock unset: after the value
    ],
)
def test_fresh_time_is_now_and_newer_than_anything_sent(
    now: float, last_sent: int | None, issued_at: int, expected: int
) -> None:
    assert fresh_time(now, last_sent=last_sent, issued_at=issued_at) == expected


def test_commands_from_one_clock_strictly_increase() -> None:
    sent: int | None = None
    times = []
    for now in (1_800_000_000.1, 1_800_000_000.2, 1_800_000_000.9, 1_800_000_003.0):
        sent = fresh_time(now, last_sent=sent, issued_at=0)
        times.append(sent)
    assert times == [1_800_000_000, 1_800_000_001, 1_800_000_002, 1_800_000_003]


def test_the_emulated_lock_accepts_our_command_and_refuses_a_replay() -> None:
    """The builder against the emulator's independent check of the layout."""
    settings = CheckCodeLock(check_code="12345678", issued_at=1_700_000_000)
    stored = base64.b64encode(reported_check_value("12345678", 1_700_000_000))
    unit = settings()
    value = parse_check_value(stored.decode())
    command = check_code_command(value, unlock=True, timestamp=1_700_000_100)
    assert unit.on_write(None, {71: command}).accept  # type: ignore[arg-type]
    assert not unit.on_write(None, {71: command}).accept  # type: ignore[arg-type]
    assert unit.refused_unlocks[-1].reason == "stale timestamp"


def test_raw_dp6_is_op_then_member() -> None:
    assert raw_dp6_command(unlock=True) == b"\x01\x01"
    assert raw_dp6_command(unlock=False) == b"\x00\x01"
    assert raw_dp6_command(unlock=True, member_id=9) == b"\x01\x09"
    with pytest.raises(ValueError, match="member"):
        raw_dp6_command(unlock=True, member_id=0)


def test_bool_forms() -> None:
    assert bool_dp6_command() is True
    assert manual_lock_command() is True


@pytest.mark.parametrize(
    ("motor", "polarity", "locked"),
    [
        (True, Polarity.TRUE_UNLOCKED, False),
        (False, Polarity.TRUE_UNLOCKED, True),
        (True, Polarity.TRUE_LOCKED, True),
        (False, Polarity.TRUE_LOCKED, False),
        (None, Polarity.TRUE_UNLOCKED, None),
        (1, Polarity.TRUE_UNLOCKED, None),  # not a boolean: unknown
        ("true", Polarity.TRUE_LOCKED, None),
    ],
)
def test_is_locked(motor: object, polarity: Polarity, locked: bool | None) -> None:
    assert is_locked(motor, polarity) is locked


def test_default_polarity_is_what_most_sources_read() -> None:
    assert DEFAULT_POLARITY is Polarity.TRUE_UNLOCKED


@pytest.mark.parametrize(
    ("unlocking", "before", "reported", "learned"),
    [
        (True, False, True, Polarity.TRUE_UNLOCKED),  # most locks
        (True, True, False, Polarity.TRUE_LOCKED),  # the inverted variant
        (False, True, False, Polarity.TRUE_UNLOCKED),
        (False, False, True, Polarity.TRUE_LOCKED),
        (True, True, True, None),  # no change: nothing to learn
        (False, False, False, None),
        (True, None, True, None),  # nothing known before
        (True, False, 1, None),  # an odd value
    ],
)
def test_polarity_is_learned_from_a_change_after_our_command(
    unlocking: bool, before: object, reported: object, learned: Polarity | None
) -> None:
    assert (
        learned_polarity(unlocking=unlocking, before=before, reported=reported)
        is learned
    )


def _dp(dp_id: int, code: str, dp_type: DpType, access: DpAccess) -> DpModel:
    return DpModel(dp_id=dp_id, code=code, type=dp_type, access=access)


CHECK = _dp(71, "ble_unlock_check", DpType.RAW, DpAccess.RO)
RAW6 = _dp(6, "bluetooth_unlock", DpType.RAW, DpAccess.WR)
BOOL6 = _dp(6, "bluetooth_unlock", DpType.BOOL, DpAccess.WR)
MANUAL = _dp(46, "manual_lock", DpType.BOOL, DpAccess.WR)
STATE = _dp(47, "lock_motor_state", DpType.BOOL, DpAccess.RO)


@pytest.mark.parametrize(
    ("roles", "unlock", "lock"),
    [
        (
            {ROLE_UNLOCK_CHECK: CHECK, ROLE_LOCK: MANUAL},
            UnlockPath.CHECK_CODE,
            LockPath.MANUAL_LOCK,
        ),
        ({ROLE_UNLOCK_CHECK: CHECK}, UnlockPath.CHECK_CODE, LockPath.CHECK_CODE),
        (
            {ROLE_UNLOCK_CHECK: CHECK, ROLE_UNLOCK: RAW6},
            UnlockPath.CHECK_CODE,
            LockPath.CHECK_CODE,
        ),
        ({ROLE_UNLOCK: RAW6}, UnlockPath.RAW_DP6, LockPath.RAW_DP6),
        (
            {ROLE_UNLOCK: RAW6, ROLE_LOCK: MANUAL},
            UnlockPath.RAW_DP6,
            LockPath.MANUAL_LOCK,
        ),
        (
            {ROLE_UNLOCK: BOOL6, ROLE_LOCK: MANUAL},
            UnlockPath.BOOL_DP6,
            LockPath.MANUAL_LOCK,
        ),
        ({ROLE_UNLOCK: BOOL6}, UnlockPath.BOOL_DP6, None),  # no bool lock form
        ({ROLE_LOCK: MANUAL}, None, LockPath.MANUAL_LOCK),
        ({ROLE_STATE: STATE}, None, None),
        (
            {ROLE_UNLOCK: _dp(6, "bluetooth_unlock", DpType.VALUE, DpAccess.WR)},
            None,
            None,
        ),
    ],
)
def test_paths_follow_the_dp_model(
    roles: dict[str, DpModel], unlock: UnlockPath | None, lock: LockPath | None
) -> None:
    assert unlock_path(roles) is unlock
    assert lock_path(roles) is lock


def test_catalog_roles_are_the_ones_the_commands_use() -> None:
    (lock,) = [c for c in CATALOG["ms"].composites if c.platform == "lock"]
    assert set(lock.roles) == {ROLE_STATE, ROLE_UNLOCK_CHECK, ROLE_UNLOCK, ROLE_LOCK}
    assert lock.roles[ROLE_UNLOCK_CHECK].codes == ("ble_unlock_check",)
    assert lock.roles[ROLE_UNLOCK].types == ("raw", "bool")


def test_check_value_is_a_plain_value_object() -> None:
    value = CheckValue(b"\x00\x01", b"\xff\xff", b"12345678", 5)
    assert value == parse_check_value(
        base64.b64encode(reported_check_value("12345678", 5)).decode()
    )

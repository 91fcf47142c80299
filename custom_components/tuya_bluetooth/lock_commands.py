"""What a Tuya Bluetooth lock takes and reports, one uncertain fact per function.

Pure: no Home Assistant, no I/O, no clock of its own. The public readings of
these locks disagree in places (docs/locks.md lists each disagreement and the
function here that settles it), so every such choice lives in exactly one
function below, and a correction touches one place:

- `check_code_tail`: the last two bytes of a DP 71 command;
- `fresh_time`: the time a DP 71 command carries;
- `parse_check_value`: where the 8 digits and the ids sit in the cloud's value;
- `raw_dp6_command` and `bool_dp6_command`: the two forms of DP 6;
- `is_locked` and `learned_polarity`: what DP 47 means;
- `unlock_path` and `lock_path`: which of those a DP model calls for.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .tuya.cloud.dp_model import DpModel, DpType

# The roles of the lock entity in the catalog (catalog/locks.py).
ROLE_STATE = "state"  # lock_motor_state, DP 47
ROLE_UNLOCK_CHECK = "unlock_check"  # ble_unlock_check, DP 71
ROLE_UNLOCK = "unlock"  # bluetooth_unlock, DP 6
ROLE_LOCK = "lock"  # manual_lock, DP 46

# The member id our commands carry. Tuya's accessory guide hands out member ids
# 0x01-0x64; 1 (the owner, the first member) is what every public
# implementation sends when it sends one at all.
DEFAULT_MEMBER_ID = 1
MEMBER_IDS = range(0x01, 0x65)

CHECK_VALUE_LENGTH = 19
_DIGITS = slice(4, 12)
_TIME = slice(13, 17)
_OP_UNLOCK, _OP_LOCK = 0x01, 0x00
_MAX_TIME = 2**32 - 1


class CheckValueError(ValueError):
    """The stored check value is not the cloud's 19-byte layout."""


@dataclass(frozen=True, slots=True)
class CheckValue:
    """The parts of the cloud's `ble_unlock_check` value a command reuses.

    `digits` is the lock's secret: kept out of repr so it cannot reach a log.
    """

    peripheral_id: bytes  # the lock's id, 2 bytes, first in the stored value
    central_id: bytes  # the app's id, 2 bytes (ff ff in every value seen)
    digits: bytes = field(repr=False)  # 8 ASCII digits
    issued_at: int  # unix time in the value: when it was set, not a clock


def parse_check_value(stored: str) -> CheckValue:
    """Read the cloud's status value of DP 71 (base64 of 19 bytes).

    Uncertain: the layout (peripheral id 2, central id 2, 8 ASCII digits,
    01, time 4 big-endian, 00 00) comes from decoding two published values,
    and whether the digits are the keypad code is unknown; only the ids, the
    digits and the time are taken, the marker bytes are not checked.
    """
    try:
        raw = base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError) as err:
        raise CheckValueError("not base64") from err
    if len(raw) != CHECK_VALUE_LENGTH:
        raise CheckValueError(f"{len(raw)} bytes, not {CHECK_VALUE_LENGTH}")
    digits = raw[_DIGITS]
    if not (digits.isascii() and digits.isdigit()):
        raise CheckValueError("bytes 4-11 are not 8 ASCII digits")
    return CheckValue(
        peripheral_id=raw[0:2],
        central_id=raw[2:4],
        digits=digits,
        issued_at=int.from_bytes(raw[_TIME], "big"),
    )


def check_code_tail(member_id: int = DEFAULT_MEMBER_ID) -> bytes:
    """The last two bytes of a DP 71 command.

    Uncertain: read as ``00`` + member id (one library names the first byte
    "mobile phone"); other readings are "app method" + "administrator" flags.
    Every reading agrees on ``00 01`` for the default member, which is what
    the locks tested in public accepted.
    """
    if member_id not in MEMBER_IDS:
        raise ValueError(f"member id {member_id} is not 1-100")
    return bytes((0x00, member_id))


def fresh_time(now: float, *, last_sent: int | None, issued_at: int) -> int:
    """The time a DP 71 command carries: now, and newer than any sent before.

    Uncertain: some firmware takes only a time newer than the last one it
    accepted, some seem not to check it. The current unix time satisfies both;
    it is kept strictly above the last time we sent (two commands in one
    second) and above the stored value's own time (a clock set wrong).
    """
    floor = max(issued_at, last_sent if last_sent is not None else 0)
    chosen = max(int(now), floor + 1)
    if chosen > _MAX_TIME:
        raise ValueError("the time does not fit 4 bytes")
    return chosen


def check_code_command(
    value: CheckValue,
    *,
    unlock: bool,
    timestamp: int,
    member_id: int = DEFAULT_MEMBER_ID,
) -> bytes:
    """The 19-byte DP 71 command: the stored value turned into a command.

    The two ids swap places (central first, as a command travels the other
    way), then the digits, the operation (01 unlock, 00 lock), the time and
    the tail.
    """
    if not 0 <= timestamp <= _MAX_TIME:
        raise ValueError("the time does not fit 4 bytes")
    return (
        value.central_id
        + value.peripheral_id
        + value.digits
        + bytes((_OP_UNLOCK if unlock else _OP_LOCK,))
        + timestamp.to_bytes(4, "big")
        + check_code_tail(member_id)
    )


def raw_dp6_command(*, unlock: bool, member_id: int = DEFAULT_MEMBER_ID) -> bytes:
    """DP 6 as 2 raw bytes, ``[op][member id]``: 01 unlocks, 00 locks.

    Uncertain: this is the form for a DP 6 the model types as raw (as the
    cloud dumps seen do); see `bool_dp6_command` for the other.
    """
    if member_id not in MEMBER_IDS:
        raise ValueError(f"member id {member_id} is not 1-100")
    return bytes((_OP_UNLOCK if unlock else _OP_LOCK, member_id))


def bool_dp6_command() -> bool:
    """DP 6 as a boolean: true unlocks; it has no locking form.

    Uncertain: the form integrations use for a DP 6 the model types as a
    boolean. Locking then takes DP 46 (`manual_lock`) true.
    """
    return True


def manual_lock_command() -> bool:
    """DP 46 `manual_lock`: true locks (false is not known to unlock)."""
    return True


class Polarity(StrEnum):
    """Which DP 47 (`lock_motor_state`) value means the bolt is drawn back."""

    TRUE_UNLOCKED = "true_unlocked"
    TRUE_LOCKED = "true_locked"


# What most public readings say; a lock that shows otherwise teaches us.
DEFAULT_POLARITY = Polarity.TRUE_UNLOCKED


def is_locked(motor_state: object, polarity: Polarity) -> bool | None:
    """Whether DP 47's value means locked; None for no (or an odd) value.

    Uncertain: the polarity, which the DP model cannot tell (see
    `learned_polarity`).
    """
    if not isinstance(motor_state, bool):
        return None
    return motor_state is (polarity is Polarity.TRUE_LOCKED)


def learned_polarity(
    *, unlocking: bool, before: object, reported: object
) -> Polarity | None:
    """The polarity a lock shows by answering our own acknowledged command.

    Only a DP 47 value that *changed* after the command teaches anything: the
    bolt moved the way we asked, so the new value means what we asked for. A
    value equal to the one before may be a restatement, or a command the
    motor ignored; then None (nothing learned).
    """
    if not isinstance(before, bool) or not isinstance(reported, bool):
        return None
    if reported is before:
        return None
    # reported now means "unlocked" when we unlocked, "locked" when we locked.
    return Polarity.TRUE_UNLOCKED if reported is unlocking else Polarity.TRUE_LOCKED


class UnlockPath(StrEnum):
    """How a lock is opened over Bluetooth."""

    CHECK_CODE = "check_code"  # DP 71 with the cloud's check value
    RAW_DP6 = "raw_dp6"  # DP 6, [01][member]
    BOOL_DP6 = "bool_dp6"  # DP 6, true


class LockPath(StrEnum):
    """How a lock is closed over Bluetooth."""

    MANUAL_LOCK = "manual_lock"  # DP 46, true
    CHECK_CODE = "check_code"  # DP 71, op 00
    RAW_DP6 = "raw_dp6"  # DP 6, [00][member]


def unlock_path(roles: Mapping[str, DpModel]) -> UnlockPath | None:
    """The unlock a DP model calls for; None when it has none.

    A model with DP 71 takes the check code, whatever else it has: that DP is
    what check-code firmware listens to, and a DP 6 beside it may be ignored.
    Otherwise DP 6's type in the model picks its form.
    """
    if ROLE_UNLOCK_CHECK in roles:
        return UnlockPath.CHECK_CODE
    unlock = roles.get(ROLE_UNLOCK)
    if unlock is None:
        return None
    if unlock.type is DpType.RAW:
        return UnlockPath.RAW_DP6
    if unlock.type is DpType.BOOL:
        return UnlockPath.BOOL_DP6
    return None


def lock_path(roles: Mapping[str, DpModel]) -> LockPath | None:
    """The lock command a DP model calls for; None when it has none.

    DP 46 first: the command the most implementations send. Without it, the
    unlock DP's own locking form (op 00), which only the check-code and raw
    DP 6 layouts have.
    """
    if ROLE_LOCK in roles:
        return LockPath.MANUAL_LOCK
    match unlock_path(roles):
        case UnlockPath.CHECK_CODE:
            return LockPath.CHECK_CODE
        case UnlockPath.RAW_DP6:
            return LockPath.RAW_DP6
    return None

"""Simulated Bluetooth locks of the entity catalog's second part, with behaviours.

Three ways a hub opens a Tuya BLE lock, one product each:

- `LOCK_CHECK_CODE` (jtmspro, protocol 4): DP 71 ``ble_unlock_check``, the
  check-code unlock. The unit holds an 8-digit code that the cloud also lists
  (its status value of DP 71); it takes only a command that repeats the code
  with a time newer than the last one it accepted.
- `LOCK_RAW_DP6` (ms, protocol 3): DP 6 ``bluetooth_unlock`` as 2 raw bytes.
- `LOCK_BOOL_DP6` (ms, protocol 4): DP 6 as a bool, DP 46 locks, and DP 47 with
  the opposite polarity (true = locked).

The unit reports an accepted command on its own (DP 47, and DP 19 with the
member id where the command has one); a refused one gets the error status,
changes nothing and is recorded::

    product = check_code_lock(check_code="12345678", issued_at=1_700_000_000)
    device, _ = make_virtual_device(product, bound=True)
    cloud_check_value(product)                  # DP 71 as the cloud lists it
    lock_state(device).refused_unlocks          # what this unit refused
    behaviour_of(device, CheckCodeLockState).last_timestamp

Sources: the public BLE lock implementations named next to each product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
import struct
from typing import TYPE_CHECKING

from .behaviour import ACCEPT, HasBehaviour, WriteOutcome, behaviour_of, refuse
from .model import Access, DpSpec, DpType, Product
from .products import LOCK

if TYPE_CHECKING:
    from .behaviour import EmulatorLike
    from .model import DpValue

__all__ = [
    "DEFAULT_CHECK_CODE",
    "DEFAULT_ISSUED_AT",
    "LOCK_BOOL_DP6",
    "LOCK_CHECK_CODE",
    "LOCK_RAW_DP6",
    "BoolDp6Lock",
    "CheckCodeLock",
    "CheckCodeLockState",
    "LockCommand",
    "LockState",
    "RawDp6Lock",
    "RefusedUnlock",
    "check_code_config",
    "check_code_lock",
    "cloud_check_value",
    "lock_state",
    "reported_check_value",
]

# DP ids shared by the three locks.
BLUETOOTH_UNLOCK, UNLOCK_BLE, MANUAL_LOCK, MOTOR_STATE = 6, 19, 46, 47
BLE_UNLOCK_CHECK = 71
MEMBER_IDS = range(1, 101)  # the cloud hands out member ids 0x01-0x64

_CENTRAL_ID = b"\xff\xff"  # the app's host id in the check-code layouts
# Deterministic, made up: no real lock's code.
DEFAULT_CHECK_CODE = "31415926"
DEFAULT_ISSUED_AT = 1_698_796_800  # 2023-11-01T00:00:00Z


@dataclass(frozen=True, slots=True)
class RefusedUnlock:
    """A lock command the unit refused."""

    dp_id: int
    payload: DpValue
    reason: str


@dataclass(frozen=True, slots=True)
class LockCommand:
    """A lock command the unit carried out."""

    unlock: bool
    member: int | None = None
    timestamp: int | None = None


class LockState:
    """What one unit's lock behaviour remembers; tests read it."""

    def __init__(self) -> None:
        self.refused_unlocks: list[RefusedUnlock] = []
        self.commands: list[LockCommand] = []

    def _refuse(self, dp_id: int, payload: DpValue, reason: str) -> WriteOutcome:
        self.refused_unlocks.append(RefusedUnlock(dp_id, payload, reason))
        return refuse(reason)


def lock_state(device: HasBehaviour) -> LockState:
    """A lock emulator's behaviour state (TypeError for any other unit)."""
    return behaviour_of(device, LockState)


# Member id of the last BLE unlock; the bolt (its polarity is the product's).
_UNLOCK_BLE = DpSpec(UNLOCK_BLE, "unlock_ble", DpType.VALUE, Access.RO, maximum=999)
_MOTOR = DpSpec(MOTOR_STATE, "lock_motor_state", DpType.BOOL, Access.RO)
_BATTERY = DpSpec(8, "residual_electricity", DpType.VALUE, Access.RO, maximum=100)


# ---- DP 71: the check-code unlock ---------------------------------------------


def reported_check_value(
    check_code: str, timestamp: int, peripheral_id: int = 1
) -> bytes:
    """DP 71 as the lock reports it to the cloud (19 bytes).

    peripheral id (2), ``ff ff``, the 8 digits, ``01``, unix time (4, BE),
    ``00 00``: the cloud value of Home Assistant's jtmspro test fixture,
    https://github.com/home-assistant/core/blob/dev/tests/components/tuya/fixtures/jtmspro_xqeob8h6.json
    """
    head = struct.pack(">H", peripheral_id) + _CENTRAL_ID + check_code.encode()
    return head + b"\x01" + struct.pack(">I", timestamp) + b"\x00\x00"


class CheckCodeLockState(LockState):
    """One check-code lock unit: its settings and the last time it accepted."""

    def __init__(self, settings: CheckCodeLock) -> None:
        """A fresh unit: it last accepted the time of its cloud value."""
        super().__init__()
        self.settings = settings
        self.last_timestamp = settings.issued_at

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Check a DP 71 command; DP 46 true locks."""
        then: dict[int, DpValue] = {}
        if (payload := values.get(BLE_UNLOCK_CHECK)) is not None:
            checked = self._check(payload)
            if isinstance(checked, WriteOutcome):
                return checked
            then |= checked
        if values.get(MANUAL_LOCK) is True:
            self.commands.append(LockCommand(unlock=False))
            then[MOTOR_STATE] = False  # true = unlocked on this lock
        # The command holds the code: acted on, never stored nor echoed, so the
        # unit keeps reporting the cloud layout for DP 71.
        return WriteOutcome(then=then, transient=frozenset({BLE_UNLOCK_CHECK}))

    def _check(self, payload: DpValue) -> dict[int, DpValue] | WriteOutcome:
        settings = self.settings
        if not isinstance(payload, bytes) or len(payload) != 19:
            return self._refuse(BLE_UNLOCK_CHECK, payload, "not 19 bytes")
        header = _CENTRAL_ID + struct.pack(">H", settings.peripheral_id)
        if payload[:4] != header:
            return self._refuse(BLE_UNLOCK_CHECK, payload, "not the command layout")
        if payload[4:12] != settings.check_code.encode("ascii"):
            return self._refuse(BLE_UNLOCK_CHECK, payload, "wrong check code")
        op, timestamp, pad, member = struct.unpack(">BIBB", payload[12:])
        if op not in (0, 1) or pad != 0 or member not in MEMBER_IDS:
            return self._refuse(BLE_UNLOCK_CHECK, payload, "bad op or member")
        if settings.monotonic and timestamp <= self.last_timestamp:
            return self._refuse(BLE_UNLOCK_CHECK, payload, "stale timestamp")
        self.last_timestamp = timestamp
        self.commands.append(LockCommand(op == 1, member, timestamp))
        if op == 1:
            return {UNLOCK_BLE: member, MOTOR_STATE: True}
        return {MOTOR_STATE: False}


@dataclass(frozen=True, slots=True)
class CheckCodeLock:
    """A check-code lock variant's settings; calling it makes one unit's state.

    `issued_at`, the time in the cloud value, is the last time a fresh unit
    accepted: a command must be newer, unless `monotonic` is False.
    """

    check_code: str = DEFAULT_CHECK_CODE
    issued_at: int = DEFAULT_ISSUED_AT
    peripheral_id: int = 1
    monotonic: bool = True

    def __post_init__(self) -> None:  # refuse what no lock could hold
        code = self.check_code
        if len(code) != 8 or not (code.isascii() and code.isdigit()):
            raise ValueError("the check code is 8 ASCII digits")
        if not 0 <= self.issued_at < 2**32 or not 0 <= self.peripheral_id < 2**16:
            raise ValueError("issued_at and peripheral_id must fit 4 and 2 bytes")

    def __call__(self) -> CheckCodeLockState:
        """One unit's own state (its own anti-replay time)."""
        return CheckCodeLockState(self)

    def cloud_value(self) -> bytes:
        """DP 71 as the cloud lists it for units of this variant."""
        return reported_check_value(self.check_code, self.issued_at, self.peripheral_id)


def _check_code_dps(settings: CheckCodeLock) -> tuple[DpSpec, ...]:
    alarm = LOCK.dp(21)
    assert alarm is not None  # the shared alarm_lock enum of simulator.products
    cloud = settings.cloud_value()
    return (
        replace(_BATTERY, default=90),  # no unit, as in the jtmspro fixture
        replace(_UNLOCK_BLE, default=0),
        alarm,
        DpSpec(33, "automatic_lock", DpType.BOOL, default=True),
        DpSpec(
            40,
            "closed_opened",
            DpType.ENUM,
            Access.RO,
            enum_range=("unknown", "open", "closed"),
            default="closed",
        ),
        DpSpec(MANUAL_LOCK, "manual_lock", DpType.BOOL, Access.WR),
        replace(_MOTOR, default=False),  # true = unlocked, as most sources read it
        # Reported (the cloud's copy) and written (commands): rw, its state the
        # cloud layout. maxlen above 19 so the behaviour sees wrong lengths.
        DpSpec(
            BLE_UNLOCK_CHECK, "ble_unlock_check", DpType.RAW, maxlen=64, default=cloud
        ),
    )


# Residential lock pro, category jtmspro, protocol 4. Codes and types: Home
# Assistant's jtmspro fixture (a Bluetooth lock); the command layout and the
# fresh-time rule: https://github.com/menelike/esphome-tuya-ble-lock (README,
# components/tuya_lock/tuya_protocol.cpp) and
# https://github.com/AndreasVerhoeven/ESP-TuyaBLE (src/TuyaBLEAdvancedLock.cpp).
LOCK_CHECK_CODE = Product(
    product_id="sim0jt25",
    category="jtmspro",
    name="Simulated check-code lock",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.3.0",
    firmware_update="1.3.1",
    hardware_version="1.0.0",
    source="https://github.com/menelike/esphome-tuya-ble-lock",
    dps=_check_code_dps(CheckCodeLock()),
    behaviour=CheckCodeLock(),
    uncertain=(
        "the last two command bytes: read as 00 + member id (1-100), not flags",
        "whether the time must be newer than the last (monotonic=False: any)",
        "the 8 digits are per device in reality; here per product variant",
        "that DP 71 is reported over BLE at all (the cloud lists it as status)",
        "automatic_lock does not relock the simulated unit",
        "DP ids 21, 33, 40 come from other lock products' dumps",
    ),
)


def check_code_lock(
    *,
    check_code: str = DEFAULT_CHECK_CODE,
    issued_at: int = DEFAULT_ISSUED_AT,
    monotonic: bool = True,
    product_id: str = LOCK_CHECK_CODE.product_id,
) -> Product:
    """A variant of `LOCK_CHECK_CODE` with its own code and cloud time."""
    settings = CheckCodeLock(check_code, issued_at, monotonic=monotonic)
    return replace(
        LOCK_CHECK_CODE,
        product_id=product_id,
        dps=_check_code_dps(settings),
        behaviour=settings,
    )


def check_code_config(product: Product) -> CheckCodeLock:
    """The check-code settings of a product (TypeError for other products)."""
    if not isinstance(product.behaviour, CheckCodeLock):
        raise TypeError(f"{product.product_id} is not a check-code lock")
    return product.behaviour


def cloud_check_value(product: Product) -> bytes:
    """DP 71 as the fake cloud should list it for this product (19 bytes)."""
    return check_code_config(product).cloud_value()


# ---- DP 6: the short-range unlock ---------------------------------------------


class RawDp6Lock(LockState):
    """DP 6 raw ``[op][member]``: 01 mm unlocks, 00 mm locks."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Carry out a 2-byte DP 6 command, refuse any other shape."""
        payload = values.get(BLUETOOTH_UNLOCK)
        if payload is None:
            return ACCEPT
        if not isinstance(payload, bytes) or len(payload) != 2:
            return self._refuse(BLUETOOTH_UNLOCK, payload, "not 2 bytes")
        op, member = payload
        if op not in (0, 1) or member not in MEMBER_IDS:
            return self._refuse(BLUETOOTH_UNLOCK, payload, "bad op or member")
        self.commands.append(LockCommand(op == 1, member))
        if op == 1:
            return WriteOutcome(then={UNLOCK_BLE: member, MOTOR_STATE: True})
        return WriteOutcome(then={MOTOR_STATE: False})


# Residential lock, category ms, protocol 3: DP 6 as 2 raw bytes, battery as the
# DP 9 enum, https://github.com/AndreasVerhoeven/ESP-TuyaBLE (src/TuyaBLESimpleLock.h);
# DP 6 is Raw in cloud dumps: https://github.com/make-all/tuya-local/issues/973
LOCK_RAW_DP6 = Product(
    product_id="sim0ms26",
    category="ms",
    name="Simulated short-range lock",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.1.0",
    firmware_update="1.1.2",
    hardware_version="1.0.0",
    source="https://github.com/AndreasVerhoeven/ESP-TuyaBLE",
    dps=(
        DpSpec(BLUETOOTH_UNLOCK, "bluetooth_unlock", DpType.RAW, Access.WR, maxlen=128),
        DpSpec(
            9,
            "battery_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("high", "medium", "low", "exhausted"),
            default="high",
        ),
        replace(_UNLOCK_BLE, default=0),
        replace(_MOTOR, default=False),
    ),
    behaviour=RawDp6Lock,
    uncertain=(
        "the [op][member] layout comes from one library (others write a bool)",
        "member ids outside 1-100 are refused, an assumption",
        "battery_state enum order (high first) follows that library's 0..3",
    ),
)


class BoolDp6Lock(LockState):
    """DP 6 true unlocks, DP 46 true locks; DP 47 true means locked."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Move the bolt for a true on DP 6 or DP 46; false does nothing."""
        then: dict[int, DpValue] = {}
        if values.get(BLUETOOTH_UNLOCK) is True:
            self.commands.append(LockCommand(unlock=True))
            then[MOTOR_STATE] = False  # true = locked on this variant
        if values.get(MANUAL_LOCK) is True:
            self.commands.append(LockCommand(unlock=False))
            then[MOTOR_STATE] = True
        return WriteOutcome(then=then)


# Residential lock, category ms, protocol 4: unlock DP 6 = true, lock DP 46 =
# true (https://github.com/ShonP40/Tuya-BLE, lock.py; HTB writes DP 6 as a bool
# too: https://github.com/ha-tuya-ble/ha_tuya_ble, button.py). DP 47 polarity is
# inverted here on purpose, see `uncertain`.
LOCK_BOOL_DP6 = Product(
    product_id="sim0ms27",
    category="ms",
    name="Simulated button lock",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="3.0.1",
    firmware_update="3.0.2",
    hardware_version="2.0.0",
    source="https://github.com/ShonP40/Tuya-BLE",
    dps=(
        DpSpec(BLUETOOTH_UNLOCK, "bluetooth_unlock", DpType.BOOL, Access.WR),
        replace(_BATTERY, unit="%", default=75),
        DpSpec(MANUAL_LOCK, "manual_lock", DpType.BOOL, Access.WR),
        replace(_MOTOR, default=True),  # true = locked on this variant
    ),
    behaviour=BoolDp6Lock,
    uncertain=(
        "DP 47 true = LOCKED here, the opposite of most sources (public readings "
        "disagree): this variant exists so the integration proves it handles "
        "either polarity",
        "DP 6 is Raw in the cloud dumps seen; two integrations write a bool",
        "no member id is reported (no DP 19) after a bool unlock",
    ),
)

"""Locks: lock and unlock over Bluetooth; the bolt's state from the lock's reports.

What a lock takes and what its reports mean is disputed in places; each such
fact is settled in one function of lock_commands.py, and docs/locks.md lists
them. This module only runs a command: it picks the command the DP model calls
for, sends it, and waits for the bolt to report that it moved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import logging
from typing import Any, Self

from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
from homeassistant.util import dt as dt_util

from .catalog.model import Platform
from .const import CONF_UNLOCK_CHECK, DOMAIN
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .lock_commands import (
    DEFAULT_POLARITY,
    ROLE_LOCK,
    ROLE_STATE,
    ROLE_UNLOCK,
    ROLE_UNLOCK_CHECK,
    CheckValueError,
    LockPath,
    Polarity,
    UnlockPath,
    bool_dp6_command,
    check_code_command,
    fresh_time,
    is_locked,
    learned_polarity,
    lock_path,
    manual_lock_command,
    parse_check_value,
    raw_dp6_command,
    unlock_path,
)
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .services import raise_for_result
from .tuya.datapoints import DataPoint, DPType
from .tuya.device import DeviceEvent
from .tuya.errors import CommandRejectedError

_LOGGER = logging.getLogger(__name__)

PARALLEL_UPDATES = 0  # one command at a time per lock is kept by the entity

# How long an acknowledged command may take to show in the bolt's state. The
# motor runs for a second or two; the state may follow in a separate report.
STATE_REPORT_TIMEOUT = 10.0


def unix_now() -> float:
    """The clock DP 71 commands are stamped with (Home Assistant's, for tests)."""
    return dt_util.utcnow().timestamp()


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the lock entity the catalog builds on a lock's DPs."""

    def build(
        coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaLock:
        return TuyaLock(coordinator, uuid, resolved, entry)

    async_setup_dp_entities(hass, entry, async_add_entities, Platform.LOCK, build)


@dataclass(slots=True)
class LockExtraData(ExtraStoredData):
    """What a lock keeps across restarts: the DP 47 polarity it learned."""

    polarity: Polarity | None

    def as_dict(self) -> dict[str, Any]:
        """JSON for the restore state store."""
        return {"polarity": None if self.polarity is None else self.polarity.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read it back; anything unknown is forgotten."""
        value = data.get("polarity")
        return cls(Polarity(value) if value in set(Polarity) else None)


@dataclass(slots=True)
class _Awaited:
    """One command's wait for the bolt: the target and the state before."""

    locking: bool
    before: object
    settled: asyncio.Future[bool]


class TuyaLock(TuyaDpEntity, LockEntity, RestoreEntity):
    """A Tuya Bluetooth lock: DP 47 for its state, DP 71, 6 or 46 to move it."""

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        entry: TuyaBluetoothConfigEntry,
    ) -> None:
        fields = description_fields(resolved)
        if resolved.translation_key is None:
            fields["name"] = None  # the device's main feature: its name
        super().__init__(coordinator, uuid, resolved, LockEntityDescription(**fields))
        self._entry = entry
        self._polarity: Polarity | None = None  # learned; None: assumed default
        self._moving: bool | None = None  # True locking, False unlocking
        self._assumed_locked: bool | None = None  # locks without a state DP
        self._last_sent: int | None = None  # the newest DP 71 time sent
        self._commands = asyncio.Lock()
        self._attr_assumed_state = resolved.roles.get(ROLE_STATE) is None

    async def async_added_to_hass(self) -> None:
        """Take back the polarity learned before a restart."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_extra_data()) is not None:
            self._polarity = LockExtraData.from_dict(last.as_dict()).polarity

    @property
    def extra_restore_state_data(self) -> LockExtraData:
        """Keep the learned polarity: a lock teaches it only when commanded."""
        return LockExtraData(self._polarity)

    # --- state ---------------------------------------------------------------------

    @property
    def is_locked(self) -> bool | None:
        """DP 47 read with the learned (else the usual) polarity."""
        if self.role_dp(ROLE_STATE) is None:
            return self._assumed_locked
        value = self.role_value(ROLE_STATE)
        if value is None:
            return None
        locked = is_locked(value, self._polarity or DEFAULT_POLARITY)
        if locked is None:
            self.odd_value(value)
        return locked

    @property
    def is_locking(self) -> bool:
        """A lock command of ours is running."""
        return self._moving is True

    @property
    def is_unlocking(self) -> bool:
        """An unlock command of ours is running."""
        return self._moving is False

    # --- commands ------------------------------------------------------------------

    async def async_unlock(self, **kwargs: Any) -> None:
        """Unlock with the command the DP model calls for."""
        path = unlock_path(self.resolved.roles)
        async with self._commands:
            match path:
                case UnlockPath.CHECK_CODE:
                    datapoint = self._check_code(unlock=True)
                case UnlockPath.RAW_DP6:
                    datapoint = self._raw(ROLE_UNLOCK, raw_dp6_command(unlock=True))
                case UnlockPath.BOOL_DP6:
                    datapoint = self._bool(ROLE_UNLOCK, bool_dp6_command())
                case None:
                    raise self._error("lock_unlock_unsupported")
            await self._run(
                datapoint, locking=False, check_code=path is UnlockPath.CHECK_CODE
            )

    async def async_lock(self, **kwargs: Any) -> None:
        """Lock with the command the DP model calls for."""
        path = lock_path(self.resolved.roles)
        async with self._commands:
            match path:
                case LockPath.MANUAL_LOCK:
                    datapoint = self._bool(ROLE_LOCK, manual_lock_command())
                case LockPath.CHECK_CODE:
                    datapoint = self._check_code(unlock=False)
                case LockPath.RAW_DP6:
                    datapoint = self._raw(ROLE_UNLOCK, raw_dp6_command(unlock=False))
                case None:
                    raise self._error("lock_lock_unsupported")
            await self._run(
                datapoint, locking=True, check_code=path is LockPath.CHECK_CODE
            )

    def _raw(self, role: str, payload: bytes) -> DataPoint:
        return DataPoint(self.resolved.roles[role].dp_id, DPType.RAW, payload)

    def _bool(self, role: str, value: bool) -> DataPoint:
        return DataPoint(self.resolved.roles[role].dp_id, DPType.BOOL, value)

    def _check_code(self, *, unlock: bool) -> DataPoint:
        """DP 71 from the check value the account gave (never logged)."""
        stored = self._entry.data.get(CONF_UNLOCK_CHECK)
        if not stored:
            raise self._error("lock_check_code_missing")
        try:
            value = parse_check_value(stored)
        except CheckValueError:
            raise self._error("lock_check_code_invalid") from None
        timestamp = fresh_time(
            unix_now(), last_sent=self._last_sent, issued_at=value.issued_at
        )
        self._last_sent = timestamp
        payload = check_code_command(value, unlock=unlock, timestamp=timestamp)
        return self._raw(ROLE_UNLOCK_CHECK, payload)

    async def _run(
        self, datapoint: DataPoint, *, locking: bool, check_code: bool
    ) -> None:
        """Send one command; return once the bolt reports it moved."""
        state_dp = self.role_dp(ROLE_STATE)
        awaited = _Awaited(
            locking, self.role_value(ROLE_STATE), self.hass.loop.create_future()
        )

        @callback
        def reported(event: DeviceEvent) -> None:
            for dp in event.dps:
                if state_dp is not None and dp.id == state_dp.dp_id:
                    self._judge(awaited, dp.value)

        # Listening before sending: the report may come before the answer.
        unsubscribe = self.coordinator.device.subscribe(reported)
        cancel_timer: Callable[[], None] | None = None
        self._moving = locking
        self.async_write_ha_state()
        try:
            result = await self.coordinator.async_write_dps([datapoint])
            if not result.acknowledged:
                if isinstance(result.error, CommandRejectedError):
                    raise self._error(
                        "lock_refused" if check_code else "lock_command_refused"
                    )
                raise_for_result(result, self.coordinator.device_name)
            if state_dp is None:
                self._assumed_locked = locking  # nothing will tell otherwise
                return
            if awaited.settled.done() or self._already(locking):
                return

            @callback
            def expire(_now: object) -> None:
                if not awaited.settled.done():
                    awaited.settled.set_result(False)

            cancel_timer = async_call_later(self.hass, STATE_REPORT_TIMEOUT, expire)
            if not await awaited.settled:
                if check_code:  # acknowledged but ignored: a stale code, likely
                    raise self._error("lock_refused")
                raise self._error(
                    "lock_not_moved", seconds=str(int(STATE_REPORT_TIMEOUT))
                )
        finally:
            unsubscribe()
            if cancel_timer is not None:
                cancel_timer()
            self._moving = None
            self.async_write_ha_state()

    def _judge(self, awaited: _Awaited, value: object) -> None:
        """Whether a DP 47 report shows our command done (and what it teaches)."""
        if awaited.settled.done():
            return
        learned = learned_polarity(
            unlocking=not awaited.locking, before=awaited.before, reported=value
        )
        if learned is not None:
            if self._polarity not in (None, learned):
                _LOGGER.debug(
                    "%s: DP 47 polarity now reads %s",
                    self.coordinator.device_name,
                    learned,
                )
            self._polarity = learned
            awaited.settled.set_result(True)
            return
        if awaited.before is None:
            # Nothing to compare with: this value becomes the baseline, and it
            # settles the command only if the polarity is already known.
            awaited.before = value
        if self._polarity is not None and is_locked(value, self._polarity) is (
            awaited.locking
        ):
            awaited.settled.set_result(True)

    def _already(self, locking: bool) -> bool:
        """The bolt is known to be where the command puts it (no report may come)."""
        if self._polarity is None:
            return False
        return is_locked(self.role_value(ROLE_STATE), self._polarity) is locking

    def _error(self, key: str, **placeholders: str) -> HomeAssistantError:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={
                "name": self.coordinator.device_name,
                **placeholders,
            },
        )

"""Covers: curtains moved by an open / stop / close command and placed by percent.

Roles (catalog/cover_valve.py): `control` (enum, written), `position`
(percent_control, written), `current` (percent_state, read) and `reverse`
(control_back_mode, read). Which device percent means "open" is not settled for
Bluetooth curtains, so it lives in one constant and one function below; see
docs/covers_valves_fingerbot.md.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.cover import (
    ATTR_POSITION,
    CoverDeviceClass,
    CoverEntity,
    CoverEntityDescription,
    CoverEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpModel
from .tuya.dp_convert import (
    clamped_datapoint,
    number_bounds,
    reported_label,
    reported_number,
)

PARALLEL_UPDATES = 0

# The device percent (of its DP's range, 0-100) at which the cover is fully
# open. 100 is how the emulated curtain and Tuya's BLE curtain map read it;
# Home Assistant core's cloud integration reads the opposite by default. Change
# it here, and only here, if real BLE curtains prove otherwise.
OPEN_PERCENT = 100
# control_back_mode's value when the motor runs the other way round: the
# device's percent then counts from the other end (core's reading on clkg).
MOTOR_REVERSED = "back"

# Which command each feature needs in the `control` DP's range.
_COMMANDS = {
    "open": CoverEntityFeature.OPEN,
    "close": CoverEntityFeature.CLOSE,
    "stop": CoverEntityFeature.STOP,
}


def oriented(percent: float, *, motor_reversed: bool) -> int:
    """A device percent as Home Assistant's position (0 closed, 100 open).

    The mapping is its own inverse, so it also turns a position into the
    percent to write.
    """
    flipped = (OPEN_PERCENT == 0) != motor_reversed
    value = 100 - percent if flipped else percent
    return round(min(max(value, 0), 100))


def _span(dp: DpModel) -> tuple[float, float]:
    """The DP's range in real units (0-100 when the model gives none)."""
    low, high, _ = number_bounds(dp)
    if dp.maximum is None or high <= low:
        return 0.0, 100.0
    return low, high


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a cover for every curtain the resolver found."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.COVER, TuyaCover.build
    )


class TuyaCover(TuyaDpEntity, CoverEntity):
    """A curtain: commands through `control`, placed through `position`."""

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaCover:
        """The entity for one resolved curtain."""
        fields = description_fields(resolved)
        if resolved.translation_key is None:
            fields["name"] = None  # the device's main feature: its name
        description = CoverEntityDescription(
            **fields, device_class=CoverDeviceClass.CURTAIN
        )
        return cls(coordinator, uuid, resolved, description)

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        description: CoverEntityDescription,
    ) -> None:
        super().__init__(coordinator, uuid, resolved, description)
        control = resolved.roles["control"]
        features = CoverEntityFeature(0)
        for command, feature in _COMMANDS.items():
            if command in control.range:
                features |= feature
        if "position" in resolved.roles:
            features |= CoverEntityFeature.SET_POSITION
        self._attr_supported_features = features

    def _role_label(self, role: str) -> str | None:
        """An enum role's last reported value as its label (None: none yet)."""
        dp = self.role_dp(role)
        value = self.role_value(role)
        return None if dp is None or value is None else reported_label(dp, value)

    @property
    def _motor_reversed(self) -> bool:
        return self._role_label("reverse") == MOTOR_REVERSED

    @property
    def current_cover_position(self) -> int | None:
        """Where the curtain is (percent_state), else where it was sent."""
        for role in ("current", "position"):
            dp = self.role_dp(role)
            value = self.role_value(role)
            if dp is None or value is None:
                continue
            reading = reported_number(dp, value)
            if reading is None:
                self.odd_value(value, role)
                return None
            low, high = _span(dp)
            percent = (reading - low) / (high - low) * 100
            return oriented(percent, motor_reversed=self._motor_reversed)
        return None

    @property
    def is_closed(self) -> bool | None:
        """Closed at position 0; without a position, after a `close` command."""
        position = self.current_cover_position
        if position is not None:
            return position == 0
        # A curtain with no percent DPs (or none reported yet) says only what
        # it was last told; `stop` leaves it somewhere unknown.
        return {"close": True, "open": False}.get(self._role_label("control") or "")

    async def async_open_cover(self, **kwargs: Any) -> None:
        """Send `open`."""
        await self.async_write_roles({"control": "open"})

    async def async_close_cover(self, **kwargs: Any) -> None:
        """Send `close`."""
        await self.async_write_roles({"control": "close"})

    async def async_stop_cover(self, **kwargs: Any) -> None:
        """Send `stop`."""
        await self.async_write_roles({"control": "stop"})

    async def async_set_cover_position(self, **kwargs: Any) -> None:
        """Write the percent for Home Assistant's position (0 closed, 100 open)."""
        dp = self.resolved.roles["position"]
        percent = oriented(kwargs[ATTR_POSITION], motor_reversed=self._motor_reversed)
        low, high = _span(dp)
        await self.async_write_datapoint(
            clamped_datapoint(dp, low + percent / 100 * (high - low))
        )

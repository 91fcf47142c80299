"""Climate: thermostats and radiator valves (wk, wkf), built on several DPs.

The catalog's THERMOSTAT (catalog/climate.py) gives the roles: target and
current temperature, switch, mode and the target's limits. `climate_modes`
sorts the mode enum into HVAC modes and presets; this module reads and writes
the DPs in the units of their models (docs/climate.md).
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntity, ClimateEntityDescription
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.const import (
    ATTR_TEMPERATURE,
    PRECISION_TENTHS,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.unit_conversion import TemperatureConverter

from .catalog.model import Platform
from .climate_modes import OFF, ModeMap, ModeState, mode_map
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity, normalised_unit
from .tuya.cloud.dp_model import DpModel
from .tuya.dp_convert import (
    clamped_datapoint,
    number_bounds,
    reported_label,
    reported_number,
)

PARALLEL_UPDATES = 0  # the device's command queue orders writes itself

# Translates the presets; the entity itself is named after its device.
TRANSLATION_KEY = "thermostat"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a climate entity for every thermostat the resolver finds."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.CLIMATE, TuyaClimate.build
    )


def temperature_unit(dp: DpModel) -> UnitOfTemperature:
    """A temperature DP's unit: its model's, else its code's (`_f`: Fahrenheit)."""
    unit = normalised_unit(dp.unit)
    if unit in (UnitOfTemperature.CELSIUS, UnitOfTemperature.FAHRENHEIT):
        return UnitOfTemperature(unit)
    if dp.code.endswith("_f"):
        return UnitOfTemperature.FAHRENHEIT
    return UnitOfTemperature.CELSIUS


class TuyaClimate(TuyaDpEntity, ClimateEntity):
    """A thermostat: target and current temperature, HVAC mode and presets."""

    _modes: ModeMap

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaClimate:
        """The entity for one resolved thermostat."""
        fields = description_fields(resolved)
        if resolved.translation_key is None:
            fields["translation_key"] = TRANSLATION_KEY
            fields["name"] = None  # the device's main feature
        description = ClimateEntityDescription(**fields)
        return cls(coordinator, uuid, resolved, description)

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        description: ClimateEntityDescription,
    ) -> None:
        super().__init__(coordinator, uuid, resolved, description)
        target = resolved.roles["target"]
        mode = self.role_dp("mode")
        self._modes = mode_map(
            mode.range if mode is not None else (),
            has_switch=self.role_dp("switch") is not None,
        )
        self._attr_hvac_modes = [HVACMode(hvac) for hvac in self._modes.hvac_modes]
        self._attr_preset_modes = self._modes.preset_modes or None
        self._attr_temperature_unit = temperature_unit(target)
        self._attr_target_temperature_step = number_bounds(target)[2]
        # Home Assistant rounds readings to whole, halves or tenths only.
        scales = [dp.scale for dp in resolved.roles.values()]
        self._attr_precision = PRECISION_TENTHS if max(scales) else PRECISION_WHOLE
        features = ClimateEntityFeature.TARGET_TEMPERATURE
        if self._attr_preset_modes:
            features |= ClimateEntityFeature.PRESET_MODE
        if HVACMode.OFF in self._attr_hvac_modes:
            features |= ClimateEntityFeature.TURN_OFF
            if len(self._attr_hvac_modes) > 1:
                features |= ClimateEntityFeature.TURN_ON
        self._attr_supported_features = features

    # --- reading ---------------------------------------------------------------

    def _temperature(self, role: str) -> float | None:
        """A role's reading in the entity's unit (None: none, or not a number)."""
        dp = self.role_dp(role)
        value = self.role_value(role)
        if dp is None or value is None:
            return None
        number = reported_number(dp, value)
        if number is None:
            self.odd_value(value, role)
            return None
        unit = temperature_unit(dp)
        if unit != self.temperature_unit:
            return TemperatureConverter.convert(number, unit, self.temperature_unit)
        return number

    def _mode_label(self) -> str | None:
        """The reported mode as its label (None: no mode, or an odd value)."""
        dp = self.role_dp("mode")
        value = self.role_value("mode")
        if dp is None or value is None:
            return None
        label = reported_label(dp, value)
        if label is None:
            self.odd_value(value, "mode")
        return label

    def _state(self) -> ModeState:
        return self._modes.state(
            self.role_value("switch"),
            self._mode_label(),
            has_mode=self.role_dp("mode") is not None,
        )

    @property
    def current_temperature(self) -> float | None:
        """The measured temperature."""
        return self._temperature("current")

    @property
    def target_temperature(self) -> float | None:
        """The temperature the device aims at."""
        return self._temperature("target")

    @property
    def min_temp(self) -> float:
        """The model's lowest target, raised to the device's lower limit."""
        return self._bounds()[0]

    @property
    def max_temp(self) -> float:
        """The model's highest target, lowered to the device's upper limit."""
        return self._bounds()[1]

    def _bounds(self) -> tuple[float, float]:
        low, high, _ = number_bounds(self.resolved.roles["target"])
        lower = self._temperature("lower")
        upper = self._temperature("upper")
        limited_low = low if lower is None else max(low, lower)
        limited_high = high if upper is None else min(high, upper)
        if limited_low > limited_high:
            return low, high  # limits that contradict each other: not applied
        return limited_low, limited_high

    @property
    def hvac_mode(self) -> HVACMode | None:
        """Off, or the HVAC mode the device's mode means."""
        hvac = self._state().hvac
        return None if hvac is None else HVACMode(hvac)

    @property
    def preset_mode(self) -> str | None:
        """The preset the device's mode is ("none" for an HVAC mode's own)."""
        if not self._attr_preset_modes:
            return None
        return self._state().preset

    # --- writing ---------------------------------------------------------------

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Write the switch and mode the HVAC mode needs, in one command."""
        await self.async_write_roles(self._hvac_writes(hvac_mode))

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Write the preset's mode (and turn the device on)."""
        await self.async_write_roles(
            self._modes.writes_for_preset(
                preset_mode, self.role_value("switch"), self._mode_label()
            )
        )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the target (put on the DP's step), with an HVAC mode if given."""
        writes: dict[str, Any] = {}
        if (hvac_mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            writes.update(self._hvac_writes(HVACMode(hvac_mode)))
        if (temperature := kwargs.get(ATTR_TEMPERATURE)) is not None:
            writes["target"] = self._on_step(float(temperature))
        await self.async_write_roles(writes)

    async def async_turn_on(self) -> None:
        """Turn the switch on, leaving "off" for the first other mode."""
        await self.async_write_roles(
            self._modes.writes_for_turn_on(
                self.role_value("switch"), self._mode_label()
            )
        )

    async def async_turn_off(self) -> None:
        """Turn the device off (its mode is kept when it has a switch)."""
        await self.async_set_hvac_mode(HVACMode.OFF)

    def _hvac_writes(self, hvac_mode: HVACMode) -> dict[str, Any]:
        return self._modes.writes_for_hvac(
            OFF if hvac_mode is HVACMode.OFF else hvac_mode.value,
            self.role_value("switch"),
            self._mode_label(),
        )

    def _on_step(self, temperature: float) -> float:
        """The nearest target the DP allows, in real units.

        Home Assistant has checked the range already; this puts the value on
        the DP's step (21.3 becomes 21.5 on a valve set in halves).
        """
        target = self.resolved.roles["target"]
        number = reported_number(target, clamped_datapoint(target, temperature).value)
        return temperature if number is None else number

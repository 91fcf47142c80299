"""Lights: a Tuya light's switch, mode, brightness, white and colour as one entity.

The resolver hands each light the DPs of its roles (catalog/lights.py):
`switch` (switch_led), `mode` (work_mode), `brightness`, `color_temp`, `colour`
and a dimmer's `brightness_min`/`brightness_max` window. `light_values.py`
converts their values; docs/lights.md describes both.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.light import LightEntity, LightEntityDescription
from homeassistant.components.light.const import (
    ATTR_BRIGHTNESS,
    ATTR_COLOR_TEMP_KELVIN,
    ATTR_HS_COLOR,
    ATTR_WHITE,
    ColorMode,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog.model import Platform
from .coordinator import TuyaBluetoothCoordinator
from .dp_entity import TuyaDpEntity, async_setup_dp_entities, description_fields
from .light_values import (
    COOLEST_KELVIN,
    HA_MAX_BRIGHTNESS,
    V1_SCALE,
    V2_SCALE,
    WARMEST_KELVIN,
    Colour,
    DecodedColour,
    Span,
    brightness_from_ha,
    brightness_to_ha,
    colour_brightness,
    colour_format,
    colour_value,
    decode_colour,
    encode_colour,
    kelvin_from_raw,
    raw_from_kelvin,
    span_of,
    windowed,
)
from .models import TuyaBluetoothConfigEntry
from .resolver import ResolvedEntity
from .tuya.cloud.dp_model import DpModel
from .tuya.dp_convert import reported_label

PARALLEL_UPDATES = 0  # the device's command queue orders writes itself


# work_mode's labels (Tuya's light standard set); the others are scenes and music.
WHITE = "white"
COLOUR = "colour"
# The mode shown while a scene or music plays, until one of these is known.
_PREFERRED = (ColorMode.COLOR_TEMP, ColorMode.WHITE, ColorMode.HS)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: TuyaBluetoothConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a light for every light the resolver builds."""
    async_setup_dp_entities(
        hass, entry, async_add_entities, Platform.LIGHT, TuyaLight.build
    )


def _span(dp: DpModel) -> Span:
    return span_of(dp.code, dp.minimum, dp.maximum, dp.step)


def _real(dp: DpModel, raw: int) -> float | int:
    """A raw DP integer in the units `async_write_roles` takes (scale undone)."""
    return raw / 10**dp.scale if dp.scale else raw


class TuyaLight(TuyaDpEntity, LightEntity):
    """One light: on/off, and what of brightness, white and colour it has."""

    _attr_min_color_temp_kelvin = WARMEST_KELVIN
    _attr_max_color_temp_kelvin = COOLEST_KELVIN

    @classmethod
    def build(
        cls, coordinator: TuyaBluetoothCoordinator, uuid: str, resolved: ResolvedEntity
    ) -> TuyaLight:
        """The entity for one resolved light."""
        fields = description_fields(resolved)
        if resolved.translation_key is None:
            fields["name"] = None  # the device's main light: named after it
        return cls(coordinator, uuid, resolved, LightEntityDescription(**fields))

    def __init__(
        self,
        coordinator: TuyaBluetoothCoordinator,
        uuid: str,
        resolved: ResolvedEntity,
        description: LightEntityDescription,
    ) -> None:
        super().__init__(coordinator, uuid, resolved, description)
        self._attr_supported_color_modes = self._modes()
        self._last_mode = next(
            (mode for mode in _PREFERRED if mode in self._attr_supported_color_modes),
            next(iter(self._attr_supported_color_modes)),
        )
        brightness, colour = self.role_dp("brightness"), self.role_dp("colour")
        # Colour s/v on the 0-1000 scale goes with a v2 code or a 0-1000
        # brightness (core guesses the same when the colour DP does not say).
        self._wide = (
            brightness is not None and (brightness.maximum or 0) > V1_SCALE
        ) or (colour is not None and colour.code.endswith("_v2"))

    def _modes(self) -> set[ColorMode]:
        """Home Assistant's colour modes from the roles the light has."""
        modes: set[ColorMode] = set()
        if self.role_dp("colour") is not None:
            modes.add(ColorMode.HS)
        if self.role_dp("color_temp") is not None:
            modes.add(ColorMode.COLOR_TEMP)
        elif modes and self.role_dp("brightness") and WHITE in self._mode_range():
            modes.add(ColorMode.WHITE)  # a colour light with a plain white channel
        if modes:
            return modes
        if self.role_dp("brightness") is not None:
            return {ColorMode.BRIGHTNESS}
        return {ColorMode.ONOFF}

    def _mode_range(self) -> tuple[str, ...]:
        mode = self.role_dp("mode")
        return () if mode is None else mode.range

    # --- state ----------------------------------------------------------------------

    @property
    def is_on(self) -> bool | None:
        """switch_led; unknown until the device reported a boolean."""
        value = self.role_value("switch")
        if value is None or isinstance(value, bool):
            return value
        self.odd_value(value, "switch")
        return None

    def _work_mode(self) -> str | None:
        dp = self.role_dp("mode")
        value = self.role_value("mode")
        if dp is None or value is None:
            return None
        label = reported_label(dp, value)
        if label is None:
            self.odd_value(value, "mode")
        return label

    @property
    def color_mode(self) -> ColorMode:
        """From work_mode; a scene or music keeps the last white or colour mode."""
        modes = self._attr_supported_color_modes or set()
        match self._work_mode():
            case "white":
                found = next((m for m in _PREFERRED[:2] if m in modes), None)
            case "colour":
                found = ColorMode.HS if ColorMode.HS in modes else None
            case _:
                found = None
        if found is not None:
            self._last_mode = found
        return self._last_mode

    def _brightness_span(self) -> tuple[DpModel, Span, Span] | None:
        """The brightness DP, its whole span and the window a dimmer allows."""
        dp = self.role_dp("brightness")
        if dp is None:
            return None
        whole = _span(dp)
        low, high = self.role_value("brightness_min"), self.role_value("brightness_max")
        return dp, whole, windowed(whole, low, high)

    def _white_brightness(self) -> int | None:
        spans = self._brightness_span()
        raw = self.role_value("brightness")
        if spans is None or raw is None:
            return None
        _dp, whole, window = spans
        if raw not in whole or not isinstance(raw, int):
            self.odd_value(raw, "brightness")
            return None
        # Below a dimmer's window the lamp is as dim as it goes, above as bright.
        return brightness_to_ha(min(max(raw, window.low), window.high), window)

    def _colour(self) -> DecodedColour | None:
        value = self.role_value("colour")
        if value is None or value == "":  # "": no colour set yet
            return None
        decoded = decode_colour(value, V2_SCALE if self._wide else V1_SCALE)
        if decoded is None:
            self.odd_value(value, "colour")
        return decoded

    @property
    def brightness(self) -> int | None:
        """The colour's value in colour mode, the brightness DP otherwise."""
        if self.color_mode is ColorMode.HS:
            decoded = self._colour()
            return None if decoded is None else colour_brightness(decoded.colour)
        return self._white_brightness()

    @property
    def color_temp_kelvin(self) -> int | None:
        """The colour temperature DP in kelvin."""
        dp = self.role_dp("color_temp")
        raw = self.role_value("color_temp")
        if dp is None or raw is None:
            return None
        kelvin = kelvin_from_raw(raw, _span(dp))
        if kelvin is None:
            self.odd_value(raw, "color_temp")
        return kelvin

    @property
    def hs_color(self) -> tuple[float, float] | None:
        """The colour DP's hue and saturation."""
        decoded = self._colour()
        if decoded is None:
            return None
        return decoded.colour.hue, decoded.colour.saturation

    # --- commands --------------------------------------------------------------------

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on, with the mode and values asked for, in one command."""
        values: dict[str, Any] = {"switch": True}
        brightness: int | None = kwargs.get(ATTR_BRIGHTNESS)
        hs_color: tuple[float, float] | None = kwargs.get(ATTR_HS_COLOR)
        kelvin: int | None = kwargs.get(ATTR_COLOR_TEMP_KELVIN)
        white: int | None = kwargs.get(ATTR_WHITE)
        if hs_color is not None and self.role_dp("colour") is not None:
            self._set_colour(values, hs_color, brightness)
        elif kelvin is not None and (dp := self.role_dp("color_temp")) is not None:
            values["color_temp"] = _real(dp, raw_from_kelvin(kelvin, _span(dp)))
            self._set_white(values, brightness, ColorMode.COLOR_TEMP)
        elif white is not None:
            self._set_white(values, white, ColorMode.WHITE)
        elif brightness is not None:
            current = self._colour() if self.color_mode is ColorMode.HS else None
            if current is not None:
                colour = current.colour
                self._set_colour(values, (colour.hue, colour.saturation), brightness)
            else:
                self._set_white(values, brightness, None)
        await self.async_write_roles(values)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off (the light keeps its mode and values)."""
        await self.async_write_roles({"switch": False})

    def _set_mode(
        self, values: dict[str, Any], label: str, mode: ColorMode | None
    ) -> None:
        """work_mode too, when the light has it and the label is one of its modes."""
        if mode is not None:
            self._last_mode = mode
        if label in self._mode_range():
            values["mode"] = label

    def _set_white(
        self, values: dict[str, Any], brightness: int | None, mode: ColorMode | None
    ) -> None:
        """White (or colour temperature) mode, with the brightness if given."""
        supported = self._attr_supported_color_modes or set()
        if mode is None:  # brightness alone: white in whichever white mode it has
            mode = next((m for m in _PREFERRED[:2] if m in supported), None)
        # A dimmable white light playing a scene goes back to white too.
        self._set_mode(values, WHITE, mode)
        spans = self._brightness_span()
        if brightness is not None and spans is not None:
            dp, _whole, window = spans
            values["brightness"] = _real(dp, brightness_from_ha(brightness, window))

    def _set_colour(
        self,
        values: dict[str, Any],
        hs_color: tuple[float, float],
        brightness: int | None,
    ) -> None:
        """Colour mode with this hue and saturation, at `brightness` or the current."""
        dp = self.role_dp("colour")
        assert dp is not None  # callers checked
        reported = self.role_value("colour")
        if brightness is None:  # the brightness it has now, white or colour
            brightness = self.brightness or HA_MAX_BRIGHTNESS
        colour = Colour(hs_color[0], hs_color[1], colour_value(brightness))
        fmt = colour_format(dp.code, dp.maxlen, reported, wide=self._wide)
        values["colour"] = encode_colour(colour, fmt)
        self._set_mode(values, COLOUR, ColorMode.HS)

"""Between a Tuya light's DP values and Home Assistant's light values.

Pure: no Home Assistant. Brightness is Home Assistant's 1-255, colour
temperature is in kelvin, hue in degrees and saturation in percent; the DPs
speak integers within their model's range, and colour as text in one of three
forms (docs/lights.md). Decoders take whatever a device reported and return
None for anything odd; encoders write exactly the form asked for.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from enum import StrEnum
import json
import math
import string
from typing import Final

# Home Assistant's brightness of a light that is on.
HA_MIN_BRIGHTNESS: Final = 1
HA_MAX_BRIGHTNESS: Final = 255

# The kelvin range a colour temperature DP is spread over: its 0 (warmest) is
# WARMEST_KELVIN and its maximum COOLEST_KELVIN. Tuya publishes no kelvin for the
# DP; 2700-6500 K is the span of common tunable-white bulbs (docs/lights.md).
WARMEST_KELVIN: Final = 2700
COOLEST_KELVIN: Final = 6500

# A DP model without min/max: Tuya's standard ranges of the light codes
# (https://developer.tuya.com/en/docs/iot/s?id=K9i5ql6yir2oy).
_DEFAULT_RANGES: Final[dict[str, tuple[int, int]]] = {
    "bright_value": (25, 255),
    "bright_value_v2": (10, 1000),
    "temp_value": (0, 255),
    "temp_value_v2": (0, 1000),
}
_DEFAULT_BRIGHTNESS: Final = (10, 1000)  # bright_value_1..3 of dimmers
_DEFAULT_TEMPERATURE: Final = (0, 1000)

V1_SCALE: Final = 255  # saturation and value of v1 colour data
V2_SCALE: Final = 1000  # ... of v2 colour data
MAX_HUE: Final = 360
_HEX_DIGITS: Final = frozenset(string.hexdigits)
_V2_LENGTH: Final = 12  # HHHH SSSS VVVV
_V1_LENGTH: Final = 14  # RRGGBB 0HHH SS VV


@dataclass(frozen=True, slots=True)
class Span:
    """The raw integers a value DP accepts: low..high on `step`."""

    low: int
    high: int
    step: int = 1

    def __contains__(self, raw: object) -> bool:
        return (
            isinstance(raw, int)
            and not isinstance(raw, bool)
            and self.low <= raw <= self.high
        )

    def snap(self, raw: float) -> int:
        """The accepted integer nearest to `raw` (clamped, on the step)."""
        if math.isnan(raw):
            return self.low
        clamped = min(max(raw, self.low), self.high)
        snapped = self.low + round((clamped - self.low) / self.step) * self.step
        while snapped > self.high:
            snapped -= self.step
        return max(snapped, self.low)


def span_of(code: str, minimum: int | None, maximum: int | None, step: int = 1) -> Span:
    """A DP's span from its model, Tuya's standard range filling what is missing."""
    default = _DEFAULT_RANGES.get(
        code, _DEFAULT_TEMPERATURE if "temp" in code else _DEFAULT_BRIGHTNESS
    )
    low = default[0] if minimum is None else minimum
    high = default[1] if maximum is None else maximum
    return Span(min(low, high), max(low, high), max(step, 1))


def windowed(span: Span, low: object, high: object) -> Span:
    """A dimmer's brightness window (brightness_min/max DPs) inside `span`.

    A window that is missing, outside the span or empty is ignored: the whole
    span stays usable rather than none of it.
    """
    new_low = low if low in span else span.low
    new_high = high if high in span else span.high
    if not isinstance(new_low, int) or not isinstance(new_high, int):
        return span
    if new_low >= new_high:
        return span
    return Span(new_low, new_high, span.step)


# --- brightness -------------------------------------------------------------------


def brightness_to_ha(raw: object, span: Span) -> int | None:
    """A brightness DP's value as 1-255 (None: not a value the span allows)."""
    if raw not in span or not isinstance(raw, int):
        return None
    if span.high == span.low:
        return HA_MAX_BRIGHTNESS
    share = (raw - span.low) / (span.high - span.low)
    return round(HA_MIN_BRIGHTNESS + share * (HA_MAX_BRIGHTNESS - HA_MIN_BRIGHTNESS))


def brightness_from_ha(brightness: float, span: Span) -> int:
    """The DP value for a 1-255 brightness: never below the DP's minimum."""
    level = min(max(brightness, HA_MIN_BRIGHTNESS), HA_MAX_BRIGHTNESS)
    share = (level - HA_MIN_BRIGHTNESS) / (HA_MAX_BRIGHTNESS - HA_MIN_BRIGHTNESS)
    return span.snap(span.low + share * (span.high - span.low))


# --- colour temperature -----------------------------------------------------------


def kelvin_from_raw(
    raw: object,
    span: Span,
    warmest: int = WARMEST_KELVIN,
    coolest: int = COOLEST_KELVIN,
) -> int | None:
    """A colour temperature DP's value in kelvin (its lowest value is warmest)."""
    if raw not in span or not isinstance(raw, int):
        return None
    if span.high == span.low:
        return coolest
    share = (raw - span.low) / (span.high - span.low)
    return round(warmest + share * (coolest - warmest))


def raw_from_kelvin(
    kelvin: float,
    span: Span,
    warmest: int = WARMEST_KELVIN,
    coolest: int = COOLEST_KELVIN,
) -> int:
    """The DP value for a colour temperature (clamped to warmest..coolest)."""
    clamped = min(max(kelvin, warmest), coolest)
    share = (clamped - warmest) / (coolest - warmest)
    return span.snap(span.low + share * (span.high - span.low))


# --- colour ---------------------------------------------------------------------


class ColourEncoding(StrEnum):
    """The three forms colour data takes (docs/lights.md)."""

    HEX_V2 = "hex_v2"  # HHHHSSSSVVVV: h 0-360, s and v 0-1000
    HEX_V1 = "hex_v1"  # RRGGBB0HHHSSVV: h 0-360, s and v 0-255
    JSON = "json"  # {"h":..,"s":..,"v":..}: s and v 0-255 or 0-1000


@dataclass(frozen=True, slots=True)
class ColourFormat:
    """How a device wants its colour written: the form and its s/v maximum."""

    encoding: ColourEncoding
    scale: int


HEX_V2: Final = ColourFormat(ColourEncoding.HEX_V2, V2_SCALE)
HEX_V1: Final = ColourFormat(ColourEncoding.HEX_V1, V1_SCALE)


@dataclass(frozen=True, slots=True)
class Colour:
    """A colour as Home Assistant sees it: hue 0-360°, saturation 0-100 %,
    value (brightness of the colour) 0-1."""

    hue: float
    saturation: float
    value: float


@dataclass(frozen=True, slots=True)
class DecodedColour:
    """A reported colour and the form it came in (to write back alike)."""

    colour: Colour
    format: ColourFormat


def _colour(hue: float, saturation: float, value: float, scale: int) -> Colour:
    return Colour(hue, saturation * 100 / scale, value / scale)


def _in_range(number: object, high: int) -> bool:
    """A JSON number (not a boolean) within 0..high; NaN and infinities fail."""
    return (
        isinstance(number, int | float)
        and not isinstance(number, bool)
        and 0 <= number <= high
    )


def _decode_json(text: str, scale_hint: int) -> DecodedColour | None:
    try:
        data = json.loads(text)
    except ValueError, RecursionError:
        return None
    if not isinstance(data, dict):
        return None
    hue, saturation, value = data.get("h"), data.get("s"), data.get("v")
    if not (
        _in_range(hue, MAX_HUE)
        and _in_range(saturation, V2_SCALE)
        and _in_range(value, V2_SCALE)
    ):
        return None
    assert isinstance(hue, int | float)  # for the type checker: checked above
    assert isinstance(saturation, int | float)
    assert isinstance(value, int | float)
    # Above 255 the values can only be on the 0-1000 scale, whatever the hint.
    scale = V2_SCALE if max(saturation, value) > V1_SCALE else scale_hint
    return DecodedColour(
        _colour(hue, saturation, value, scale),
        ColourFormat(ColourEncoding.JSON, scale),
    )


def decode_colour(reported: object, json_scale: int = V2_SCALE) -> DecodedColour | None:
    """A reported colour data value in any of the three forms; None if odd.

    `json_scale` is the s/v maximum to assume for JSON values that do not show
    it themselves (all of s and v at most 255).
    """
    if not isinstance(reported, str):
        return None
    text = reported.strip()
    if text.startswith("{"):
        return _decode_json(text, json_scale)
    if not text or not set(text) <= _HEX_DIGITS:
        return None
    if len(text) == _V2_LENGTH:
        hue, saturation, value = (int(text[i : i + 4], 16) for i in (0, 4, 8))
        if hue > MAX_HUE or saturation > V2_SCALE or value > V2_SCALE:
            return None
        return DecodedColour(_colour(hue, saturation, value, V2_SCALE), HEX_V2)
    if len(text) == _V1_LENGTH:
        # The HSV part is authoritative; RRGGBB is its RGB rendering.
        hue = int(text[6:10], 16)
        saturation, value = int(text[10:12], 16), int(text[12:14], 16)
        if hue > MAX_HUE:
            return None
        return DecodedColour(_colour(hue, saturation, value, V1_SCALE), HEX_V1)
    return None


def _scaled(share: float, high: int) -> int:
    """`share` (0-1) of 0..high as an integer, clamped."""
    if math.isnan(share):
        return 0
    return round(min(max(share, 0.0), 1.0) * high)


def encode_colour(colour: Colour, fmt: ColourFormat) -> str:
    """The colour data text for `colour` in exactly the form `fmt` asks for."""
    hue = _scaled(colour.hue / MAX_HUE, MAX_HUE)
    saturation = _scaled(colour.saturation / 100, fmt.scale)
    value = _scaled(colour.value, fmt.scale)
    match fmt.encoding:
        case ColourEncoding.HEX_V2:
            return f"{hue:04x}{saturation:04x}{value:04x}"
        case ColourEncoding.HEX_V1:
            rgb = colorsys.hsv_to_rgb(
                hue / MAX_HUE, saturation / fmt.scale, value / fmt.scale
            )
            red, green, blue = (_scaled(part, 255) for part in rgb)
            return f"{red:02x}{green:02x}{blue:02x}{hue:04x}{saturation:02x}{value:02x}"
        case ColourEncoding.JSON:
            return json.dumps(
                {"h": hue, "s": saturation, "v": value}, separators=(",", ":")
            )


def colour_format(
    code: str, maxlen: int | None, reported: object, *, wide: bool
) -> ColourFormat:
    """The form to write a device's colour in.

    What the device last reported wins; then the DP's length limit (12 or 14
    characters), the code (`_v2`), and last whether its brightness is on the
    0-1000 scale (`wide`), as Home Assistant's cloud integration guesses too.
    """
    decoded = decode_colour(reported, V2_SCALE if wide else V1_SCALE)
    if decoded is not None:
        return decoded.format
    if maxlen == _V1_LENGTH:
        return HEX_V1
    if maxlen == _V2_LENGTH or code.endswith("_v2") or wide:
        return HEX_V2
    return HEX_V1


def colour_brightness(colour: Colour) -> int:
    """The 1-255 brightness of a colour (its value; a lit light is never 0)."""
    return max(HA_MIN_BRIGHTNESS, _scaled(colour.value, HA_MAX_BRIGHTNESS))


def colour_value(brightness: float) -> float:
    """The colour value (0-1) for a 1-255 brightness."""
    level = min(max(brightness, HA_MIN_BRIGHTNESS), HA_MAX_BRIGHTNESS)
    return level / HA_MAX_BRIGHTNESS

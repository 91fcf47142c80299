"""Light value conversions: known values first, then properties over any input."""

from __future__ import annotations

import json
import string

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.light_values import (
    COOLEST_KELVIN,
    HEX_V1,
    HEX_V2,
    V1_SCALE,
    V2_SCALE,
    WARMEST_KELVIN,
    Colour,
    ColourEncoding,
    ColourFormat,
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

V1_BRIGHTNESS = Span(25, 255)
V2_BRIGHTNESS = Span(10, 1000)
JSON_1000 = ColourFormat(ColourEncoding.JSON, V2_SCALE)
JSON_255 = ColourFormat(ColourEncoding.JSON, V1_SCALE)

# --- known values -----------------------------------------------------------------


def test_spans_from_the_model_or_tuyas_standard_ranges() -> None:
    assert span_of("bright_value", None, None) == Span(25, 255)
    assert span_of("bright_value_v2", None, None) == Span(10, 1000)
    assert span_of("temp_value", None, None) == Span(0, 255)
    assert span_of("temp_value_v2", None, None) == Span(0, 1000)
    assert span_of("bright_value_1", None, None) == Span(10, 1000)
    # The model wins (fwd's bright_value is 10-1000), min > max swapped.
    assert span_of("bright_value", 10, 1000) == Span(10, 1000)
    assert span_of("bright_value", 1000, 10, step=0) == Span(10, 1000, 1)


def test_snap_clamps_and_keeps_the_step() -> None:
    span = Span(10, 1000, 5)
    assert span.snap(0) == 10
    assert span.snap(2000) == 1000
    assert span.snap(13) == 15
    assert span.snap(float("nan")) == 10
    assert Span(0, 9, 4).snap(9) == 8  # the highest value on the step
    assert 15 in span
    assert True not in span
    assert "5" not in span


def test_brightness_ends_meet() -> None:
    assert brightness_to_ha(25, V1_BRIGHTNESS) == 1
    assert brightness_to_ha(255, V1_BRIGHTNESS) == 255
    assert brightness_to_ha(10, V2_BRIGHTNESS) == 1
    assert brightness_to_ha(1000, V2_BRIGHTNESS) == 255
    assert brightness_to_ha(505, V2_BRIGHTNESS) == 128
    assert brightness_from_ha(1, V1_BRIGHTNESS) == 25
    assert brightness_from_ha(255, V1_BRIGHTNESS) == 255
    assert brightness_from_ha(255, V2_BRIGHTNESS) == 1000
    assert brightness_from_ha(128, V2_BRIGHTNESS) == 505
    # Never below the DP's minimum, whatever comes in.
    assert brightness_from_ha(0, V2_BRIGHTNESS) == 10
    assert brightness_from_ha(-5, V1_BRIGHTNESS) == 25


@pytest.mark.parametrize("odd", [5, 1001, True, "500", 500.0, None])
def test_brightness_outside_the_span_is_unknown(odd: object) -> None:
    assert brightness_to_ha(odd, V2_BRIGHTNESS) is None


def test_a_one_value_span_is_full_brightness() -> None:
    assert brightness_to_ha(7, Span(7, 7)) == 255
    assert brightness_from_ha(100, Span(7, 7)) == 7


def test_dimmer_window() -> None:
    assert windowed(V2_BRIGHTNESS, 100, 900) == Span(100, 900)
    assert windowed(V2_BRIGHTNESS, None, 900) == Span(10, 900)
    assert windowed(V2_BRIGHTNESS, 5, 2000) == V2_BRIGHTNESS  # outside: ignored
    assert windowed(V2_BRIGHTNESS, 900, 100) == V2_BRIGHTNESS  # empty: ignored
    assert brightness_from_ha(1, windowed(V2_BRIGHTNESS, 100, 900)) == 100


def test_colour_temperature_zero_is_warmest() -> None:
    span = Span(0, 1000)
    assert kelvin_from_raw(0, span) == WARMEST_KELVIN
    assert kelvin_from_raw(1000, span) == COOLEST_KELVIN
    assert kelvin_from_raw(500, span) == (WARMEST_KELVIN + COOLEST_KELVIN) // 2
    assert kelvin_from_raw(1001, span) is None
    assert kelvin_from_raw("0", span) is None
    assert raw_from_kelvin(WARMEST_KELVIN, span) == 0
    assert raw_from_kelvin(COOLEST_KELVIN, Span(0, 255)) == 255
    assert raw_from_kelvin(1000, span) == 0  # clamped to the range
    assert raw_from_kelvin(20000, span) == 1000
    assert kelvin_from_raw(3, Span(3, 3)) == COOLEST_KELVIN


@pytest.mark.parametrize(
    ("text", "colour", "fmt"),
    [
        ("000003e803e8", Colour(0, 100, 1.0), HEX_V2),
        ("007801f40064", Colour(120, 50, 0.1), HEX_V2),
        ("016800000000", Colour(360, 0, 0.0), HEX_V2),
        ("ff00000000ffff", Colour(0, 100, 1.0), HEX_V1),
        ("00ff000078ffff", Colour(120, 100, 1.0), HEX_V1),
        ('{"h":240,"s":1000,"v":500}', Colour(240, 100, 0.5), JSON_1000),
    ],
)
def test_colour_known_values(text: str, colour: Colour, fmt: ColourFormat) -> None:
    decoded = decode_colour(text)
    assert decoded is not None
    assert decoded.format == fmt
    assert decoded.colour == pytest.approx(colour)
    assert encode_colour(colour, fmt) == text


def test_json_colour_scale() -> None:
    # At most 255 everywhere: the hint decides; above 255 only 0-1000 fits.
    low = '{"h": 10, "s": 255, "v": 255}'
    assert decode_colour(low, V1_SCALE) is not None
    assert decode_colour(low, V1_SCALE).format == JSON_255  # type: ignore[union-attr]
    assert decode_colour(low, V2_SCALE).format == JSON_1000  # type: ignore[union-attr]
    high = decode_colour('{"h": 10, "s": 256, "v": 0}', V1_SCALE)
    assert high is not None
    assert high.format == JSON_1000
    assert encode_colour(Colour(10, 100, 1.0), JSON_255) == '{"h":10,"s":255,"v":255}'


def test_v1_colour_keeps_the_hsv_part() -> None:
    """RRGGBB is only a rendering: a mismatching one does not change the colour."""
    decoded = decode_colour("12345600788080")
    assert decoded is not None
    assert decoded.colour.hue == 120
    assert decoded.colour.saturation == pytest.approx(0.5 * 100, abs=0.3)
    assert decoded.colour.value == pytest.approx(0.5, abs=0.003)


@pytest.mark.parametrize(
    "odd",
    [
        None,
        5,
        b"000003e803e8",
        "",
        "   ",
        "xyz",
        "0169000003e8",  # hue 361
        "000003e903e8",  # saturation 1001
        "0000000003e9",  # value 1001
        "ff00000169ffff",  # v1 hue 361
        "0x0003e803e8",
        "000003e803e",  # 11 digits
        "000003e803e80",  # 13 digits
        "{",
        "[1, 2]",
        '{"h": 10, "s": 10}',
        '{"h": true, "s": 10, "v": 10}',
        '{"h": 361, "s": 10, "v": 10}',
        '{"h": 10, "s": 1001, "v": 10}',
        '{"h": 10, "s": -1, "v": 10}',
        '{"h": NaN, "s": 1, "v": 1}',
        '{"h": 1e999, "s": 1, "v": 1}',
        '{"h": "10", "s": 1, "v": 1}',
        "{" + '"a":[' * 5000,
    ],
)
def test_odd_colour_data_is_none(odd: object) -> None:
    assert decode_colour(odd) is None


def test_colour_format_choice() -> None:
    # What the device reported wins.
    assert colour_format("colour_data", None, "ff00000000ffff", wide=True) == HEX_V1
    assert colour_format("colour_data_v2", 14, "000003e803e8", wide=False) == HEX_V2
    json_text = '{"h":1,"s":2,"v":3}'
    assert colour_format("colour_data", None, json_text, wide=False) == JSON_255
    assert colour_format("colour_data", None, json_text, wide=True) == JSON_1000
    # Then the DP's length, its code, and the brightness scale.
    assert colour_format("colour_data_v2", 14, None, wide=True) == HEX_V1
    assert colour_format("colour_data", 12, "", wide=False) == HEX_V2
    assert colour_format("colour_data_v2", None, None, wide=False) == HEX_V2
    assert colour_format("colour_data", None, "junk", wide=True) == HEX_V2
    assert colour_format("colour_data", None, None, wide=False) == HEX_V1


def test_colour_brightness() -> None:
    assert colour_brightness(Colour(0, 0, 1.0)) == 255
    assert colour_brightness(Colour(0, 0, 0.0)) == 1  # lit: never 0
    assert colour_value(255) == 1.0
    assert colour_value(0) == pytest.approx(1 / 255)


# --- properties -------------------------------------------------------------------

spans = st.tuples(st.integers(-1000, 100_000), st.integers(1, 100_000)).map(
    lambda pair: Span(pair[0], pair[0] + pair[1])
)
ha_brightness = st.integers(1, 255)
formats = st.sampled_from([HEX_V2, HEX_V1, JSON_1000, JSON_255])


@given(span=spans, brightness=ha_brightness)
def test_brightness_round_trip_from_home_assistant(span: Span, brightness: int) -> None:
    raw = brightness_from_ha(brightness, span)
    assert raw in span
    back = brightness_to_ha(raw, span)
    assert back is not None
    width = span.high - span.low
    assert abs(back - brightness) <= 0.5 + 127 / width + 1e-9


@given(span=spans, data=st.data())
def test_brightness_round_trip_from_the_device(span: Span, data: st.DataObject) -> None:
    raw = data.draw(st.integers(span.low, span.high))
    brightness = brightness_to_ha(raw, span)
    assert brightness is not None
    assert 1 <= brightness <= 255
    back = brightness_from_ha(brightness, span)
    assert abs(back - raw) <= 0.5 + (span.high - span.low) / 508 + 1e-9


@given(span=spans, brightness=st.floats(allow_nan=True, allow_infinity=True))
def test_brightness_written_is_never_below_the_minimum(
    span: Span, brightness: float
) -> None:
    assert brightness_from_ha(brightness, span) in span


@given(span=spans, kelvin=st.integers(WARMEST_KELVIN, COOLEST_KELVIN))
def test_kelvin_round_trip(span: Span, kelvin: int) -> None:
    raw = raw_from_kelvin(kelvin, span)
    assert raw in span
    back = kelvin_from_raw(raw, span)
    assert back is not None
    width = span.high - span.low
    assert abs(back - kelvin) <= 0.5 + (COOLEST_KELVIN - WARMEST_KELVIN) / (2 * width)


@given(span=spans, kelvin=st.floats(allow_nan=True, allow_infinity=True))
def test_any_kelvin_writes_a_value_of_the_span(span: Span, kelvin: float) -> None:
    assert raw_from_kelvin(kelvin, span) in span


@given(
    hue=st.integers(0, 360),
    saturation=st.integers(0, 1000),
    value=st.integers(0, 1000),
)
def test_v2_hex_round_trip_is_exact(hue: int, saturation: int, value: int) -> None:
    text = f"{hue:04x}{saturation:04x}{value:04x}"
    decoded = decode_colour(text)
    assert decoded is not None
    assert decoded.format == HEX_V2
    assert encode_colour(decoded.colour, decoded.format) == text


@given(
    hue=st.integers(0, 360), saturation=st.integers(0, 255), value=st.integers(0, 255)
)
def test_v1_hex_round_trip_is_exact(hue: int, saturation: int, value: int) -> None:
    text = encode_colour(Colour(hue, saturation * 100 / 255, value / 255), HEX_V1)
    assert text[6:] == f"{hue:04x}{saturation:02x}{value:02x}"
    decoded = decode_colour(text)
    assert decoded is not None
    assert encode_colour(decoded.colour, decoded.format) == text


@given(
    hue=st.integers(0, 360),
    saturation=st.integers(0, 1000),
    value=st.integers(0, 1000),
    scale=st.sampled_from([V1_SCALE, V2_SCALE]),
)
def test_json_round_trip_is_exact(
    hue: int, saturation: int, value: int, scale: int
) -> None:
    saturation, value = min(saturation, scale), min(value, scale)
    text = json.dumps({"h": hue, "s": saturation, "v": value})
    decoded = decode_colour(text, scale)
    assert decoded is not None
    assert decoded.format.encoding is ColourEncoding.JSON
    assert json.loads(encode_colour(decoded.colour, decoded.format)) == {
        "h": hue,
        "s": saturation,
        "v": value,
    }


@given(
    colour=st.builds(
        Colour,
        st.floats(0, 360),
        st.floats(0, 100),
        st.floats(0, 1),
    ),
    fmt=formats,
)
def test_colour_round_trip_within_rounding(colour: Colour, fmt: ColourFormat) -> None:
    text = encode_colour(colour, fmt)
    decoded = decode_colour(text, fmt.scale)
    assert decoded is not None
    assert decoded.format == fmt
    assert abs(decoded.colour.hue - colour.hue) <= 0.5
    assert abs(decoded.colour.saturation - colour.saturation) <= 50 / fmt.scale + 1e-9
    assert abs(decoded.colour.value - colour.value) <= 0.5 / fmt.scale + 1e-9


@given(
    colour=st.builds(
        Colour,
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
    fmt=formats,
)
def test_encodings_have_their_exact_shape(colour: Colour, fmt: ColourFormat) -> None:
    """Whatever comes in (clamped), the text has the form's length and digits."""
    text = encode_colour(colour, fmt)
    match fmt.encoding:
        case ColourEncoding.HEX_V2:
            assert len(text) == 12
        case ColourEncoding.HEX_V1:
            assert len(text) == 14
            assert text[6] == "0"
            assert int(text[6:10], 16) <= 360
        case ColourEncoding.JSON:
            data = json.loads(text)
            assert set(data) == {"h", "s", "v"}
            assert all(isinstance(part, int) for part in data.values())
    if fmt.encoding is not ColourEncoding.JSON:
        assert set(text) <= set(string.hexdigits.lower())
    assert decode_colour(text, fmt.scale) is not None


@given(text=st.text())
def test_decoder_never_raises_on_any_text(text: str) -> None:
    decode_colour(text)


@given(text=st.text(alphabet=string.hexdigits, min_size=10, max_size=16))
def test_decoder_never_raises_on_hex_like_text(text: str) -> None:
    decoded = decode_colour(text)
    if decoded is not None:
        assert 0 <= decoded.colour.hue <= 360
        assert 0 <= decoded.colour.saturation <= 100
        assert 0 <= decoded.colour.value <= 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["h", "s", "v", "x"]), inner, max_size=4)
    ),
    max_leaves=10,
)


@given(data=json_values, scale=st.sampled_from([V1_SCALE, V2_SCALE]))
def test_decoder_never_raises_on_any_json(data: object, scale: int) -> None:
    decoded = decode_colour(json.dumps(data), scale)
    if decoded is not None:
        assert 0 <= decoded.colour.hue <= 360
        assert 0 <= decoded.colour.saturation <= 100
        assert 0 <= decoded.colour.value <= 1


@given(span=spans, low=st.integers(-2000, 200_000), high=st.integers(-2000, 200_000))
def test_a_window_is_always_inside_its_span(span: Span, low: int, high: int) -> None:
    window = windowed(span, low, high)
    assert span.low <= window.low < window.high <= span.high or window == span

"""Values checked against a DP model before they go to the device."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)
from custom_components.tuya_bluetooth.tuya.datapoints import DataPoint, DPType
from custom_components.tuya_bluetooth.tuya.dp_convert import (
    DpValueError,
    clamped_datapoint,
    datapoint_for,
    model_from_reports,
    number_bounds,
    reported_label,
    reported_number,
    value_for_humans,
)

TEMP = DpModel(
    dp_id=2,
    code="temp_set",
    type=DpType.VALUE,
    minimum=50,
    maximum=300,
    scale=1,
    step=5,
)
MODE = DpModel(dp_id=4, code="mode", type=DpType.ENUM, range=("auto", "manual"))


@pytest.mark.parametrize(
    ("model", "value", "expected"),
    [
        (DpModel(dp_id=1, code="switch", type=DpType.BOOL), True, True),
        (TEMP, 21.5, 215),
        (TEMP, 5, 50),
        (MODE, "manual", 1),
        (MODE, 0, 0),
        (DpModel(dp_id=5, code="fault", type=DpType.BITMAP), 6, 6),
        (DpModel(dp_id=6, code="name", type=DpType.STRING, maxlen=4), "abcd", "abcd"),
        (DpModel(dp_id=7, code="raw", type=DpType.RAW), "0a0b", b"\x0a\x0b"),
        (DpModel(dp_id=7, code="raw", type=DpType.RAW), "AAE=", b"\x00\x01"),
        (DpModel(dp_id=7, code="raw", type=DpType.RAW), b"\x01", b"\x01"),
    ],
)
def test_allowed_values(model: DpModel, value: object, expected: object) -> None:
    assert datapoint_for(model, value).value == expected


@pytest.mark.parametrize(
    ("model", "value", "reason"),
    [
        (
            DpModel(dp_id=1, code="s", type=DpType.BOOL, access=DpAccess.RO),
            True,
            "read_only",
        ),
        (DpModel(dp_id=1, code="s", type=DpType.BOOL), 1, "not_bool"),
        (TEMP, "21", "not_number"),
        (TEMP, True, "not_number"),
        (TEMP, 21.55, "not_on_step"),
        (TEMP, 21.2, "not_on_step"),
        (TEMP, 30.5, "out_of_range"),
        (MODE, "eco", "not_in_range"),
        (MODE, 2, "not_in_range"),
        (DpModel(dp_id=5, code="f", type=DpType.BITMAP), -1, "not_bitmap"),
        (DpModel(dp_id=5, code="f", type=DpType.BITMAP), 1 << 32, "out_of_range"),
        (DpModel(dp_id=6, code="n", type=DpType.STRING, maxlen=2), "abc", "too_long"),
        (DpModel(dp_id=7, code="r", type=DpType.RAW), "zz!", "not_raw"),
        (DpModel(dp_id=7, code="r", type=DpType.RAW), 5, "not_raw"),
        (DpModel(dp_id=7, code="r", type=DpType.RAW, maxlen=1), "0a0b", "too_long"),
    ],
)
def test_refused_values_say_why(model: DpModel, value: object, reason: str) -> None:
    with pytest.raises(DpValueError) as caught:
        datapoint_for(model, value)
    assert caught.value.reason == reason


def test_reported_values_for_humans() -> None:
    assert value_for_humans(TEMP, DataPoint(2, DPType.VALUE, 215)) == 21.5
    assert value_for_humans(MODE, DataPoint(4, DPType.ENUM, 1)) == "manual"
    assert value_for_humans(None, DataPoint(9, DPType.RAW, b"\x01\x02")) == "0102"
    assert value_for_humans(None, DataPoint(9, DPType.BOOL, True)) is True


def test_model_from_reports_keeps_what_it_knew() -> None:
    known = DeviceDpModel((TEMP,), "thing_model")
    model = model_from_reports(
        [DataPoint(2, DPType.VALUE, 215), DataPoint(1, DPType.BOOL, True)], known
    )
    assert model.source == "thing_model"
    assert model.by_id(2) == TEMP
    new = model.by_id(1)
    assert new is not None
    assert (new.code, new.type) == ("dp_1", DpType.BOOL)
    assert model_from_reports([]).source == "reported"


# ---- what entities show and write -------------------------------------------------


def test_readings_in_real_units_and_labels() -> None:
    assert reported_number(TEMP, 215) == 21.5
    assert reported_number(TEMP, True) is None
    assert reported_number(TEMP, "215") is None
    assert reported_label(MODE, 1) == "manual"
    assert reported_label(MODE, 2) is None  # past the range: not an option
    assert reported_label(MODE, False) is None


def test_slider_values_are_clamped_and_put_on_the_step() -> None:
    assert number_bounds(TEMP) == (5.0, 30.0, 0.5)
    assert clamped_datapoint(TEMP, 21.3).value == 215
    assert clamped_datapoint(TEMP, 99).value == 300
    assert clamped_datapoint(TEMP, -4).value == 50
    read_only = DpModel(dp_id=9, code="x", type=DpType.VALUE, access=DpAccess.RO)
    with pytest.raises(DpValueError) as caught:
        clamped_datapoint(read_only, 1)
    assert caught.value.reason == "read_only"


@given(
    minimum=st.integers(-(2**31), 2**31 - 1) | st.none(),
    maximum=st.integers(-(2**31), 2**31 - 1) | st.none(),
    scale=st.integers(0, 5),
    step=st.integers(-2, 10_000),
    value=st.floats(-1e12, 1e12),
)
def test_any_slider_value_writes_a_value_the_model_allows(
    minimum: int | None, maximum: int | None, scale: int, step: int, value: float
) -> None:
    model = DpModel(
        dp_id=3,
        code="level",
        type=DpType.VALUE,
        minimum=minimum,
        maximum=maximum,
        scale=scale,
        step=step,
    )
    low, high, _step = number_bounds(model)
    assert low <= high
    raw = clamped_datapoint(model, value).value
    assert isinstance(raw, int)
    floor = model.minimum if model.minimum is not None else -(2**31)
    ceiling = model.maximum if model.maximum is not None else 2**31 - 1
    floor, ceiling = min(floor, ceiling), max(floor, ceiling)
    assert floor <= raw <= ceiling
    assert (raw - floor) % max(step, 1) == 0

"""Values checked against a DP model before they go to the device."""

from __future__ import annotations

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
    datapoint_for,
    model_from_reports,
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

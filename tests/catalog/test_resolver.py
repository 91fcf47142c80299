"""The resolver: any DP model, of any category, gives sound entities."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from custom_components.tuya_bluetooth.catalog import (
    CATALOG,
    COMMON,
    DEVICE_CLASS_UNITS,
    NEVER_EXPOSED,
)
from custom_components.tuya_bluetooth.catalog.model import Platform
from custom_components.tuya_bluetooth.resolver import (
    REPORTED_SOURCE,
    ResolvedEntity,
    humanised,
    normalised_unit,
    resolve,
)
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)

KNOWN_CODES = sorted(
    {code for entry in CATALOG.values() for code in entry.entities}
    | set(COMMON)
    | set(NEVER_EXPOSED)
    | {
        code
        for entry in CATALOG.values()
        for composite in entry.composites
        for role in composite.roles.values()
        for code in role.codes
    }
)
CATEGORIES = [*sorted(CATALOG), None, "", "xyzzy"]
UNITS = ["", "℃", "°C", "%", "lux", "ppm", "s", "min", "mA", "W", "V", "kwh", "°f", "?"]

codes = st.one_of(
    st.sampled_from(KNOWN_CODES),
    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    st.integers(1, 255).map(lambda n: f"dp_{n}"),
)
labels = st.lists(st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True), max_size=6)


@st.composite
def dp_models(draw: st.DrawFn, dp_id: int) -> DpModel:
    dp_type = draw(st.sampled_from(list(DpType)))
    minimum = draw(st.none() | st.integers(-(2**31), 2**31 - 1))
    maximum = draw(st.none() | st.integers(-(2**31), 2**31 - 1))
    return DpModel(
        dp_id=dp_id,
        code=draw(codes),
        type=dp_type,
        access=draw(st.sampled_from(list(DpAccess))),
        minimum=minimum,
        maximum=maximum,  # min > max included: some clouds do send that
        scale=draw(st.integers(0, 5)),
        step=draw(st.integers(-1, 1000)),
        unit=draw(st.sampled_from(UNITS)),
        range=tuple(draw(labels)),  # empty enums included
        labels=tuple(draw(labels)),
        maxlen=draw(st.none() | st.integers(0, 1024)),
    )


@st.composite
def device_models(draw: st.DrawFn) -> DeviceDpModel:
    ids = draw(st.lists(st.integers(1, 255), min_size=1, max_size=12, unique=True))
    source = draw(st.sampled_from(["thing_model", "specifications", REPORTED_SOURCE]))
    return DeviceDpModel(tuple(draw(dp_models(dp_id)) for dp_id in ids), source)


def _from_reports(dp: DpModel, model: DeviceDpModel) -> bool:
    """Access unknown: the model was built from reports, or this DP was."""
    return (
        model.source == REPORTED_SOURCE or re.fullmatch(r"dp_\d+", dp.code) is not None
    )


def _readable(dp: DpModel, model: DeviceDpModel) -> bool:
    return dp.readable or _from_reports(dp, model)


def _settable(dp: DpModel) -> bool:
    return dp.type in (DpType.BOOL, DpType.VALUE, DpType.STRING) or (
        dp.type is DpType.ENUM and bool(dp.range)
    )


def _fits_its_dp(entity: ResolvedEntity, model: DeviceDpModel) -> bool:
    dp = entity.dp
    match entity.platform:
        case Platform.SWITCH:
            return dp.type is DpType.BOOL
        case Platform.NUMBER:
            return dp.type is DpType.VALUE and dp.writable
        case Platform.SELECT:
            return dp.type is DpType.ENUM and dp.writable and bool(dp.range)
        case Platform.TEXT:
            return dp.type is DpType.STRING and dp.writable
        case Platform.BUTTON:
            return dp.writable
        case Platform.BINARY_SENSOR if entity.bit is not None:
            return dp.type is DpType.BITMAP and entity.bit < len(dp.labels)
        case Platform.BINARY_SENSOR:
            return dp.type is DpType.BOOL or bool(entity.on_values)
        case Platform.EVENT:
            return dp.type in (DpType.ENUM, DpType.BOOL) and dp.readable
        case Platform.SENSOR:
            return _readable(dp, model)
    return False


@given(category=st.sampled_from(CATEGORIES), model=device_models())
def test_any_model_resolves_to_sound_entities(
    category: str | None, model: DeviceDpModel
) -> None:
    entities = resolve(category, model)
    keys = [entity.key for entity in entities]
    assert len(keys) == len(set(keys))  # unique ids stay unique
    # Every DP gets an entity, except unlock material and write-only DPs that
    # nothing could press or set (those stay reachable through send_dp).
    exposable = [
        dp
        for dp in model.dps
        if dp.code not in NEVER_EXPOSED and (_readable(dp, model) or _settable(dp))
    ]
    covered = {entity.dp.dp_id for entity in entities} | {
        dp.dp_id for entity in entities for dp in entity.roles.values()
    }
    assert {dp.dp_id for dp in exposable} <= covered
    assert covered <= {dp.dp_id for dp in model.dps}
    for entity in entities:
        if entity.roles:  # built on several DPs: each role's DP is the model's
            assert entity.dp in entity.roles.values()
            assert all(dp in model.dps for dp in entity.roles.values())
            continue
        assert entity.dp.code not in NEVER_EXPOSED
        assert entity.key.startswith(f"dp_{entity.dp.dp_id}")
        assert _fits_its_dp(entity, model), entity
        allowed = DEVICE_CLASS_UNITS.get(entity.device_class or "")
        if allowed is not None and entity.platform in (
            Platform.SENSOR,
            Platform.NUMBER,
        ):
            assert entity.unit in allowed, entity
        if entity.translation_key in ("dp", "dp_bit"):
            assert entity.placeholders["name"]


def _model(*dps: DpModel, source: str = "thing_model") -> DeviceDpModel:
    return DeviceDpModel(dps, source)


def test_temperature_sensor_of_a_thermometer() -> None:
    temperature = DpModel(
        dp_id=1,
        code="va_temperature",
        type=DpType.VALUE,
        access=DpAccess.RO,
        minimum=-200,
        maximum=600,
        scale=1,
        unit="℃",
    )
    (entity,) = resolve("wsdcg", _model(temperature))
    assert entity.platform is Platform.SENSOR
    assert entity.device_class == "temperature"
    assert entity.unit == "°C"
    assert entity.key == "dp_1"


def test_device_class_dropped_when_the_unit_does_not_fit() -> None:
    odd = DpModel(
        dp_id=1,
        code="va_temperature",
        type=DpType.VALUE,
        access=DpAccess.RO,
        unit="furlongs",
    )
    (entity,) = resolve("wsdcg", _model(odd))
    assert entity.device_class is None
    assert entity.unit == "furlongs"


def test_unknown_dps_fall_back_by_type_and_access() -> None:
    model = _model(
        DpModel(dp_id=1, code="mystery_flag", type=DpType.BOOL, access=DpAccess.RO),
        DpModel(dp_id=2, code="mystery_switch", type=DpType.BOOL),
        DpModel(dp_id=3, code="mystery_go", type=DpType.BOOL, access=DpAccess.WR),
        DpModel(dp_id=4, code="mystery_level", type=DpType.VALUE, maximum=10),
        DpModel(dp_id=5, code="mystery_mode", type=DpType.ENUM, range=("a", "b")),
        DpModel(dp_id=6, code="mystery_name", type=DpType.STRING),
        DpModel(
            dp_id=7,
            code="fault",
            type=DpType.BITMAP,
            access=DpAccess.RO,
            labels=("motor", "sensor"),
        ),
        DpModel(dp_id=8, code="mystery_blob", type=DpType.RAW, access=DpAccess.RO),
    )
    platforms = {e.key: e.platform for e in resolve("xyzzy", model)}
    assert platforms == {
        "dp_1": Platform.BINARY_SENSOR,
        "dp_2": Platform.SWITCH,
        "dp_3": Platform.BUTTON,
        "dp_4": Platform.NUMBER,
        "dp_5": Platform.SELECT,
        "dp_6": Platform.TEXT,
        "dp_7_bit_0": Platform.BINARY_SENSOR,
        "dp_7_bit_1": Platform.BINARY_SENSOR,
        "dp_8": Platform.SENSOR,
    }
    blob = next(e for e in resolve("xyzzy", model) if e.key == "dp_8")
    assert not blob.enabled_default
    assert blob.entity_category == "diagnostic"


def test_a_model_built_from_reports_shows_readings_not_controls() -> None:
    """Types only: booleans become switches, everything else a reading."""
    model = _model(
        DpModel(dp_id=1, code="dp_1", type=DpType.BOOL),
        DpModel(dp_id=7, code="dp_7", type=DpType.VALUE),
        DpModel(dp_id=14, code="dp_14", type=DpType.ENUM),
        source=REPORTED_SOURCE,
    )
    entities = resolve(None, model)
    assert [(e.platform, e.placeholders["name"]) for e in entities] == [
        (Platform.SWITCH, "DP 1"),
        (Platform.SENSOR, "DP 7"),
        (Platform.SENSOR, "DP 14"),
    ]


def test_read_only_dp_under_a_switch_entry_becomes_a_binary_sensor() -> None:
    model = _model(
        DpModel(dp_id=1, code="switch_1", type=DpType.BOOL, access=DpAccess.RO)
    )
    (entity,) = resolve("kg", model)
    assert entity.platform is Platform.BINARY_SENSOR


def test_units_and_names() -> None:
    assert normalised_unit("℃") == "°C"
    assert normalised_unit(" LUX ") == "lx"
    assert normalised_unit("") is None
    assert normalised_unit("widgets") == "widgets"
    assert humanised("temp_unit_convert") == "Temp unit convert"
    assert humanised("dp_12") == "DP 12"
    assert humanised("") == ""

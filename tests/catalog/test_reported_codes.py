"""Standard codes for models from reports: the category's usual DP ids, checked."""

from __future__ import annotations

from hypothesis import given, strategies as st

from custom_components.tuya_bluetooth.catalog import CATALOG
from custom_components.tuya_bluetooth.catalog.ble_ids import BLE_DP_IDS
from custom_components.tuya_bluetooth.catalog.model import Platform
from custom_components.tuya_bluetooth.reported_codes import (
    CODED_SOURCE,
    UNKNOWN_CATEGORY,
    coded_model,
    entity_category,
    is_from_reports,
    standard_dp,
)
from custom_components.tuya_bluetooth.resolver import resolve
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)
from custom_components.tuya_bluetooth.tuya.dp_convert import REPORTED_SOURCE


def reported(*dps: tuple[int, DpType]) -> DeviceDpModel:
    """A model as `model_from_reports` builds it: ids, types, dp_<id> codes."""
    return DeviceDpModel(
        tuple(
            DpModel(dp_id=dp_id, code=f"dp_{dp_id}", type=dp_type)
            for dp_id, dp_type in dps
        ),
        REPORTED_SOURCE,
    )


SWITCH = reported(
    (1, DpType.BOOL),
    (2, DpType.BOOL),
    (7, DpType.VALUE),
    (8, DpType.VALUE),
    (14, DpType.ENUM),
)
SENSOR = reported(
    (1, DpType.VALUE),
    (2, DpType.VALUE),
    (3, DpType.ENUM),
    (4, DpType.VALUE),
    (9, DpType.ENUM),
)


# ---- the tables --------------------------------------------------------------------


def test_every_table_is_of_a_catalog_category_and_keyed_by_its_ids() -> None:
    assert set(BLE_DP_IDS) <= set(CATALOG)
    for category, table in BLE_DP_IDS.items():
        assert table, category
        for dp_id, typical in table.items():
            assert typical.dp_id == dp_id, (category, dp_id)
            dp = standard_dp(typical)  # Tuya's type and access names
            assert not dp.code.startswith("dp_"), (category, dp_id)
            if dp.minimum is not None and dp.maximum is not None:
                assert dp.minimum <= dp.maximum, (category, dp_id)
            assert dp.range or dp.type is not DpType.ENUM or dp.code == "language"


def test_tables_say_what_the_simulated_products_hold() -> None:
    """Spot checks against the facts the tables cite."""
    assert BLE_DP_IDS["wsdcg"][1].scale == 1  # temperature in tenths
    assert BLE_DP_IDS["kg"][1].code == "switch_1"
    assert BLE_DP_IDS["kg"][7].code == "countdown_1"
    assert BLE_DP_IDS["dj"][20].code == "switch_led"
    assert BLE_DP_IDS["dj"][22].maximum == 1000
    assert BLE_DP_IDS["wkf"][103].step == 5
    assert standard_dp(BLE_DP_IDS["ms"][47]).access is DpAccess.RO


# ---- coded_model ---------------------------------------------------------------------


def test_a_switch_gets_its_gangs_countdowns_and_power_on_state() -> None:
    coded = coded_model("kg", SWITCH)
    assert coded.source == CODED_SOURCE
    assert [dp.code for dp in coded.dps] == [
        "switch_1",
        "switch_2",
        "countdown_1",
        "countdown_2",
        "relay_status",
    ]
    relay = coded.by_id(14)
    assert relay is not None
    assert relay.range == ("power_off", "power_on", "last")
    countdown = coded.by_id(7)
    assert countdown is not None
    assert (countdown.maximum, countdown.unit) == (86400, "s")


def test_sockets_share_the_switch_table() -> None:
    assert coded_model("cz", SWITCH) == coded_model("kg", SWITCH)


def test_the_reported_type_wins_over_the_table() -> None:
    model = reported((1, DpType.VALUE), (2, DpType.BOOL))
    coded = coded_model("kg", model)
    assert [dp.code for dp in coded.dps] == ["dp_1", "switch_2"]
    assert coded.dps[0] == model.dps[0]


def test_a_lock_reporting_dp_6_as_a_boolean_keeps_it_numbered() -> None:
    assert coded_model("ms", reported((6, DpType.BOOL))).dps[0].code == "dp_6"
    assert coded_model("ms", reported((6, DpType.RAW))).dps[0].code == (
        "bluetooth_unlock"
    )


def test_ids_outside_the_table_keep_their_numbers() -> None:
    coded = coded_model("wsdcg", reported((1, DpType.VALUE), (99, DpType.BOOL)))
    assert [dp.code for dp in coded.dps] == ["va_temperature", "dp_99"]


def test_one_dp_per_code_when_a_light_reports_both_generations() -> None:
    coded = coded_model("dj", reported((1, DpType.BOOL), (20, DpType.BOOL)))
    assert [dp.code for dp in coded.dps] == ["switch_led", "dp_20"]


def test_unchanged_without_a_table_or_a_fit() -> None:
    for category in (None, "", UNKNOWN_CATEGORY, "xyzzy", "mcs"):
        assert coded_model(category, SWITCH) is SWITCH
    nothing_fits = reported((99, DpType.BOOL))
    assert coded_model("kg", nothing_fits) is nothing_fits


def test_a_cloud_model_is_never_touched() -> None:
    cloud = DeviceDpModel(
        (DpModel(dp_id=1, code="dp_1", type=DpType.BOOL),), "thing_model"
    )
    assert coded_model("kg", cloud) is cloud
    assert not is_from_reports(cloud)


# ---- the category entities are resolved with -----------------------------------------


def test_the_category_of_a_model_from_reports_is_the_users_choice() -> None:
    assert entity_category(None, None, SWITCH) is None
    assert entity_category("kg", None, SWITCH) == "kg"
    assert entity_category(None, "kg", SWITCH) == "kg"
    assert entity_category("kg", UNKNOWN_CATEGORY, SWITCH) is None
    assert entity_category("kg", "", SWITCH) is None


def test_the_cloud_category_wins_for_a_cloud_model() -> None:
    cloud = DeviceDpModel((), "specifications")
    assert entity_category("kg", "wsdcg", cloud) == "kg"
    assert entity_category("kg", UNKNOWN_CATEGORY, cloud) == "kg"


# ---- what the resolver makes of it ---------------------------------------------------


def test_coded_switch_resolves_to_the_catalog_entities() -> None:
    entities = {e.key: e for e in resolve("kg", coded_model("kg", SWITCH))}
    assert entities["dp_1"].platform is Platform.SWITCH
    assert entities["dp_1"].device_class == "outlet"
    assert entities["dp_1"].placeholders == {"index": "1"}
    assert entities["dp_7"].platform is Platform.NUMBER  # writable per the table
    assert entities["dp_14"].platform is Platform.SELECT


def test_coded_sensor_resolves_to_scaled_readings_with_classes() -> None:
    entities = {e.key: e for e in resolve("wsdcg", coded_model("wsdcg", SENSOR))}
    temperature = entities["dp_1"]
    assert temperature.platform is Platform.SENSOR
    assert temperature.device_class == "temperature"
    assert temperature.unit == "°C"
    assert temperature.dp.scale == 1
    assert entities["dp_2"].device_class == "humidity"
    assert entities["dp_4"].device_class == "battery"
    assert entities["dp_9"].platform is Platform.SELECT


def test_dps_left_numbered_stay_type_only() -> None:
    """A coded model's leftover dp_<id> DPs keep the report-only access rules."""
    model = reported((1, DpType.BOOL), (50, DpType.VALUE), (51, DpType.BOOL))
    entities = {e.key: e for e in resolve("kg", coded_model("kg", model))}
    assert entities["dp_50"].platform is Platform.SENSOR
    assert entities["dp_51"].platform is Platform.SWITCH


# ---- properties ----------------------------------------------------------------------

TABLE_IDS = sorted({dp_id for table in BLE_DP_IDS.values() for dp_id in table})
CATEGORIES = [*sorted(BLE_DP_IDS), *sorted(CATALOG), None, "", "xyzzy"]


@st.composite
def reported_models(draw: st.DrawFn) -> DeviceDpModel:
    ids = draw(
        st.lists(
            st.sampled_from(TABLE_IDS) | st.integers(1, 255),
            max_size=16,
            unique=True,
        )
    )
    types = [draw(st.sampled_from(list(DpType))) for _ in ids]
    return reported(*zip(sorted(ids), types, strict=True))


@st.composite
def any_models(draw: st.DrawFn) -> DeviceDpModel:
    """Models of any source, with codes of any shape (as a cloud gives them)."""
    ids = draw(st.lists(st.integers(1, 255), max_size=8, unique=True))
    dps = tuple(
        DpModel(
            dp_id=dp_id,
            code=draw(st.sampled_from([f"dp_{dp_id}", "switch_1", "x"])),
            type=draw(st.sampled_from(list(DpType))),
            access=draw(st.sampled_from(list(DpAccess))),
        )
        for dp_id in ids
    )
    source = draw(st.sampled_from(["thing_model", "specifications", CODED_SOURCE]))
    return DeviceDpModel(dps, source)


@given(st.sampled_from(CATEGORIES), reported_models())
def test_coding_keeps_ids_and_types_and_renames_only_fitting_dps(
    category: str | None, model: DeviceDpModel
) -> None:
    coded = coded_model(category, model)
    assert [(dp.dp_id, dp.type) for dp in coded.dps] == [
        (dp.dp_id, dp.type) for dp in model.dps
    ]
    table = BLE_DP_IDS.get(category or "", {})
    for before, after in zip(model.dps, coded.dps, strict=True):
        if after != before:
            typical = table.get(before.dp_id)
            assert typical is not None
            assert typical.type == before.type.value
            assert after == standard_dp(typical)
    renamed = [dp.code for dp in coded.dps if not dp.code.startswith("dp_")]
    assert len(renamed) == len(set(renamed))  # one DP per code
    assert coded_model(category, coded) == coded  # idempotent
    resolve(category, coded)  # the resolver takes it


@given(st.sampled_from(CATEGORIES), any_models())
def test_models_not_from_reports_are_returned_as_they_are(
    category: str | None, model: DeviceDpModel
) -> None:
    assert coded_model(category, model) is model

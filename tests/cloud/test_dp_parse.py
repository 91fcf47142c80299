"""The normalised DP model: built from either source, equal to the registry,
JSON round trip, malformed input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    CloudResponseError,
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
    dp_model_from_specifications,
    dp_model_from_thing_model,
)
from custom_components.tuya_bluetooth.tuya.cloud.specs import (
    Specifications,
    SpecItem,
    parse_specifications,
    parse_status_mapping,
)
from simulator.cloud import catalog
from simulator.products import PRODUCTS, DpSpec, DpType as SimType, Product

PRODUCT_LIST = list(PRODUCTS.values())
IDS = [p.product_id for p in PRODUCT_LIST]


def expected(spec: DpSpec) -> DpModel:
    """What the registry says a DP is, in the library's terms."""
    kind = DpType(spec.dp_type.name.lower())
    access = DpAccess(spec.access.value)
    if spec.dp_type is SimType.VALUE:
        return DpModel(
            dp_id=spec.dp_id,
            code=spec.code,
            type=kind,
            access=access,
            minimum=spec.minimum,
            maximum=spec.maximum,
            scale=spec.scale,
            step=spec.step,
            unit=spec.unit,
        )
    return DpModel(
        dp_id=spec.dp_id,
        code=spec.code,
        type=kind,
        access=access,
        range=spec.enum_range,
        labels=spec.labels,
        maxlen=(
            spec.maxlen
            if spec.dp_type in (SimType.STRING, SimType.RAW)
            else len(spec.labels)
            if spec.dp_type is SimType.BITMAP
            else None
        ),
    )


@pytest.mark.parametrize("product", PRODUCT_LIST, ids=IDS)
def test_thing_model_matches_registry(product: Product) -> None:
    model = dp_model_from_thing_model(json.dumps(catalog.thing_model(product)))
    assert model.dps == tuple(sorted(map(expected, product.dps), key=lambda d: d.dp_id))


@pytest.mark.parametrize("product", PRODUCT_LIST, ids=IDS)
def test_specifications_plus_mapping_match_thing_model(product: Product) -> None:
    specs = parse_specifications(catalog.specifications(product, with_dp_ids=False))
    mapping = parse_status_mapping(catalog.status_mapping(product))
    from_specs = dp_model_from_specifications(specs, mapping)
    from_thing = dp_model_from_thing_model(catalog.thing_model(product))
    assert from_specs.dps == from_thing.dps
    assert from_specs.source == "specifications"


@pytest.mark.parametrize("product", PRODUCT_LIST, ids=IDS)
def test_json_round_trip(product: Product) -> None:
    model = dp_model_from_thing_model(catalog.thing_model(product))
    stored = json.loads(json.dumps(model.to_dict()))
    assert DeviceDpModel.from_dict(stored) == model


def test_lookup_and_flags() -> None:
    model = dp_model_from_thing_model(catalog.thing_model(PRODUCTS["sim0ms04"]))
    unlock = model.by_code("bluetooth_unlock")
    battery = model.by_id(8)
    assert unlock is not None
    assert battery is not None
    assert (unlock.writable, unlock.readable) == (True, False)
    assert (battery.writable, battery.readable) == (False, True)
    assert model.by_id(99) is None
    assert model.by_code("nope") is None


def test_specifications_without_ids_are_skipped() -> None:
    specs = Specifications(
        category="kg",
        functions=(
            SpecItem("switch_1", "Boolean"),
            SpecItem("colour", "Json", dp_id=5),
        ),
        status=(
            SpecItem("switch_1", "Boolean"),
            SpecItem("power", "Integer", {"min": 0, "max": 10, "step": 0}),
        ),
    )
    mapping = parse_status_mapping(
        {
            "dpStatusRelationDTOS": [
                {"dpId": 1, "statusCode": "switch_1", "valueType": "Boolean"},
                {
                    "dpId": 7,
                    "statusCode": "extra",
                    "valueType": "Enum",
                    "valueDesc": '{"range":["a","b"]}',
                },
                {"dpId": 8, "statusCode": "odd", "valueType": "Quantum"},
            ]
        }
    )
    model = dp_model_from_specifications(specs, mapping)
    assert [(d.dp_id, d.code, d.type, d.access) for d in model.dps] == [
        (1, "switch_1", DpType.BOOL, DpAccess.RW),
        (5, "colour", DpType.STRING, DpAccess.WR),  # JSON travels as a string
        (7, "extra", DpType.ENUM, DpAccess.RO),  # mapping only: read-only
    ]
    assert model.by_id(7).range == ("a", "b")  # type: ignore[union-attr]
    # "power" has no DP id anywhere: unusable locally, skipped.
    assert model.by_code("power") is None


def test_step_zero_means_one() -> None:
    thing = {
        "services": [
            {
                "properties": [
                    {
                        "abilityId": 3,
                        "code": "v",
                        "accessMode": "ro",
                        "typeSpec": {"type": "value", "min": 0, "max": 5, "step": 0},
                    },
                    {"abilityId": 4, "code": "future", "typeSpec": {"type": "vector"}},
                    {
                        "abilityId": 5,
                        "code": "m",
                        "accessMode": "weird",
                        "typeSpec": {"type": "bool"},
                    },
                ]
            }
        ]
    }
    model = dp_model_from_thing_model(thing)
    assert [(d.dp_id, d.step, d.access) for d in model.dps] == [
        (3, 1, DpAccess.RO),
        (5, 1, DpAccess.RW),  # unknown access mode: assume read-write
    ]


@pytest.mark.parametrize(
    "model",
    [
        "not json",
        {"no": "services"},
        {"services": [{"properties": [{"code": "x", "typeSpec": {"type": "bool"}}]}]},
        {"services": [{"properties": ["nope"]}]},
        {
            "services": [
                {
                    "properties": [
                        {"abilityId": 1, "code": "a", "typeSpec": {"type": "bool"}},
                        {"abilityId": 1, "code": "b", "typeSpec": {"type": "bool"}},
                    ]
                }
            ]
        },
    ],
    ids=["not-json", "no-services", "no-id", "not-object", "duplicate-id"],
)
def test_malformed_thing_model(model: Any) -> None:
    with pytest.raises(CloudResponseError):
        dp_model_from_thing_model(model)


@pytest.mark.parametrize(
    "stored",
    [
        {"version": 99, "dps": []},
        {"version": 1},
        {"version": 1, "dps": [{"code": "x", "type": "bool"}]},
        {"version": 1, "dps": [{"dp_id": 1, "code": "x", "type": "vector"}]},
        {"version": 1, "dps": [{"dp_id": 1, "code": "x", "type": "value", "min": [1]}]},
        {"version": 1, "dps": ["x"]},
    ],
)
def test_malformed_stored_model(stored: dict[str, Any]) -> None:
    with pytest.raises(CloudResponseError):
        DeviceDpModel.from_dict(stored)


@pytest.mark.parametrize(
    "result",
    [
        "x",
        {"functions": "x"},
        {"functions": [{"type": "Boolean"}]},
        {"functions": [{"code": "a", "values": "{broken"}]},
        {"functions": [{"code": "a", "values": 5}]},
    ],
)
def test_malformed_specifications(result: Any) -> None:
    with pytest.raises(CloudResponseError):
        parse_specifications(result)


@pytest.mark.parametrize(
    "result",
    [
        "x",
        {"dpStatusRelationDTOS": "x"},
        {"dpStatusRelationDTOS": [{"dpId": 1}]},
        {"dpStatusRelationDTOS": [3]},
    ],
)
def test_malformed_status_mapping(result: Any) -> None:
    with pytest.raises(CloudResponseError):
        parse_status_mapping(result)

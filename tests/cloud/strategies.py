"""Hypothesis strategies for the cloud parser fuzz tests: JSON answers and mutants.

`mutate_json` changes exactly one node of a JSON value, at any depth: replaces it
with arbitrary JSON or a same-looking value of another type, drops a key or adds
one. Valid answers are built from the normalised DP model by a small builder here
(independent of the fake cloud's catalog, which the tests also use).

The bugs these found are fixed; their smallest inputs stay as regression tests at
the end of test_parser_fuzz.py.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from custom_components.tuya_bluetooth.tuya.cloud.dp_model import (
    DeviceDpModel,
    DpAccess,
    DpModel,
    DpType,
)
from tests.tuya.strategies import Draw

type Json = Any

# Any character, "²" and "١" included: ids and codes must be ASCII digits.
_CHARS = st.characters()
texts = st.text(_CHARS, max_size=6)
digit_strings = st.text(
    st.characters(categories=["Nd"]), min_size=1, max_size=4
) | st.integers(-(10**6), 10**6).map(str)
# Infinity is valid JSON for Python (1e999).
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats()
    | texts
    | digit_strings
)
json_values: st.SearchStrategy[Json] = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3)
    ),
    max_leaves=4,
)


def _retyped(value: Json) -> list[Json]:
    """The same content dressed as another JSON type."""
    if isinstance(value, bool):
        return [int(value), str(value).lower()]
    if isinstance(value, int | float):
        return [str(value), [value], float("nan"), bool(value)]
    if isinstance(value, str):
        return [[value], {"value": value}, len(value)]
    if isinstance(value, list):
        return [dict(enumerate(value)), json.dumps(value), len(value)]
    if isinstance(value, dict):
        return [list(value.values()), json.dumps(value), list(value)]
    return [0, "", [], {}]


_DEEPER = st.integers(0, 3)
_HOW = st.sampled_from(("replace", "retype", "drop", "add", "repeat"))
_POSITION = st.integers(0, 1 << 16)


def mutate_json(draw: Draw, value: Json) -> Json:
    """`value` with exactly one node changed, at any depth.

    `draw` may be a composite's draw or `st.DataObject.draw`.
    """
    children: list[Any] = []
    if isinstance(value, dict):
        children = list(value)
    elif isinstance(value, list):
        children = list(range(len(value)))
    if children and draw(_DEEPER) > 0:  # usually go deeper
        key = children[draw(_POSITION) % len(children)]
        copy: Any = dict(value) if isinstance(value, dict) else list(value)
        copy[key] = mutate_json(draw, value[key])
        return copy
    how = draw(_HOW)
    if how == "drop" and children:
        copy = dict(value) if isinstance(value, dict) else list(value)
        del copy[children[draw(_POSITION) % len(children)]]
        return copy
    if how == "repeat" and isinstance(value, list) and value:
        return [*value, value[draw(_POSITION) % len(value)]]  # e.g. a DP listed twice
    if how == "add" and isinstance(value, dict | list):
        extra = draw(json_values)
        if isinstance(value, dict):
            return {**value, draw(texts): extra}
        return [*value, extra]
    if how == "retype":
        options = _retyped(value)
        return options[draw(_POSITION) % len(options)]
    return draw(json_values)


def json_mutants(values: st.SearchStrategy[Json]) -> st.SearchStrategy[Json]:
    """One-change mutants of the given JSON values."""

    @st.composite
    def one_change(draw: st.DrawFn) -> Json:
        return mutate_json(draw, draw(values))

    return one_change()


# --- The DP model and the clouds' descriptions of it -------------------------------------

_SMALL = st.integers(-(2**31), 2**31 - 1)
_OPTIONAL_INT = st.none() | _SMALL
_KINDS = st.sampled_from(list(DpType))
_ACCESS = st.sampled_from(list(DpAccess))
_WORDS = st.lists(texts, max_size=4).map(tuple)
_MAXLEN = st.none() | st.integers(0, 1024)
_IDS_AND_CODES = st.lists(
    st.tuples(st.integers(1, 500), texts),
    unique_by=(lambda pair: pair[0], lambda pair: pair[1]),
    max_size=5,
)


def _dp_model(draw: Draw, dp_id: int, code: str) -> DpModel:
    """A DP in canonical form: only the constraints its type carries."""
    kind, access = draw(_KINDS), draw(_ACCESS)
    if kind is DpType.VALUE:
        return DpModel(
            dp_id=dp_id,
            code=code,
            type=kind,
            access=access,
            minimum=draw(_OPTIONAL_INT),
            maximum=draw(_OPTIONAL_INT),
            scale=draw(st.integers(0, 6)),
            step=draw(st.integers(1, 1000)),
            unit=draw(texts),
        )
    return DpModel(
        dp_id=dp_id,
        code=code,
        type=kind,
        access=access,
        range=draw(_WORDS) if kind is DpType.ENUM else (),
        labels=draw(_WORDS) if kind is DpType.BITMAP else (),
        maxlen=draw(_MAXLEN),
    )


@st.composite
def device_dp_models(draw: st.DrawFn, source: str = "thing_model") -> DeviceDpModel:
    """Up to five DPs with distinct ids and codes, sorted as the parsers sort."""
    dps = [_dp_model(draw, i, code) for i, code in draw(_IDS_AND_CODES)]
    return DeviceDpModel(tuple(sorted(dps, key=lambda dp: dp.dp_id)), source)


def constraints(dp: DpModel) -> dict[str, Json]:
    """typeSpec / `values` fields of one DP (Tuya's names: label, not labels)."""
    out: dict[str, Json] = {}
    if dp.type is DpType.VALUE:
        out = {"scale": dp.scale, "step": dp.step, "unit": dp.unit}
        if dp.minimum is not None:
            out["min"] = dp.minimum
        if dp.maximum is not None:
            out["max"] = dp.maximum
        return out
    if dp.range:
        out["range"] = list(dp.range)
    if dp.labels:
        out["label"] = list(dp.labels)
    if dp.maxlen is not None:
        out["maxlen"] = dp.maxlen
    return out


def _spelled(fields: dict[str, Json], number: type) -> dict[str, Json]:
    return {
        k: number(v) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in fields.items()
    }


def thing_model(model: DeviceDpModel, *, as_text: bool, number: type = int) -> Json:
    """The OpenAPI thing model describing `model`; numbers as int, str or float."""
    properties = [
        {
            "abilityId": number(dp.dp_id),
            "code": dp.code,
            "accessMode": dp.access.value,
            "typeSpec": {"type": dp.type.value, **_spelled(constraints(dp), number)},
        }
        for dp in model.dps
    ]
    result = {"modelId": "p", "services": [{"code": "", "properties": properties}]}
    return json.dumps(result) if as_text else result


_SPEC_NAMES = {
    DpType.BOOL: "Boolean",
    DpType.VALUE: "Integer",
    DpType.ENUM: "Enum",
    DpType.STRING: "String",
    DpType.RAW: "Raw",
    DpType.BITMAP: "Bitmap",
}


def specifications(model: DeviceDpModel) -> tuple[Json, Json]:
    """(specifications, status mapping) describing `model` (sharing API shape)."""

    def entry(dp: DpModel) -> Json:
        values = json.dumps(constraints(dp))
        return {"code": dp.code, "type": _SPEC_NAMES[dp.type], "values": values}

    specs = {
        "category": "kg",
        "functions": [entry(dp) for dp in model.dps if dp.access is not DpAccess.RO],
        "status": [entry(dp) for dp in model.dps if dp.access is not DpAccess.WR],
    }
    mapping = {
        "dpStatusRelationDTOS": [
            {
                "dpId": str(dp.dp_id),
                "statusCode": dp.code,
                "valueType": _SPEC_NAMES[dp.type],
                "valueDesc": json.dumps(constraints(dp)),
            }
            for dp in model.dps
        ]
    }
    return specs, mapping


# --- Answers of the device, home, token, firmware, pairing and registration calls ------

ID = texts.filter(bool) | st.integers(0, 2**40)
_STR = texts | st.integers(0, 99)
_MAC = st.tuples(
    st.binary(min_size=6, max_size=6), st.sampled_from(("", ":", "-"))
).map(lambda pair: pair[0].hex(pair[1]) if pair[1] else pair[0].hex().upper())


def obj(
    required: dict[str, Any], **optional: Any
) -> st.SearchStrategy[dict[str, Json]]:
    """JSON objects with the required keys and any subset of the optional ones."""
    return st.fixed_dictionaries(required, optional=optional)


_PAIRED = obj({"id": ID}, name=_STR, product_id=_STR, category=_STR, uuid=_STR)
_FAILED = obj({}, id=ID, error_code=_STR, error_msg=_STR)
# Both APIs' spellings, as `parse` accepts them.
ANSWERS: dict[str, st.SearchStrategy[dict[str, Json]]] = {
    "token": obj(
        {"access_token": ID, "refreshToken": ID},
        uid=_STR,
        expire_time=st.integers(0, 10**6) | digit_strings,
    ),
    "home": obj({"ownerId": ID}, name=_STR),
    "device": obj(
        {"id": ID},
        uuid=_STR,
        name=_STR,
        productId=_STR,
        local_key=_STR,
        secKey=_STR,
        mac=_MAC | texts,
        isOnline=st.booleans(),
        home_id=_STR,
    ),
    "factory info": obj({"id": ID}, uuid=_STR, sn=_STR, mac=_MAC),
    "firmware": obj(
        {},
        type=st.integers(0, 9),
        upgrade_type=st.integers(0, 3) | st.booleans(),
        current_version=_STR,
        version=_STR,
        upgrade_status=st.integers(0, 8) | digit_strings,
        md5=_STR,
        file_size=st.integers(0, 2**31) | digit_strings,
        can_upgrade=st.booleans(),
    ),
    "pairing token": obj(
        {"token": ID, "secret": ID}, region=_STR, expire_time=st.integers()
    ),
    "pairing result": obj(
        {},
        success_devices=st.lists(_PAIRED, max_size=2),
        error_devices=st.lists(_FAILED, max_size=2),
    ),
    "auth key": obj({"auth_key": ID}, uuid=_STR, random=_STR),
    "activation": obj(
        {"device_id": ID, "local_key": ID}, sec_key=_STR, product_id=_STR
    ),
}

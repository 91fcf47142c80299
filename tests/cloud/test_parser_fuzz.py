"""Structured fuzzing of the cloud parsers: valid answers round-trip, one-change
mutants and arbitrary JSON give a model or CloudResponseError, nothing else.

Answers are real shapes (the fake cloud's catalog) or built from a generated DP
model; `mutate_json` then changes one node at any depth. The tests at the end
keep the smallest inputs of the bugs the fuzzing found (fixed).
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import json
import math

from hypothesis import assume, given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import parse
from custom_components.tuya_bluetooth.tuya.cloud.codes import (
    error_for_code,
    error_for_status,
    normalise_code,
)
from custom_components.tuya_bluetooth.tuya.cloud.dp_model import DeviceDpModel, DpModel
from custom_components.tuya_bluetooth.tuya.cloud.dp_parse import (
    dp_model_from_specifications,
    dp_model_from_thing_model,
)
from custom_components.tuya_bluetooth.tuya.cloud.errors import (
    CloudResponseError,
    TuyaCloudError,
)
from custom_components.tuya_bluetooth.tuya.cloud.http import (
    check,
    envelope_time,
    failure_code,
)
from custom_components.tuya_bluetooth.tuya.cloud.models import (
    ActivatedDevice,
    BleAuthKey,
    CloudDevice,
    FactoryInfo,
    FirmwareInfo,
    Home,
    PairingResult,
    PairingToken,
)
from custom_components.tuya_bluetooth.tuya.cloud.sharing_crypto import (
    decrypt_result,
    encrypt,
)
from custom_components.tuya_bluetooth.tuya.cloud.specs import (
    parse_specifications,
    parse_status_mapping,
    parse_values,
)
from custom_components.tuya_bluetooth.tuya.cloud.tokens import LoginResult, TokenInfo
from simulator.cloud import catalog
from simulator.products import PRODUCTS
from tests.tuya.strategies import Sample, mutate

from .strategies import (
    ANSWERS,
    ID,
    Json,
    device_dp_models,
    digit_strings,
    json_mutants,
    json_values,
    mutate_json,
    obj,
    specifications,
    texts,
    thing_model,
)

_PRODUCTS = st.sampled_from(list(PRODUCTS.values()))

# --- DP model: thing model, specifications + status mapping, stored form ---------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(device_dp_models(), st.booleans(), st.sampled_from((int, str, float)))
def test_thing_model_round_trip(
    model: DeviceDpModel, as_text: bool, number: type
) -> None:
    """Ids and constraints arrive as numbers, digit strings or whole floats."""
    thing = thing_model(model, as_text=as_text, number=number)
    assert dp_model_from_thing_model(thing) == model


def _non_iterable_properties(model: Json) -> bool:
    """A truthy number as `properties` (test_numeric_properties_in_thing_model)."""
    services = model.get("services") if isinstance(model, dict) else None
    return isinstance(services, list) and any(
        isinstance(s, dict)
        and isinstance(s.get("properties"), int | float)
        and bool(s["properties"])
        for s in services
    )


_THING_MODELS = device_dp_models().map(lambda m: thing_model(m, as_text=False)) | (
    _PRODUCTS.map(catalog.thing_model)
)


@given(json_mutants(_THING_MODELS) | json_values)
def test_thing_model_with_one_change(model: Json) -> None:
    assume(not _non_iterable_properties(model))
    for form in (model, json.dumps(model)):
        with contextlib.suppress(CloudResponseError):
            assert isinstance(dp_model_from_thing_model(form), DeviceDpModel)


@given(_THING_MODELS.map(json.dumps).map(str.encode), st.data())
def test_thing_model_text_with_one_change(text: bytes, data: st.DataObject) -> None:
    changed = mutate(data.draw, Sample(text)).decode("latin-1")
    try:
        model = json.loads(changed)
    except ValueError:
        model = None
    assume(not _non_iterable_properties(model))
    with contextlib.suppress(CloudResponseError):
        assert isinstance(dp_model_from_thing_model(changed), DeviceDpModel)


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(device_dp_models(source="specifications"))
def test_specifications_round_trip(model: DeviceDpModel) -> None:
    specs, mapping = specifications(model)
    built = dp_model_from_specifications(
        parse_specifications(specs), parse_status_mapping(mapping)
    )
    assert built == model


_SPECS = device_dp_models().map(specifications) | _PRODUCTS.map(
    lambda p: (
        catalog.specifications(p, with_dp_ids=True),
        catalog.status_mapping(p),
    )
)


@given(_SPECS, st.sampled_from(("specifications", "mapping", "random")), st.data())
def test_specifications_with_one_change(
    pair: tuple[Json, Json], change: str, data: st.DataObject
) -> None:
    specs_json, mapping_json = pair
    if change == "specifications":
        specs_json = mutate_json(data.draw, specs_json)
    elif change == "mapping":
        mapping_json = mutate_json(data.draw, mapping_json)
    else:
        specs_json, mapping_json = data.draw(json_values), data.draw(json_values)
    try:
        specs = parse_specifications(specs_json)
        mapping = parse_status_mapping(mapping_json)
    except CloudResponseError:
        return
    model = dp_model_from_specifications(specs, mapping)
    assert model.source == "specifications"


@given(json_values | texts | digit_strings)
def test_values_field(raw: Json) -> None:
    for value in (raw, json.dumps(raw)):
        with contextlib.suppress(CloudResponseError):
            assert isinstance(parse_values(value), dict)


def _finite(value: Json) -> bool:
    """No infinity anywhere (test_infinite_number_in_stored_dp_model)."""
    if isinstance(value, float):
        return not math.isinf(value)
    if isinstance(value, dict):
        return all(map(_finite, value.values()))
    if isinstance(value, list):
        return all(map(_finite, value))
    return True


@given(device_dp_models().map(lambda m: m.to_dict()), st.data())
def test_stored_dp_model_with_one_change(stored: Json, data: st.DataObject) -> None:
    assert DeviceDpModel.from_dict(json.loads(json.dumps(stored))).to_dict() == stored
    changed = mutate_json(data.draw, stored)
    assume(isinstance(changed, dict) and _finite(changed))  # from_dict takes a mapping
    with contextlib.suppress(CloudResponseError):
        assert isinstance(DeviceDpModel.from_dict(changed), DeviceDpModel)


# --- Devices, homes, tokens, firmware, pairing, registration --------------------------

# name: (parser, model type); valid answers are strategies.ANSWERS[name]
_PARSERS: dict[str, tuple[Callable[[Json], object], type]] = {
    "token": (lambda d: parse.token_info(d, 0), TokenInfo),
    "home": (parse.home, Home),
    "device": (lambda d: parse.device(d, None), CloudDevice),
    "factory info": (parse.factory_info, FactoryInfo),
    "firmware": (parse.firmware, FirmwareInfo),
    "pairing token": (parse.pairing_token, PairingToken),
    "pairing result": (parse.pairing_result, PairingResult),
    "auth key": (lambda d: parse.ble_auth_key(d, "uuid"), BleAuthKey),
    "activation": (lambda d: parse.activated_device(d, "uuid"), ActivatedDevice),
}


_RANDOM_OBJECTS = st.dictionaries(texts, json_values)


@st.composite
def _answers(draw: st.DrawFn, *, changed: bool) -> tuple[str, Json]:
    name = draw(st.sampled_from(sorted(_PARSERS)))
    answer = draw(ANSWERS[name])
    if changed:
        answer = (
            mutate_json(draw, answer) if draw(st.booleans()) else draw(_RANDOM_OBJECTS)
        )
    return name, answer


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(_answers(changed=False))
def test_valid_answers_parse(case: tuple[str, Json]) -> None:
    name, answer = case
    parser, model = _PARSERS[name]
    assert isinstance(parser(answer), model)


@given(_answers(changed=True))
def test_answers_with_one_change(case: tuple[str, Json]) -> None:
    name, answer = case
    parser, model = _PARSERS[name]
    for check_shape in (parse.as_object, parse.as_list):
        with contextlib.suppress(CloudResponseError):
            check_shape(answer, name)
    assume(isinstance(answer, dict))  # callers check the shape with as_object first
    with contextlib.suppress(CloudResponseError):
        assert isinstance(parser(answer), model)
    mac = answer.get("mac")
    if isinstance(mac, str):
        normal = parse.normalise_mac(mac)
        assert normal is None or len(normal) == 17


# --- Stored forms: tokens, login, devices -------------------------------------------------

_TOKENS = st.builds(
    TokenInfo,
    access_token=ID.map(str),
    refresh_token=ID.map(str),
    uid=texts,
    expire_time=st.integers(0, 10**6),
    t=st.integers(0, 2**42),
)
_LOGINS = st.builds(
    LoginResult,
    user_code=ID.map(str),
    terminal_id=ID.map(str),
    endpoint=ID.map(str),
    username=texts,
    token=_TOKENS,
)


@given(st.one_of(_TOKENS, _LOGINS), st.data())
def test_stored_login_round_trip_and_one_change(
    stored: TokenInfo | LoginResult, data: st.DataObject
) -> None:
    kind = type(stored)
    assert kind.from_dict(json.loads(json.dumps(stored.to_dict()))) == stored
    changed = mutate_json(data.draw, stored.to_dict())
    assume(isinstance(changed, dict))
    with contextlib.suppress(CloudResponseError):
        assert isinstance(kind.from_dict(changed), kind)


@given(ANSWERS["device"], st.data())
def test_stored_device_round_trip_and_one_change(
    answer: Json, data: st.DataObject
) -> None:
    device = parse.device(answer, None)
    assert CloudDevice.from_dict(json.loads(json.dumps(device.to_dict()))) == device
    changed = mutate_json(data.draw, device.to_dict())
    assume(isinstance(changed, dict))
    # A stored device without a usable device_id is CloudResponseError.
    with contextlib.suppress(CloudResponseError):
        assert isinstance(CloudDevice.from_dict(changed), CloudDevice)


# --- Envelopes: error codes, success flag, time; the sharing API's encryption ----------


@given(
    json_mutants(
        obj({"success": st.booleans()}, code=st.integers(0, 3000) | digit_strings, t=ID)
    )
    | st.dictionaries(texts, json_values),
    st.sampled_from((401, 403, 404, 429, 500, 503)) | st.integers(100, 599),
)
def test_envelopes(envelope: Json, status: int) -> None:
    assume(isinstance(envelope, dict))
    refused: TuyaCloudError | None = None
    try:
        check(envelope, "fuzz")
    except TuyaCloudError as err:
        refused = err
    assert (refused is None) is (envelope.get("success") is True)
    code = failure_code(envelope)
    if refused is not None:
        assert code == refused.code == normalise_code(envelope.get("code"))
    assert isinstance(envelope_time(envelope, -1), int)
    assert isinstance(error_for_code(envelope.get("code")), TuyaCloudError)
    assert isinstance(error_for_status(status), TuyaCloudError)


_SECRETS = st.text("0123456789abcdef", min_size=16, max_size=16)
_NONCES = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=12, max_size=12)
_OTHER_SECRETS = _SECRETS | texts


@given(json_values.map(json.dumps), _SECRETS, _NONCES, st.data())
def test_sharing_result_round_trip_and_one_change(
    plain: str, secret: str, nonce: str, data: st.DataObject
) -> None:
    sealed = encrypt(plain, secret, nonce)
    assert decrypt_result(sealed, secret) == plain
    changed = mutate(data.draw, Sample(sealed.encode())).decode("latin-1")
    other = data.draw(_OTHER_SECRETS)
    with contextlib.suppress(CloudResponseError):
        assert isinstance(decrypt_result(changed, other), str)
    with contextlib.suppress(CloudResponseError):
        assert isinstance(decrypt_result(data.draw(texts), secret), str)


# --- Bugs the fuzzing found (fixed): each kept with its smallest input --------------------------


def test_unicode_digit_dp_id_in_specifications() -> None:
    specs = parse_specifications({"functions": [{"code": "x", "dp_id": "²"}]})
    assert specs.functions[0].dp_id is None


def test_unicode_digit_dp_id_in_status_mapping() -> None:
    with pytest.raises(CloudResponseError):
        parse_status_mapping(
            {"dpStatusRelationDTOS": [{"dpId": "²", "statusCode": "x"}]}
        )


def test_unicode_digit_error_code() -> None:
    with pytest.raises(TuyaCloudError):
        check({"success": False, "code": "²"}, "fuzz")


def test_infinite_number_in_stored_dp_model() -> None:
    with pytest.raises(CloudResponseError):
        DpModel.from_dict(json.loads('{"dp_id": 1e999, "code": "x", "type": "bool"}'))


def test_numeric_properties_in_thing_model() -> None:
    with pytest.raises(CloudResponseError):
        dp_model_from_thing_model('{"services": [{"properties": 1}]}')


def test_deeply_nested_thing_model() -> None:
    with pytest.raises(CloudResponseError):
        dp_model_from_thing_model("[" * 1_000_000 + "]" * 1_000_000)

"""Build the normalised `DeviceDpModel` from either cloud's description.

Two sources, one result: the OpenAPI thing model (properties with abilityId =
DP id, accessMode and typeSpec), or specifications (functions = sendable,
status = reported) joined with the status mapping that supplies DP ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import json
import logging
from typing import Any

from .dp_model import DeviceDpModel, DpAccess, DpModel, DpType
from .errors import CloudResponseError
from .specs import DpMapping, Specifications, SpecItem

_LOGGER = logging.getLogger(__name__)

# Tuya's type names in specifications / status mapping (any case) and typeSpec.
_TYPE_NAMES: dict[str, DpType] = {
    "bool": DpType.BOOL,
    "boolean": DpType.BOOL,
    "value": DpType.VALUE,
    "integer": DpType.VALUE,
    "enum": DpType.ENUM,
    "string": DpType.STRING,
    "json": DpType.STRING,  # JSON travels as a string DP
    "raw": DpType.RAW,
    "bitmap": DpType.BITMAP,
}


def dp_type(name: str) -> DpType | None:
    """Our DP type for one of Tuya's type names, None if unknown."""
    return _TYPE_NAMES.get(name.strip().lower())


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _dp(
    dp_id: int, code: str, kind: DpType, access: DpAccess, spec: Mapping[str, Any]
) -> DpModel:
    """One DpModel from a typeSpec / values object (only fields of its type)."""
    if kind is DpType.VALUE:
        return DpModel(
            dp_id=dp_id,
            code=code,
            type=kind,
            access=access,
            minimum=_int_or_none(spec.get("min")),
            maximum=_int_or_none(spec.get("max")),
            scale=_int_or_none(spec.get("scale")) or 0,
            # Tuya sends step 0 for "no step": treat as 1.
            step=_int_or_none(spec.get("step")) or 1,
            unit=str(spec.get("unit") or ""),
        )
    return DpModel(
        dp_id=dp_id,
        code=code,
        type=kind,
        access=access,
        range=_strings(spec.get("range")) if kind is DpType.ENUM else (),
        labels=_strings(spec.get("label")) if kind is DpType.BITMAP else (),
        maxlen=_int_or_none(spec.get("maxlen")),
    )


def _sorted(dps: Sequence[DpModel], source: str) -> DeviceDpModel:
    return DeviceDpModel(tuple(sorted(dps, key=lambda dp: dp.dp_id)), source)


def dp_model_from_thing_model(model: str | Mapping[str, Any]) -> DeviceDpModel:
    """Build from the OpenAPI thing model (`result.model`, a JSON string)."""
    if isinstance(model, str):
        try:
            model = json.loads(model)
        except ValueError, RecursionError:
            raise CloudResponseError("The thing model is not JSON") from None
    if not isinstance(model, Mapping) or not isinstance(model.get("services"), list):
        raise CloudResponseError("The thing model lacks its services")
    dps: list[DpModel] = []
    for service in model["services"]:
        properties = service.get("properties") if isinstance(service, Mapping) else None
        if properties is not None and not isinstance(properties, list):
            raise CloudResponseError(
                "A thing-model service's properties are not a list"
            )
        for prop in properties or ():
            if not isinstance(prop, Mapping):
                raise CloudResponseError("A thing model property is malformed")
            dp_id = _int_or_none(prop.get("abilityId"))
            code = prop.get("code")
            spec = prop.get("typeSpec")
            if (
                dp_id is None
                or not isinstance(code, str)
                or not isinstance(spec, Mapping)
            ):
                raise CloudResponseError("A thing model property lacks id/code/type")
            kind = dp_type(str(spec.get("type") or ""))
            if kind is None:
                _LOGGER.debug("Skipping DP %s (%s): unknown type", dp_id, code)
                continue
            try:
                access = DpAccess(str(prop.get("accessMode") or "rw"))
            except ValueError:
                access = DpAccess.RW
            dps.append(_dp(dp_id, code, kind, access, spec))
    return _sorted(dps, "thing_model")


def dp_model_from_specifications(
    specs: Specifications, mapping: Sequence[DpMapping] = ()
) -> DeviceDpModel:
    """Build from specifications, taking DP ids from the status mapping.

    A code in both lists is read-write, in status only read-only, in functions
    only write-only. Codes with no known DP id cannot be used locally and are
    skipped; mapping entries absent from the specifications are kept read-only.
    """
    ids = {m.code: m.dp_id for m in mapping}
    functions = {item.code: item for item in specs.functions}
    status = {item.code: item for item in specs.status}
    dps: list[DpModel] = []
    seen: set[int] = set()
    for code in [*functions, *(c for c in status if c not in functions)]:
        item: SpecItem = functions.get(code) or status[code]
        dp_id = ids.get(code, item.dp_id)
        kind = dp_type(item.type)
        if dp_id is None or kind is None or dp_id in seen:
            _LOGGER.debug("Skipping DP code %s: no DP id or unknown type", code)
            continue
        access = (
            DpAccess.RW
            if code in functions and code in status
            else DpAccess.WR
            if code in functions
            else DpAccess.RO
        )
        # The status entry describes reported values; prefer it when both exist.
        values = status[code].values if code in status else item.values
        dps.append(_dp(dp_id, code, kind, access, values))
        seen.add(dp_id)
    for entry in mapping:
        kind = dp_type(entry.type)
        if entry.dp_id in seen or kind is None:
            continue
        dps.append(_dp(entry.dp_id, entry.code, kind, DpAccess.RO, entry.values))
        seen.add(entry.dp_id)
    return _sorted(dps, "specifications")

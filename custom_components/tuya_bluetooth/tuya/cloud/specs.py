"""Specifications and status mapping as the clouds send them.

Specifications (both APIs) list a device's *functions* (what can be sent) and
*status* (what it reports) by DP code, with Tuya's type names and a JSON
`values` string. Only the sharing API's status mapping (and sometimes the
OpenAPI's v1.1 specifications) adds the DP ids local control needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import json
from typing import Any

from .errors import CloudResponseError


@dataclass(frozen=True, slots=True)
class SpecItem:
    """One function or status entry."""

    code: str
    type: str  # Tuya's name: Boolean, Integer, Enum, String, Json, Raw, Bitmap
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)
    dp_id: int | None = None


@dataclass(frozen=True, slots=True)
class Specifications:
    """A device's functions (sendable) and status (reported) entries."""

    category: str
    functions: tuple[SpecItem, ...]
    status: tuple[SpecItem, ...]


@dataclass(frozen=True, slots=True)
class DpMapping:
    """One DP id ↔ code relation from the sharing API's status mapping."""

    dp_id: int
    code: str
    type: str
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)
    support_local: bool = True


def parse_values(raw: object) -> dict[str, Any]:
    """Tuya's `values` field: a JSON object, usually sent as a string."""
    if isinstance(raw, Mapping):
        return dict(raw)
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            parsed = json.loads(raw)
        except ValueError, RecursionError:
            raise CloudResponseError("A DP 'values' field is not JSON") from None
        if isinstance(parsed, dict):
            return parsed
        return {}
    raise CloudResponseError("A DP 'values' field has an unexpected type")


def _opt_dp_id(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    # isdigit alone admits "²", which int() refuses: ASCII digits only.
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def _spec_item(raw: object) -> SpecItem:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("code"), str):
        raise CloudResponseError("A specification entry lacks its code")
    return SpecItem(
        code=raw["code"],
        type=str(raw.get("type") or ""),
        values=parse_values(raw.get("values")),
        dp_id=_opt_dp_id(raw.get("dp_id", raw.get("dpId"))),
    )


def parse_specifications(result: object) -> Specifications:
    """Parse a specifications `result` object."""
    if not isinstance(result, Mapping):
        raise CloudResponseError("Specifications are not an object")
    functions = result.get("functions") or []
    status = result.get("status") or []
    if not isinstance(functions, list) or not isinstance(status, list):
        raise CloudResponseError("Specifications lists are malformed")
    return Specifications(
        category=str(result.get("category") or ""),
        functions=tuple(_spec_item(item) for item in functions),
        status=tuple(_spec_item(item) for item in status),
    )


def parse_status_mapping(result: object) -> tuple[DpMapping, ...]:
    """Parse the sharing API's status mapping `result` (dpStatusRelationDTOS)."""
    if not isinstance(result, Mapping):
        raise CloudResponseError("Status mapping is not an object")
    relations = result.get("dpStatusRelationDTOS") or []
    if not isinstance(relations, list):
        raise CloudResponseError("Status mapping list is malformed")
    mapping: list[DpMapping] = []
    for raw in relations:
        if not isinstance(raw, Mapping):
            raise CloudResponseError("A status mapping entry is malformed")
        dp_id = _opt_dp_id(raw.get("dpId"))
        code = raw.get("statusCode")
        if dp_id is None or not isinstance(code, str):
            raise CloudResponseError("A status mapping entry lacks dpId/statusCode")
        mapping.append(
            DpMapping(
                dp_id=dp_id,
                code=code,
                type=str(raw.get("valueType") or ""),
                values=parse_values(raw.get("valueDesc")),
                support_local=raw.get("supportLocal", True) is not False,
            )
        )
    return tuple(mapping)

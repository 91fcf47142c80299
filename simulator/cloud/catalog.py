"""What the fake cloud says about a product: thing model, specifications,
status mapping, firmware image — all derived from `simulator.products`.

The shapes follow Tuya's published examples (thing model: services →
properties with abilityId/accessMode/typeSpec; specifications: functions and
status with a JSON `values` string; status mapping: dpStatusRelationDTOS).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from simulator.products import Access, DpSpec, DpType, DpValue, Product

# Tuya's type names: thing model typeSpec / specifications and status mapping.
_TYPESPEC_NAMES = {
    DpType.BOOL: "bool",
    DpType.VALUE: "value",
    DpType.ENUM: "enum",
    DpType.STRING: "string",
    DpType.RAW: "raw",
    DpType.BITMAP: "bitmap",
}
_SPEC_NAMES = {
    DpType.BOOL: "Boolean",
    DpType.VALUE: "Integer",
    DpType.ENUM: "Enum",
    DpType.STRING: "String",
    DpType.RAW: "Raw",
    DpType.BITMAP: "Bitmap",
}
FIRMWARE_IMAGE_SIZE = 4096 + 123  # not a multiple of any packet size


def _constraints(spec: DpSpec) -> dict[str, Any]:
    """The type-specific constraint fields shared by typeSpec and `values`."""
    match spec.dp_type:
        case DpType.VALUE:
            return {
                "min": spec.minimum,
                "max": spec.maximum,
                "scale": spec.scale,
                "step": spec.step,
                "unit": spec.unit,
            }
        case DpType.ENUM:
            return {"range": list(spec.enum_range)}
        case DpType.BITMAP:
            return {"label": list(spec.labels), "maxlen": len(spec.labels)}
        case DpType.STRING | DpType.RAW:
            return {"maxlen": spec.maxlen}
        case _:
            return {}


def thing_model(product: Product) -> dict[str, Any]:
    """The thing model object (the API sends it JSON-encoded in `model`)."""
    properties = [
        {
            "abilityId": spec.dp_id,
            "code": spec.code,
            "name": spec.code,
            "description": "",
            "accessMode": spec.access.value,
            "typeSpec": {"type": _TYPESPEC_NAMES[spec.dp_type], **_constraints(spec)},
        }
        for spec in product.dps
    ]
    return {
        "modelId": product.product_id,
        "services": [
            {
                "code": "",
                "name": "",
                "description": "",
                "properties": properties,
                "actions": [],
                "events": [],
            }
        ],
    }


def _spec_entry(spec: DpSpec, *, with_dp_id: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": spec.code,
        "name": spec.code,
        "desc": "",
        "type": _SPEC_NAMES[spec.dp_type],
        "values": json.dumps(_constraints(spec)),
    }
    if with_dp_id:
        entry["dp_id"] = spec.dp_id
    return entry


def specifications(product: Product, *, with_dp_ids: bool) -> dict[str, Any]:
    """Functions (sendable DPs) and status (reported DPs)."""
    return {
        "category": product.category,
        "functions": [
            _spec_entry(s, with_dp_id=with_dp_ids)
            for s in product.dps
            if s.access is not Access.RO
        ],
        "status": [
            _spec_entry(s, with_dp_id=with_dp_ids)
            for s in product.dps
            if s.access is not Access.WR
        ],
    }


def status_mapping(product: Product) -> dict[str, Any]:
    """The sharing API's DP id ↔ code relations."""
    return {
        "productKey": product.product_id,
        "dpStatusRelationDTOS": [
            {
                "dpId": s.dp_id,
                "statusCode": s.code,
                "supportLocal": True,
                "valueConvert": "default",
                "statusFormat": json.dumps({s.code: "$"}),
                "valueType": _SPEC_NAMES[s.dp_type],
                "valueDesc": json.dumps(_constraints(s)),
                "enumMappingMap": {},
            }
            for s in product.dps
        ],
    }


def status_value(value: DpValue) -> Any:
    """A DP value as the cloud lists it (raw bytes as base64)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def device_status(product: Product) -> list[dict[str, Any]]:
    """A factory-fresh unit's status list (code/value pairs)."""
    return [
        {"code": s.code, "value": status_value(s.default)}
        for s in product.dps
        if s.default is not None
    ]


def firmware_image(product: Product, version: str) -> bytes:
    """The deterministic firmware file the fake cloud serves for a version."""
    seed = f"{product.product_id}|{version}".encode()
    return hashlib.shake_256(seed).digest(FIRMWARE_IMAGE_SIZE)

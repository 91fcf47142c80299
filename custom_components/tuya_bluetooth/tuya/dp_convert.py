"""Between a device's DP model and the DPs on the wire.

`datapoint_for` turns a caller's value into the `DataPoint` the model allows,
or says exactly why it can't (`DpValueError.reason`, a stable key the
integration translates). `model_from_reports` builds a type-only model from
what a device reported, for devices set up without a cloud model.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import Any

from .cloud.dp_model import DeviceDpModel, DpModel, DpType
from .datapoints import DataPoint, DPType
from .errors import InvalidArgumentError

WIRE_TYPE = {
    DpType.BOOL: DPType.BOOL,
    DpType.VALUE: DPType.VALUE,
    DpType.ENUM: DPType.ENUM,
    DpType.STRING: DPType.STRING,
    DpType.RAW: DPType.RAW,
    DpType.BITMAP: DPType.BITMAP,
}
MODEL_TYPE = {wire: model for model, wire in WIRE_TYPE.items()}
REPORTED_SOURCE = "reported"


class DpValueError(InvalidArgumentError):
    """A value the DP model does not allow; `reason` names why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def datapoint_for(model: DpModel, value: Any) -> DataPoint:
    """The DataPoint that writes `value` to `model`'s DP, validated."""
    if not model.writable:
        raise DpValueError("read_only", f"DP {model.dp_id} is read-only")
    wire = WIRE_TYPE[model.type]
    match model.type:
        case DpType.BOOL:
            if not isinstance(value, bool):
                raise DpValueError("not_bool", f"DP {model.dp_id} takes true or false")
            return DataPoint(model.dp_id, wire, value)
        case DpType.VALUE:
            return DataPoint(model.dp_id, wire, _number(model, value))
        case DpType.ENUM:
            return DataPoint(model.dp_id, wire, _enum_index(model, value))
        case DpType.BITMAP:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DpValueError("not_bitmap", f"DP {model.dp_id} takes a bitmap")
            if value >= 1 << 32:
                raise DpValueError("out_of_range", f"DP {model.dp_id}: too many bits")
            return DataPoint(model.dp_id, wire, value)
        case DpType.STRING:
            text = str(value)
            if model.maxlen is not None and len(text.encode()) > model.maxlen:
                raise DpValueError("too_long", f"DP {model.dp_id}: string too long")
            return DataPoint(model.dp_id, wire, text)
        case DpType.RAW:
            raw = _raw(model, value)
            if model.maxlen is not None and len(raw) > model.maxlen:
                raise DpValueError("too_long", f"DP {model.dp_id}: raw too long")
            return DataPoint(model.dp_id, wire, raw)


def _number(model: DpModel, value: Any) -> int:
    """A raw integer: the model's scale applied, then range and step checked."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DpValueError("not_number", f"DP {model.dp_id} takes a number")
    scaled: float = value * 10**model.scale
    raw = round(scaled)
    if abs(raw - scaled) > 1e-6:
        raise DpValueError("not_on_step", f"DP {model.dp_id}: too many decimals")
    low = model.minimum if model.minimum is not None else -(2**31)
    high = model.maximum if model.maximum is not None else 2**31 - 1
    if not low <= raw <= high:
        raise DpValueError("out_of_range", f"DP {model.dp_id}: {value} out of range")
    if model.step > 1 and (raw - low) % model.step:
        raise DpValueError("not_on_step", f"DP {model.dp_id}: {value} not on step")
    return raw


def _enum_index(model: DpModel, value: Any) -> int:
    """Enums travel as their index in the model's range (docs/protocol.md §7)."""
    if isinstance(value, str) and value in model.range:
        return model.range.index(value)
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (0 <= value < len(model.range) or not model.range)
        and 0 <= value <= 0xFF
    ):
        return value
    raise DpValueError("not_in_range", f"DP {model.dp_id}: {value!r} is not an option")


def _raw(model: DpModel, value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise DpValueError("not_raw", f"DP {model.dp_id} takes hex or base64")
    try:
        return bytes.fromhex(value)
    except ValueError:
        pass
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error, ValueError:
        raise DpValueError("not_raw", f"DP {model.dp_id} takes hex or base64") from None


def value_for_humans(model: DpModel | None, dp: DataPoint) -> Any:
    """A reported DP as a caller would write it (enum label, scaled number, hex)."""
    if isinstance(dp.value, bytes):
        return dp.value.hex()
    if model is None:
        return dp.value
    if (
        model.type is DpType.ENUM
        and isinstance(dp.value, int)
        and 0 <= dp.value < len(model.range)
    ):
        return model.range[dp.value]
    if model.type is DpType.VALUE and model.scale and isinstance(dp.value, int):
        return dp.value / 10**model.scale
    return dp.value


def model_from_reports(
    dps: Iterable[DataPoint], known: DeviceDpModel | None = None
) -> DeviceDpModel:
    """A type-only model of what the device reported, keeping what `known` had."""
    models = {dp.dp_id: dp for dp in (known.dps if known else ())}
    for dp in dps:
        if dp.id not in models:
            models[dp.id] = DpModel(
                dp_id=dp.id, code=f"dp_{dp.id}", type=MODEL_TYPE[dp.type]
            )
    source = known.source if known else REPORTED_SOURCE
    return DeviceDpModel(tuple(models[i] for i in sorted(models)), source)


def reported_number(model: DpModel, value: object) -> float | int | None:
    """A VALUE DP's reading in real units (None for a value of another type)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value / 10**model.scale if model.scale else value


def reported_label(model: DpModel, value: object) -> str | None:
    """An ENUM DP's reading as its label (None when the index is not an option)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if 0 <= value < len(model.range):
        return model.range[value]
    return None


def number_bounds(model: DpModel) -> tuple[float, float, float]:
    """A VALUE DP's minimum, maximum and step in real units (min > max swapped)."""
    low = model.minimum if model.minimum is not None else 0
    high = model.maximum if model.maximum is not None else 2**31 - 1
    low, high = min(low, high), max(low, high)
    factor = 10**model.scale
    return low / factor, high / factor, max(model.step, 1) / factor


def clamped_datapoint(model: DpModel, value: float) -> DataPoint:
    """The VALUE DataPoint nearest to `value` that the model allows.

    Clamped to the range and put on the step, so a slider's in-between value
    writes what the device would accept rather than fail.
    """
    if not model.writable:
        raise DpValueError("read_only", f"DP {model.dp_id} is read-only")
    low = model.minimum if model.minimum is not None else -(2**31)
    high = model.maximum if model.maximum is not None else 2**31 - 1
    low, high = min(low, high), max(low, high)
    step = max(model.step, 1)
    raw = round(value * 10**model.scale)
    raw = low + round((min(max(raw, low), high) - low) / step) * step
    while raw > high:
        raw -= step
    return DataPoint(model.dp_id, DPType.VALUE, max(raw, low))

"""The normalised data-point model of a device, whichever API it came from.

`DeviceDpModel` is built from the thing model (OpenAPI) or from specifications
plus the status mapping (sharing API) by `dp_parse`, and round-trips through
`to_dict`/`from_dict` so the integration can keep it in a config entry and run
without the cloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from .errors import CloudResponseError

FORMAT_VERSION: Final = 1


class DpType(StrEnum):
    """DP value types (the thing model's typeSpec.type names)."""

    BOOL = "bool"
    VALUE = "value"
    ENUM = "enum"
    STRING = "string"
    RAW = "raw"
    BITMAP = "bitmap"


class DpAccess(StrEnum):
    """Who may do what with a DP: send+report, report only, send only."""

    RW = "rw"
    RO = "ro"
    WR = "wr"


@dataclass(frozen=True, slots=True, kw_only=True)
class DpModel:
    """One data point: id, code, type and constraints."""

    dp_id: int
    code: str
    type: DpType
    access: DpAccess = DpAccess.RW
    minimum: int | None = None  # VALUE only
    maximum: int | None = None
    scale: int = 0  # VALUE: real value = raw / 10**scale
    step: int = 1
    unit: str = ""
    range: tuple[str, ...] = ()  # ENUM values
    labels: tuple[str, ...] = ()  # BITMAP bit labels, bit 0 first
    maxlen: int | None = None  # STRING/RAW/BITMAP length limit when given

    @property
    def writable(self) -> bool:
        """Whether the hub may send this DP."""
        return self.access is not DpAccess.RO

    @property
    def readable(self) -> bool:
        """Whether the device reports this DP."""
        return self.access is not DpAccess.WR

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form; default-valued constraints are left out."""
        out: dict[str, Any] = {
            "dp_id": self.dp_id,
            "code": self.code,
            "type": self.type.value,
            "access": self.access.value,
        }
        if self.minimum is not None:
            out["min"] = self.minimum
        if self.maximum is not None:
            out["max"] = self.maximum
        if self.scale:
            out["scale"] = self.scale
        if self.step != 1:
            out["step"] = self.step
        if self.unit:
            out["unit"] = self.unit
        if self.range:
            out["range"] = list(self.range)
        if self.labels:
            out["labels"] = list(self.labels)
        if self.maxlen is not None:
            out["maxlen"] = self.maxlen
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DpModel:
        """Rebuild from `to_dict()` output (CloudResponseError if malformed)."""
        try:
            return cls(
                dp_id=int(data["dp_id"]),
                code=str(data["code"]),
                type=DpType(data["type"]),
                access=DpAccess(data.get("access", "rw")),
                minimum=_opt_int(data.get("min")),
                maximum=_opt_int(data.get("max")),
                scale=int(data.get("scale", 0)),
                step=int(data.get("step", 1)),
                unit=str(data.get("unit", "")),
                range=tuple(str(v) for v in data.get("range", ())),
                labels=tuple(str(v) for v in data.get("labels", ())),
                maxlen=_opt_int(data.get("maxlen")),
            )
        except (KeyError, TypeError, ValueError, OverflowError) as err:
            raise CloudResponseError(
                f"Stored DP model is malformed ({type(err).__name__})"
            ) from None


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("not an integer")
    return int(value)


@dataclass(frozen=True, slots=True)
class DeviceDpModel:
    """All DPs of one device, with the source they were built from."""

    dps: tuple[DpModel, ...]
    source: str  # "thing_model" or "specifications"

    def __post_init__(self) -> None:
        ids = [dp.dp_id for dp in self.dps]
        if len(set(ids)) != len(ids):
            raise CloudResponseError("DP model has a DP id twice")

    def by_id(self, dp_id: int) -> DpModel | None:
        """The DP with this id, if any."""
        return next((dp for dp in self.dps if dp.dp_id == dp_id), None)

    def by_code(self, code: str) -> DpModel | None:
        """The DP with this code, if any."""
        return next((dp for dp in self.dps if dp.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form for a config entry."""
        return {
            "version": FORMAT_VERSION,
            "source": self.source,
            "dps": [dp.to_dict() for dp in self.dps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeviceDpModel:
        """Rebuild from `to_dict()` output."""
        if data.get("version") != FORMAT_VERSION:
            raise CloudResponseError("Stored DP model has an unknown format version")
        dps = data.get("dps")
        if not isinstance(dps, list):
            raise CloudResponseError("Stored DP model lacks its DP list")
        return cls(
            tuple(DpModel.from_dict(dp) for dp in dps), str(data.get("source", ""))
        )

"""The DP model of a simulated product: DP types, access modes, DP and product specs.

Kept apart from the product data (`simulator.products`, which re-exports these
names) so each module stays small.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .behaviour import BehaviourFactory

type DpValue = bool | int | str | bytes


class DpType(IntEnum):
    """DP type codes as they appear on the wire (docs/protocol.md §7)."""

    RAW = 0
    BOOL = 1
    VALUE = 2
    STRING = 3
    ENUM = 4
    BITMAP = 5


class Access(StrEnum):
    """Tuya's DP access modes: send and report, report only, send only."""

    RW = "rw"
    RO = "ro"
    WR = "wr"


@dataclass(frozen=True, slots=True)
class DpSpec:
    """One data point of a product's model."""

    dp_id: int
    code: str
    dp_type: DpType
    access: Access = Access.RW
    minimum: int = 0
    maximum: int = 0
    scale: int = 0
    step: int = 1
    unit: str = ""
    enum_range: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # bitmap bit labels, bit 0 first
    maxlen: int = 255  # raw/string byte length limit
    default: DpValue | None = None  # None: no state (e.g. a write-only command DP)

    @property
    def writable(self) -> bool:
        """Whether a hub may write this DP."""
        return self.access is not Access.RO

    @property
    def bitmap_size(self) -> int:
        """Bytes a bitmap DP takes on the wire (1, 2 or 4)."""
        bits = max(len(self.labels), 1)
        return 1 if bits <= 8 else 2 if bits <= 16 else 4


@dataclass(frozen=True, slots=True)
class Product:
    """A simulated Tuya product."""

    product_id: str
    category: str
    name: str
    protocol_version: int  # major: 3 or 4
    protocol_minor: int
    firmware_version: str  # what a factory-fresh unit runs
    firmware_update: str  # the newer image the fake cloud offers for OTA
    hardware_version: str
    dps: tuple[DpSpec, ...]
    source: str
    communication_ability: int = 0x0001  # register from BLE
    security_type: int = 0  # auth key
    combo: str = ""  # "" BLE only, "tuyaopen" for 0x801B/0x801C provisioning
    known_category: bool = True  # False for the product the integration won't know
    uncertain: tuple[str, ...] = ()
    # What a unit does on its own when written to (simulator.behaviour); each
    # emulator makes its own object from this factory. None: it only stores.
    behaviour: BehaviourFactory | None = None

    def dp(self, dp_id: int) -> DpSpec | None:
        """Return the DP with this id, if the product has it."""
        return self.dp_map.get(dp_id)

    @property
    def dp_map(self) -> Mapping[int, DpSpec]:
        """DPs keyed by id."""
        return MappingProxyType({spec.dp_id: spec for spec in self.dps})

    def default_values(self) -> dict[int, DpValue]:
        """The DP values of a factory-fresh unit (DPs without state omitted)."""
        return {s.dp_id: s.default for s in self.dps if s.default is not None}


def parse_version(text: str) -> tuple[int, int, int]:
    """'1.2.3' -> (1, 2, 3); missing parts are 0."""
    parts = [int(p) for p in text.split(".")]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]

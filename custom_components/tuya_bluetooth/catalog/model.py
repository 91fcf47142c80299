"""The shape of the entity catalog: what an entry says, never how it is used.

The catalog maps a Tuya category and a standard DP code to the entities Home
Assistant should show for it. It is pure data in Home Assistant's own words
(platform names, device class and state class values, units, entity categories
as strings), so the resolver and its property tests need no Home Assistant;
the platforms turn the strings into Home Assistant's enums.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    """The entity platforms the catalog can ask for (Home Assistant's names)."""

    BINARY_SENSOR = "binary_sensor"
    BUTTON = "button"
    CLIMATE = "climate"
    COVER = "cover"
    EVENT = "event"
    LIGHT = "light"
    LOCK = "lock"
    NUMBER = "number"
    SELECT = "select"
    SENSOR = "sensor"
    SWITCH = "switch"
    TEXT = "text"
    VALVE = "valve"


class EntityCategory(StrEnum):
    """Home Assistant's entity categories."""

    CONFIG = "config"
    DIAGNOSTIC = "diagnostic"


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySpec:
    """One entity for one standard DP code.

    `translation_key` names the entity (strings.json `entity.<platform>.<key>`);
    None lets Home Assistant name it after its device class. `placeholders` fill
    the translated name (e.g. the gang of `switch_3`). `unit` None takes the DP
    model's unit (normalised by `units.py`). `on_values` turns an enum DP into a
    binary sensor that is on for these values. `key` tells several entities of one
    DP apart (it becomes part of the unique id). `reason` says why the entry
    differs from Home Assistant core's cloud `tuya` integration, where it does.
    """

    platform: Platform
    translation_key: str | None = None
    placeholders: Mapping[str, str] = field(default_factory=dict)
    device_class: str | None = None
    state_class: str | None = None
    unit: str | None = None
    entity_category: EntityCategory | None = None
    enabled_default: bool = True
    on_values: tuple[str, ...] = ()
    key: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleSpec:
    """One part of an entity built on several DPs (a light's brightness …).

    `codes` are the standard codes that can play the role, preferred first (a
    v2 code before its v1 twin); `types` the DP types (Tuya's type names:
    "bool", "value", "enum", "string", "raw", "bitmap") it may have. A role is
    filled by the first code the device has with a fitting type and access.
    """

    codes: tuple[str, ...]
    types: tuple[str, ...]
    required: bool = False  # no entity unless the device has it
    writable: bool = False  # the entity writes it: the DP must be writable


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositeSpec:
    """An entity built on several DPs of one device (light, lock, climate …).

    The DPs that fill its roles get no entity of their own, except those of the
    roles in `keep` (e.g. a radiator valve's child lock stays a switch). The
    entity is named after the device when `translation_key` is None (it is the
    device's main feature).
    """

    platform: Platform
    roles: Mapping[str, RoleSpec]
    translation_key: str | None = None
    keep: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryCatalog:
    """The entries of one Tuya category (codes its devices use by standard)."""

    category: str  # Tuya's code, e.g. "wsdcg"
    name: str  # what Tuya calls the category, for docs and diagnostics
    source: str  # where the codes come from (Tuya's page for the category)
    entities: Mapping[str, tuple[EntitySpec, ...]]  # DP code -> entities
    # Categories whose DP tables this one shares (e.g. cz uses pc's switches).
    shares: tuple[str, ...] = ()
    # Entities built on several DPs, tried before the single-DP entries.
    composites: tuple[CompositeSpec, ...] = ()

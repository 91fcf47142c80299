"""From a device's DP model and category to the entities it should have.

Pure: no Home Assistant, no I/O. Each DP gets the catalog's entities for its
standard code when the DP's type and access fit them, and otherwise an entity
chosen by type and access alone (the generic fallback), so every DP a user could
care about shows up — for products nobody has seen too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import re
from typing import Any

from .catalog import CATALOG, COMMON, DEVICE_CLASS_UNITS, NEVER_EXPOSED, UNIT_ALIASES
from .catalog.model import CompositeSpec, EntityCategory, EntitySpec, Platform, RoleSpec
from .tuya.cloud.dp_model import DeviceDpModel, DpAccess, DpModel, DpType

# The name of fallback entities: `entity.<platform>.dp` = "{name}".
GENERIC_KEY = "dp"
GENERIC_BIT_KEY = "dp_bit"
REPORTED_SOURCE = "reported"  # a model built from reports: types only
_REPORTED_CODE = re.compile(r"dp_(\d+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedEntity:
    """One entity of one device, ready for a platform to build."""

    platform: Platform
    dp: DpModel
    key: str  # unique within the device; part of the entity's unique id
    translation_key: str | None
    placeholders: Mapping[str, str] = field(default_factory=dict)
    device_class: str | None = None
    state_class: str | None = None
    unit: str | None = None
    entity_category: EntityCategory | None = None
    enabled_default: bool = True
    on_values: tuple[str, ...] = ()
    bit: int | None = None  # for one bit of a bitmap
    # Entities built on several DPs: the DP of each role (`dp` is the first).
    roles: Mapping[str, DpModel] = field(default_factory=dict)


def category_entities(category: str | None) -> Mapping[str, tuple[EntitySpec, ...]]:
    """The catalog's table for a category: shared tables first, its own on top."""
    entry = CATALOG.get(category or "")
    if entry is None:
        return COMMON
    table: dict[str, tuple[EntitySpec, ...]] = dict(COMMON)
    for shared in entry.shares:
        if (other := CATALOG.get(shared)) is not None:
            table.update(other.entities)
    table.update(entry.entities)
    return table


def category_composites(category: str | None) -> tuple[CompositeSpec, ...]:
    """The catalog's entities on several DPs for a category (its own first)."""
    entry = CATALOG.get(category or "")
    if entry is None:
        return ()
    shared = tuple(
        spec
        for name in entry.shares
        if (other := CATALOG.get(name)) is not None
        for spec in other.composites
    )
    return entry.composites + shared


def resolve(category: str | None, model: DeviceDpModel) -> list[ResolvedEntity]:
    """Every entity the device's DPs call for: several-DP ones first, then by DP id."""
    table = category_entities(category)
    reported_only = model.source == REPORTED_SOURCE
    resolved: list[ResolvedEntity] = []
    consumed: set[int] = set()
    for spec in category_composites(category):
        composite = _composite(spec, model, consumed, reported_only=reported_only)
        if composite is not None:
            resolved.append(composite)
            consumed.update(
                dp.dp_id
                for role, dp in composite.roles.items()
                if role not in spec.keep
            )
    for dp in sorted(model.dps, key=lambda dp: dp.dp_id):
        if dp.dp_id in consumed or dp.code in NEVER_EXPOSED:
            continue  # part of an entity above; unlock material: never an entity
        access = _access(dp, reported_only=reported_only)
        fitting = [spec for spec in table.get(dp.code, ()) if _fits(spec, dp, access)]
        if fitting:
            resolved.extend(_from_spec(spec, dp) for spec in fitting)
        else:
            resolved.extend(_generic(dp, access))
    return resolved


def _composite(
    spec: CompositeSpec,
    model: DeviceDpModel,
    taken: set[int],
    *,
    reported_only: bool,
) -> ResolvedEntity | None:
    """The entity `spec` describes, when the device has its required roles."""
    roles: dict[str, DpModel] = {}
    for role, role_spec in spec.roles.items():
        dp = _role_dp(role_spec, model, taken, reported_only=reported_only)
        if dp is not None:
            roles[role] = dp
        elif role_spec.required:
            return None
    if not roles:
        return None
    primary = next(iter(roles.values()))
    return ResolvedEntity(
        platform=spec.platform,
        dp=primary,
        key=f"dp_{primary.dp_id}_{spec.platform}",
        translation_key=spec.translation_key,
        roles=roles,
    )


def _role_dp(
    role: RoleSpec, model: DeviceDpModel, taken: set[int], *, reported_only: bool
) -> DpModel | None:
    for code in role.codes:
        for dp in model.dps:
            if dp.code != code or dp.dp_id in taken or dp.type not in role.types:
                continue
            access = _access(dp, reported_only=reported_only)
            if role.writable and access is DpAccess.RO:
                continue
            return dp
    return None


def _access(dp: DpModel, *, reported_only: bool) -> DpAccess:
    """Who may write the DP. A DP known only from reports has a type only.

    Then a boolean is most likely a switch and anything else most likely a
    reading; a DP that is really writable can still be sent with `send_dp`.
    """
    if not reported_only and not _REPORTED_CODE.fullmatch(dp.code):
        return dp.access
    return DpAccess.RW if dp.type is DpType.BOOL else DpAccess.RO


def _fits(spec: EntitySpec, dp: DpModel, access: DpAccess) -> bool:
    """Whether a catalog entry can be built on a DP of this type and access."""
    dp_type = dp.type
    writable = access is not DpAccess.RO
    readable = access is not DpAccess.WR
    match spec.platform:
        case Platform.SWITCH:
            return dp_type is DpType.BOOL and writable and readable
        case Platform.BUTTON:
            return dp_type in (DpType.BOOL, DpType.ENUM) and writable
        case Platform.NUMBER:
            return dp_type is DpType.VALUE and writable
        case Platform.SELECT:
            return dp_type is DpType.ENUM and writable and bool(dp.range)
        case Platform.TEXT:
            return dp_type is DpType.STRING and writable
        case Platform.BINARY_SENSOR:
            if spec.on_values:
                return dp_type in (DpType.ENUM, DpType.STRING) and readable
            return dp_type is DpType.BOOL and readable
        case Platform.EVENT:
            return dp_type in (DpType.ENUM, DpType.BOOL) and readable
        case Platform.SENSOR:
            return readable
    return False  # entities on several DPs are never single-DP entries


def _from_spec(spec: EntitySpec, dp: DpModel) -> ResolvedEntity:
    numeric = dp.type is DpType.VALUE
    unit = (
        (spec.unit if spec.unit is not None else normalised_unit(dp.unit))
        if numeric
        else None
    )
    device_class = spec.device_class
    allowed = DEVICE_CLASS_UNITS.get(device_class or "")
    if (
        spec.platform in (Platform.SENSOR, Platform.NUMBER)
        and allowed is not None
        and unit not in allowed
    ):
        # A wrong unit under a device class misleads more than no class at all.
        device_class = None
    translation_key = spec.translation_key
    placeholders = dict(spec.placeholders)
    if translation_key is None and device_class is None:
        # It was to be named after its device class, which is gone: use its code.
        translation_key, placeholders = GENERIC_KEY, {"name": humanised(dp.code)}
    return ResolvedEntity(
        platform=spec.platform,
        dp=dp,
        key=f"dp_{dp.dp_id}" + (f"_{spec.key}" if spec.key else ""),
        translation_key=translation_key,
        placeholders=placeholders,
        device_class=device_class,
        state_class=spec.state_class if numeric else None,
        unit=unit,
        entity_category=spec.entity_category,
        enabled_default=spec.enabled_default,
        on_values=spec.on_values,
    )


def _generic(dp: DpModel, access: DpAccess) -> list[ResolvedEntity]:
    """An entity chosen by the DP's type and access alone."""
    writable = access is not DpAccess.RO
    readable = access is not DpAccess.WR
    name = {"name": humanised(dp.code)}

    def entity(platform: Platform, **extra: Any) -> ResolvedEntity:
        extra.setdefault("key", f"dp_{dp.dp_id}")
        extra.setdefault("translation_key", GENERIC_KEY)
        extra.setdefault("placeholders", name)
        return ResolvedEntity(platform=platform, dp=dp, **extra)

    match dp.type:
        case DpType.BOOL if writable and not readable:
            return [entity(Platform.BUTTON)]
        case DpType.BOOL:
            return [entity(Platform.SWITCH if writable else Platform.BINARY_SENSOR)]
        case DpType.VALUE if writable:
            return [
                entity(
                    Platform.NUMBER,
                    unit=normalised_unit(dp.unit),
                    entity_category=EntityCategory.CONFIG,
                )
            ]
        case DpType.VALUE:
            return [
                entity(
                    Platform.SENSOR,
                    unit=normalised_unit(dp.unit),
                    state_class="measurement",
                )
            ]
        case DpType.ENUM if writable and dp.range:
            return [entity(Platform.SELECT, entity_category=EntityCategory.CONFIG)]
        case DpType.STRING if writable:
            return [entity(Platform.TEXT)]
        case _ if not readable:
            return []  # write-only and nothing to press or set: send_dp only
        case DpType.ENUM:
            return [entity(Platform.SENSOR, device_class="enum")]
        case DpType.STRING:
            return [entity(Platform.SENSOR)]
        case DpType.BITMAP if dp.labels:
            # One binary sensor per named bit: these are nearly always faults.
            return [
                entity(
                    Platform.BINARY_SENSOR,
                    key=f"dp_{dp.dp_id}_bit_{bit}",
                    translation_key=GENERIC_BIT_KEY,
                    placeholders={**name, "label": humanised(label)},
                    device_class="problem",
                    entity_category=EntityCategory.DIAGNOSTIC,
                    bit=bit,
                )
                for bit, label in enumerate(dp.labels)
            ]
    # A bitmap without labels, raw bytes: for the curious, off by default.
    return [
        entity(
            Platform.SENSOR,
            entity_category=EntityCategory.DIAGNOSTIC,
            enabled_default=False,
        )
    ]


def normalised_unit(unit: str) -> str | None:
    """Tuya's unit spelling in Home Assistant's (unknown units kept as given)."""
    text = unit.strip()
    if not text:
        return None
    return UNIT_ALIASES.get(text.lower(), text)


def humanised(code: str) -> str:
    """A readable name from a DP code: "temp_unit_convert" -> "Temp unit convert"."""
    if match := _REPORTED_CODE.fullmatch(code):
        return f"DP {match.group(1)}"
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else code

"""The entity catalog: which entities a Tuya category's standard DP codes get.

Pure data in Home Assistant's own words, no Home Assistant imports: the
resolver reads it, the platforms turn its strings into Home Assistant's enums.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import appliances, lights, locks, others, sensors, sensors_alarm, switches
from .common import COMMON, NEVER_EXPOSED
from .model import (
    CategoryCatalog,
    CompositeSpec,
    EntityCategory,
    EntitySpec,
    Platform,
    RoleSpec,
)
from .units import DEVICE_CLASS_UNITS, UNIT_ALIASES

CATALOG: Mapping[str, CategoryCatalog] = {
    entry.category: entry
    for module in (
        switches,
        sensors,
        sensors_alarm,
        appliances,
        lights,
        locks,
        others,
    )
    for entry in module.CATALOGS
}

__all__ = [
    "CATALOG",
    "COMMON",
    "DEVICE_CLASS_UNITS",
    "NEVER_EXPOSED",
    "UNIT_ALIASES",
    "CategoryCatalog",
    "CompositeSpec",
    "EntityCategory",
    "EntitySpec",
    "Platform",
    "RoleSpec",
]

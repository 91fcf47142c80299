"""Registry entries of DP entities a device no longer has.

Entities are resolved from the entry's category and DP model. When those
change (a category picked in the options, keys moved to an account whose cloud
model replaces the one built from reports), a DP's entity may change platform
or merge into an entity on several DPs (a light): its old registry entry would
stay behind, unavailable for good. A DP that keeps its platform keeps its entry
(entity id, name, settings): the key is the DP id either way.
"""

from __future__ import annotations

import re

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import CONF_UUID
from .models import TuyaBluetoothConfigEntry

# The keys of entities built on DPs (dp_7, dp_20_light, dp_101_bit_2 …); other
# entities (the connection sensor) are never touched.
_DP_KEY = re.compile(r"dp_\d+(_.+)?")


@callback
def async_forget_stale_entities(
    hass: HomeAssistant, entry: TuyaBluetoothConfigEntry
) -> None:
    """Remove the entry's DP entities that its resolved entities no longer have."""
    kept = {
        (resolved.platform.value, resolved.key)
        for resolved in entry.runtime_data.entities()
    }
    registry = er.async_get(hass)
    prefix = f"{entry.data[CONF_UUID]}-"
    for registered in er.async_entries_for_config_entry(registry, entry.entry_id):
        key = registered.unique_id.removeprefix(prefix)
        if _DP_KEY.fullmatch(key) and (registered.domain, key) not in kept:
            registry.async_remove(registered.entity_id)

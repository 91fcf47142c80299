"""Which GATT characteristics a connected Tuya device talks on (docs/protocol.md §2).

Protocol 4 devices usually use the FD50 service and older ones 1910, but the
advertisement's version is not a promise: the table the device actually offers
decides, the generation's own profile first.
"""

from __future__ import annotations

from bleak import BleakClient

from .const import GattProfile, gatt_profile
from .errors import GattServiceMissingError


async def pick_gatt_profile(client: BleakClient, protocol_major: int) -> GattProfile:
    """The profile whose write characteristic the device has."""
    preferred = gatt_profile(protocol_major)
    other = gatt_profile(3 if protocol_major >= 4 else 4)
    services = client.services
    for profile in (preferred, other):
        if services is None or services.get_characteristic(profile.write) is not None:
            return profile
    # The cached GATT table may be stale (devices change it with a firmware
    # update): forget it, so the next connection discovers the table again.
    clear_cache = getattr(client, "clear_cache", None)
    if clear_cache is not None:
        await clear_cache()
    raise GattServiceMissingError("the device has no Tuya GATT service")

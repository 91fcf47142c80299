"""Constants for the Tuya Bluetooth integration."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

DOMAIN: Final = "tuya_bluetooth"

CONF_UUID: Final = "uuid"
CONF_PRODUCT_ID: Final = "product_id"
CONF_PROTOCOL_VERSION: Final = "protocol_version"
CONF_DEVICE_ID: Final = "device_id"  # the cloud device id, the device's virtual id
CONF_LOCAL_KEY: Final = "local_key"
CONF_SEC_KEY: Final = "sec_key"
CONF_CATEGORY: Final = "category"
CONF_FIRMWARE_VERSION: Final = "firmware_version"
CONF_HARDWARE_VERSION: Final = "hardware_version"
CONF_DP_MODEL: Final = "dp_model"
CONF_CONNECTION_POLICY: Final = "connection_policy"
CONF_IDLE_TIMEOUT: Final = "idle_timeout"

# Fired when a command that got no answer has been read back on a later connection.
EVENT_COMMAND_SETTLED: Final = f"{DOMAIN}_command_settled"


class ConnectionPolicy(StrEnum):
    """How long the integration holds a device's Bluetooth connection."""

    ALWAYS = "always"  # stay connected; reconnect with backoff when the link drops
    ON_DEMAND = "on_demand"  # connect for commands and polls, close when idle


# Categories whose devices run on batteries: on demand by default, so the link does
# not drain them. Category codes are Tuya's own.
BATTERY_CATEGORIES: Final = frozenset(
    {"wsdcg", "mcs", "pir", "sj", "ywbj", "cobj", "co2bj", "sos", "zd", "wxkg", "ms"}
)
DEFAULT_IDLE_TIMEOUT: Final = 30.0  # seconds without a command before disconnecting
# Devices connected on demand are still read this often, to refresh their state.
ON_DEMAND_POLL_INTERVAL: Final = 3600.0
# Reconnect backoff when always connected: base doubles up to the cap, with jitter.
RECONNECT_BASE: Final = 2.0
RECONNECT_CAP: Final = 300.0
# Seconds between advertisements after which a sleepy device counts as unavailable.
SLEEPY_AVAILABILITY_INTERVAL: Final = 3 * 3600.0


def default_policy(category: str | None) -> ConnectionPolicy:
    """Battery devices connect on demand; mains-powered ones stay connected."""
    if category in BATTERY_CATEGORIES:
        return ConnectionPolicy.ON_DEMAND
    return ConnectionPolicy.ALWAYS

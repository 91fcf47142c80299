"""Constants for the Tuya Bluetooth integration."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
import os
from typing import Final

from .tuya.cloud.regions import DATA_CENTER_URLS, DataCenter
from .tuya.cloud.sharing_login import DEFAULT_LOGIN_URL

DOMAIN: Final = "tuya_bluetooth"

CONF_UUID: Final = "uuid"
CONF_PRODUCT_ID: Final = "product_id"
CONF_PRODUCT_NAME: Final = "product_name"  # the cloud's name of the product
CONF_PROTOCOL_VERSION: Final = "protocol_version"
CONF_DEVICE_ID: Final = "device_id"  # the cloud device id, the device's virtual id
CONF_LOCAL_KEY: Final = "local_key"
CONF_SEC_KEY: Final = "sec_key"
CONF_BEACON_KEY: Final = "beacon_key"  # decrypts DPs carried in advertisements
CONF_UNLOCK_CHECK: Final = "unlock_check"  # a lock's Bluetooth unlock check value
# The unique id of the account entry a device's keys come from (None: typed keys).
CONF_ACCOUNT: Final = "account"
CONF_CATEGORY: Final = "category"
CONF_FIRMWARE_VERSION: Final = "firmware_version"
CONF_HARDWARE_VERSION: Final = "hardware_version"
CONF_DP_MODEL: Final = "dp_model"
CONF_CONNECTION_POLICY: Final = "connection_policy"
CONF_IDLE_TIMEOUT: Final = "idle_timeout"

# Entries of both kinds live in this domain; `entry_type` tells them apart. Device
# entries made before accounts existed lack the key and count as devices.
CONF_ENTRY_TYPE: Final = "entry_type"
ENTRY_TYPE_DEVICE: Final = "device"
ENTRY_TYPE_ACCOUNT: Final = "account"
# Account entries: how the account was linked, and what each way needs.
CONF_AUTH: Final = "auth"
CONF_USER_CODE: Final = "user_code"
CONF_TERMINAL_ID: Final = "terminal_id"
CONF_ENDPOINT: Final = "endpoint"
CONF_USERNAME: Final = "username"
CONF_TOKEN_INFO: Final = "token_info"  # noqa: S105 - a key name, not a secret
CONF_ACCESS_ID: Final = "access_id"
CONF_ACCESS_SECRET: Final = "access_secret"  # noqa: S105 - a key name
CONF_DATA_CENTER: Final = "data_center"
CONF_APP_UID: Final = "uid"  # the app account a developer project is linked to

# Development and tests: point the cloud clients at another host (the fake cloud).
ENV_SHARING_URL: Final = "TUYA_BLUETOOTH_CLOUD_SHARING_URL"
ENV_OPENAPI_URL: Final = "TUYA_BLUETOOTH_CLOUD_OPENAPI_URL"

# How often a linked account's device list is read again (new devices offered,
# the saved list kept fresh for starts without the cloud).
ACCOUNT_REFRESH_INTERVAL: Final = timedelta(hours=1)

# Fired when a command that got no answer has been read back on a later connection.
EVENT_COMMAND_SETTLED: Final = f"{DOMAIN}_command_settled"


class AccountAuth(StrEnum):
    """How an account entry reaches the Tuya cloud."""

    QR_LOGIN = "qr_login"  # Smart Life / Tuya Smart app, device-sharing API
    PROJECT = "project"  # Tuya IoT developer project, OpenAPI


def cloud_base_url(data_center: DataCenter | None = None) -> str:
    """The base URL the cloud clients use: the only place that decides it.

    Without a data centre: the QR login host; with one: that data centre's
    OpenAPI host. The environment variables `TUYA_BLUETOOTH_CLOUD_SHARING_URL`
    and `TUYA_BLUETOOTH_CLOUD_OPENAPI_URL` replace them (the OpenAPI one for
    every data centre), so development setups and tests reach the fake cloud.
    """
    if data_center is None:
        return os.environ.get(ENV_SHARING_URL) or DEFAULT_LOGIN_URL
    return os.environ.get(ENV_OPENAPI_URL) or DATA_CENTER_URLS[data_center]


class ConnectionPolicy(StrEnum):
    """How long the integration holds a device's Bluetooth connection."""

    ALWAYS = "always"  # stay connected; reconnect with backoff when the link drops
    ON_DEMAND = "on_demand"  # connect for commands and polls, close when idle


# Categories whose devices run on batteries: on demand by default, so the link does
# not drain them. Category codes are Tuya's own.
BATTERY_CATEGORIES: Final = frozenset(
    {
        *("wsdcg", "mcs", "pir", "sj", "ywbj", "cobj", "co2bj", "sos", "zd", "wxkg"),
        *("ms", "jtmspro", "jtmsbh"),  # locks
        *("szjqr", "wkf", "sfkzq", "ggq"),  # fingerbots, radiator and water valves
    }
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

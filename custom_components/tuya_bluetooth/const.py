"""Constants for the Tuya Bluetooth integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "tuya_bluetooth"

CONF_UUID: Final = "uuid"
CONF_PRODUCT_ID: Final = "product_id"
CONF_PROTOCOL_VERSION: Final = "protocol_version"

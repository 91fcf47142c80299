"""Protocol constants: GATT UUIDs, command codes, security modes, sizes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final


@dataclass(frozen=True, slots=True)
class GattProfile:
    """The service and characteristics one protocol generation uses."""

    service: str
    write: str
    notify: str


# Protocol 1-3 devices use 16-bit Bluetooth-base UUIDs.
GATT_V3: Final = GattProfile(
    service="00001910-0000-1000-8000-00805f9b34fb",
    write="00002b11-0000-1000-8000-00805f9b34fb",
    notify="00002b10-0000-1000-8000-00805f9b34fb",
)
# Protocol 4 moved to the 0xFD50 service with Tuya's own 128-bit characteristics.
GATT_V4: Final = GattProfile(
    service="0000fd50-0000-1000-8000-00805f9b34fb",
    write="00000001-0000-1001-8001-00805f9b07d0",
    notify="00000002-0000-1001-8001-00805f9b07d0",
)


def gatt_profile(protocol_major: int) -> GattProfile:
    """Return the GATT UUIDs for a protocol major version."""
    return GATT_V4 if protocol_major >= 4 else GATT_V3


# The device truncates GATT writes to its build's maximum, 20 bytes by default.
DEFAULT_WRITE_SIZE: Final = 20
# Largest reassembled frame per protocol generation.
MAX_FRAME_V3: Final = 1024
MAX_FRAME_V4: Final = 1536


def max_frame_size(protocol_major: int) -> int:
    """Return the largest frame a receiver of this generation reassembles."""
    return MAX_FRAME_V4 if protocol_major >= 4 else MAX_FRAME_V3


class Command(IntEnum):
    """Inner-frame command codes."""

    DEVICE_INFO = 0x0000
    PAIR = 0x0001
    DP_WRITE = 0x0002
    DP_QUERY = 0x0003
    LOGIN_KEY = 0x0004
    UNBIND = 0x0005
    FACTORY_RESET = 0x0006
    BULK_DATA_INFO = 0x0007
    BULK_DATA_READ = 0x0008
    BULK_DATA_ERASE = 0x0009
    BULK_DATA_SEND = 0x000A
    OTA_START = 0x000C
    OTA_FILE_INFO = 0x000D
    OTA_OFFSET = 0x000E
    OTA_DATA = 0x000F
    OTA_END = 0x0010
    FACTORY_TEST = 0x0012
    ANOMALY_UNBIND = 0x0014
    AUTH_PHASE_1 = 0x0015
    AUTH_PHASE_2 = 0x0016
    AUTH_PHASE_3 = 0x0017
    NETWORK_STATUS = 0x001E
    NET_CONFIG = 0x0021
    NET_CONFIG_RESULT = 0x0022
    PASSTHROUGH = 0x0023
    DP_WRITE_V4 = 0x0027
    FILE_INFO = 0x0070
    FILE_OFFSET = 0x0071
    FILE_DATA = 0x0072
    FILE_END = 0x0073
    DP_REPORT = 0x8001
    DP_REPORT_TIME = 0x8003
    DP_REPORT_FLAG = 0x8004
    DP_REPORT_FLAG_TIME = 0x8005
    DP_SEND_V4 = 0x8006
    DP_SEND_TIME_V4 = 0x8007
    TIME_MS = 0x8011
    TIME_UTC = 0x8012
    TIME_LOCAL = 0x8013
    TIME_DST = 0x8014
    TRANSPARENT_DOWN = 0x801B
    TRANSPARENT_UP = 0x801C


OTA_COMMANDS: Final = frozenset(
    {
        Command.OTA_START,
        Command.OTA_FILE_INFO,
        Command.OTA_OFFSET,
        Command.OTA_DATA,
        Command.OTA_END,
    }
)
REPORT_COMMANDS: Final = frozenset(
    {
        Command.DP_REPORT,
        Command.DP_REPORT_TIME,
        Command.DP_REPORT_FLAG,
        Command.DP_REPORT_FLAG_TIME,
        Command.DP_SEND_V4,
        Command.DP_SEND_TIME_V4,
    }
)
TIME_COMMANDS: Final = frozenset(
    {Command.TIME_MS, Command.TIME_UTC, Command.TIME_LOCAL, Command.TIME_DST}
)


class SecurityMode(IntEnum):
    """The first byte of every frame: which key encrypts it (docs/protocol.md §4)."""

    NONE = 0
    KEY_1 = 1
    KEY_2 = 2
    KEY_3 = 3
    LOGIN = 4
    SESSION = 5
    FACTORY_TEST = 7
    KEY_11 = 11
    KEY_12 = 12
    KEY_14 = 14
    KEY_15 = 15
    KEY_16 = 16

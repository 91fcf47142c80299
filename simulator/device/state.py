"""Options of the emulator and the records it keeps for tests to inspect."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class ReportFormat(IntEnum):
    """The DP report commands: 0x8001…0x8005 on v3, 0x8006/0x8007 on v4.

    See docs/protocol.md §6.7.
    """

    V3 = 0x8001
    V3_TIME = 0x8003
    V3_FLAG = 0x8004
    V3_FLAG_TIME = 0x8005
    V4 = 0x8006
    V4_TIME = 0x8007


V3_FORMATS = frozenset(
    {
        ReportFormat.V3,
        ReportFormat.V3_TIME,
        ReportFormat.V3_FLAG,
        ReportFormat.V3_FLAG_TIME,
    }
)
V4_FORMATS = frozenset({ReportFormat.V4, ReportFormat.V4_TIME})


class TimeType(IntEnum):
    """How a report carries its timestamp."""

    MILLIS_ASCII = 0  # 13 ASCII digits of unix ms
    SECONDS = 1  # u32 unix seconds


class DropReason(StrEnum):
    """Why a link ended."""

    SN = "sn not increasing"
    PAIR_TIMEOUT = "pairing deadline"
    DEVICE_INFO_LENGTH = "v4 device-info length"
    UUID_MISMATCH = "pair uuid mismatch"
    UNBIND = "unbind"
    FACTORY_RESET = "factory reset"
    ANOMALY_UNBIND = "anomaly unbind"
    OTA_REBOOT = "reboot after OTA"
    POWER_OFF = "power off"
    CENTRAL = "central disconnected"


@dataclass(slots=True)
class EmulatorOptions:
    """Build and application choices of one simulated unit."""

    max_write_size: int = 20  # TUYA_BLE_DATA_MTU_MAX: longer writes are cut
    pairing_timeout: float = 30.0
    time_request: int | None = 0x8011  # asked after pairing; None: don't ask
    time_request_dst_years: int = 1  # payload of a 0x8014 request
    report_format: ReportFormat | None = None  # None: 0x8001 (v3) / 0x8006 (v4)
    report_after_write: bool = True  # confirm writes with a report
    ota_enabled: bool = True
    ota_max_packet: int = 192
    ota_resume: bool = True
    ota_gate: bool = False  # accept only OTA commands while a transfer runs
    ota_reboot_delay: float = 2.0
    firmware_key: bytes = b""  # device-info firmware key (8 or 16 bytes, else none)
    random_bytes: Callable[[int], bytes] = os.urandom  # srand and IVs
    unix_time: Callable[[], float] = time.time  # before a time sync


@dataclass(frozen=True, slots=True)
class ReceivedCommand:
    """A frame the device decrypted and accepted by sn (outcome says what followed)."""

    cmd: int
    sn: int
    ack_sn: int
    mode: int
    data: bytes = field(repr=False)
    outcome: str


@dataclass(frozen=True, slots=True)
class SentFrame:
    """A frame the device sent."""

    cmd: int
    sn: int
    ack_sn: int
    mode: int
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class TimeSync:
    """The time the hub gave the device, and when (scheduler time)."""

    cmd: int
    unix_ms: int
    tz_hundredths: int
    received_at: float
    dst_entries: int = 0


@dataclass(frozen=True, slots=True)
class WifiCredentials:
    """Provisioning data received over BLE."""

    cmd: int  # 0x0021 (BLE SDK) or 0x801B (TuyaOpen)
    ssid: str | None
    password: str | None = field(repr=False)
    token: str | None = field(repr=False)
    raw: bytes = field(repr=False)

"""Device side of the Tuya BLE protocol: the emulator and its parts.

Public API: `DeviceEmulator`, `EmulatorOptions`, `ManualScheduler`, `Scheduler`,
`ReportFormat`, `TimeType`, `DropReason`, `OtaFlash`.
"""

from .clock import ManualScheduler, Scheduler
from .emulator import DeviceEmulator
from .ota_storage import OtaFlash
from .state import DropReason, EmulatorOptions, ReportFormat, TimeType

__all__ = [
    "DeviceEmulator",
    "DropReason",
    "EmulatorOptions",
    "ManualScheduler",
    "OtaFlash",
    "ReportFormat",
    "Scheduler",
    "TimeType",
]

"""A fake Tuya cloud (OpenAPI + device-sharing API) for tests and the demo.

See `server.FakeTuyaCloud` for the API and `faults` for injectable failures.
"""

from __future__ import annotations

from .catalog import firmware_image
from .clock import ManualClock
from .faults import Fault, FaultInjector
from .server import FakeTuyaCloud
from .sharing_app import HA_CLIENT_ID
from .state import (
    Account,
    CloudState,
    DeviceRecord,
    Home,
    IssuedToken,
    Project,
    Registration,
)

__all__ = [
    "HA_CLIENT_ID",
    "Account",
    "CloudState",
    "DeviceRecord",
    "FakeTuyaCloud",
    "Fault",
    "FaultInjector",
    "Home",
    "IssuedToken",
    "ManualClock",
    "Project",
    "Registration",
    "firmware_image",
]

"""Cloud data models: homes, devices, firmware, pairing and registration.

Plain frozen dataclasses, the same for both APIs (`parse` builds them from
either API's JSON). Secrets (local_key, sec_key, auth_key, pairing secrets) are
`repr=False` so a logged model never shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from .errors import CloudResponseError


@dataclass(frozen=True, slots=True)
class Home:
    """A home (Tuya "family") of the account."""

    home_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloudDevice:
    """A device as the cloud lists it.

    `local_key` may be absent (reportedly for some BLE-only devices via the
    sharing API); `sec_key` only for security-V2 devices when the cloud gives
    it; `beacon_key` only for devices that encrypt their advertised DPs when the
    cloud gives it; `unlock_check` only for locks whose status carries the
    Bluetooth unlock check value (docs/cloud.md §4); `mac` only when known
    (factory infos).
    """

    device_id: str
    uuid: str
    name: str
    category: str
    product_id: str
    product_name: str = ""
    model: str = ""
    local_key: str | None = field(default=None, repr=False)
    sec_key: str | None = field(default=None, repr=False)
    beacon_key: str | None = field(default=None, repr=False)
    unlock_check: str | None = field(default=None, repr=False)
    mac: str | None = None
    online: bool | None = None
    home_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (holds local_key/sec_key: store, don't log)."""
        return {
            "device_id": self.device_id,
            "uuid": self.uuid,
            "name": self.name,
            "category": self.category,
            "product_id": self.product_id,
            "product_name": self.product_name,
            "model": self.model,
            "local_key": self.local_key,
            "sec_key": self.sec_key,
            "beacon_key": self.beacon_key,
            "unlock_check": self.unlock_check,
            "mac": self.mac,
            "online": self.online,
            "home_id": self.home_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CloudDevice:
        """Rebuild from `to_dict()` output."""

        def opt(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        online = data.get("online")
        device_id = data.get("device_id")
        if not isinstance(device_id, str) or not device_id:
            raise CloudResponseError("Stored device lacks its device_id")
        return cls(
            device_id=device_id,
            uuid=str(data.get("uuid") or ""),
            name=str(data.get("name") or ""),
            category=str(data.get("category") or ""),
            product_id=str(data.get("product_id") or ""),
            product_name=str(data.get("product_name") or ""),
            model=str(data.get("model") or ""),
            local_key=opt("local_key"),
            sec_key=opt("sec_key"),
            beacon_key=opt("beacon_key"),
            unlock_check=opt("unlock_check"),
            mac=opt("mac"),
            online=online if isinstance(online, bool) else None,
            home_id=opt("home_id"),
        )


@dataclass(frozen=True, slots=True)
class FactoryInfo:
    """Factory data of a device: uuid, serial number, MAC."""

    device_id: str
    uuid: str
    sn: str
    mac: str | None


class UpgradeStatus(IntEnum):
    """Firmware channel upgrade status as the cloud reports it."""

    NONE = 0
    READY = 1
    UPGRADING = 2
    DONE = 3
    ERROR = 4
    TIMEOUT = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class FirmwareInfo:
    """Firmware of one channel (module) of a device, current and offered."""

    channel: int  # Tuya's firmware "type": 0 main module, 9 MCU, …
    channel_name: str
    current_version: str
    version: str  # the version the cloud offers
    upgrade_type: int
    upgrade_status: UpgradeStatus | int
    url: str = field(default="", repr=False)
    md5: str = ""
    sign: str = field(default="", repr=False)
    file_size: int = 0
    timeout: int = 0
    can_upgrade: bool = False

    @property
    def update_available(self) -> bool:
        """Whether the cloud offers a version other than the running one."""
        return bool(self.version) and self.version != self.current_version


@dataclass(frozen=True, slots=True, kw_only=True)
class PairingToken:
    """A pairing token for Wi-Fi/combo provisioning (send token + secret to the device)."""

    token: str = field(repr=False)
    region: str
    secret: str = field(repr=False)
    expire_time: int | None = None  # seconds, when the cloud says


@dataclass(frozen=True, slots=True, kw_only=True)
class PairedDevice:
    """A device that activated itself with a pairing token."""

    device_id: str
    name: str = ""
    product_id: str = ""
    category: str = ""
    uuid: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PairingFailure:
    """A device that failed to activate with a pairing token."""

    device_id: str = ""
    name: str = ""
    error_code: str = ""
    error_msg: str = ""


@dataclass(frozen=True, slots=True)
class PairingResult:
    """The devices reported so far for one pairing token."""

    success_devices: tuple[PairedDevice, ...] = ()
    error_devices: tuple[PairingFailure, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BleAuthKey:
    """Answer of the BLE registration auth-key step."""

    uuid: str
    auth_key: str = field(repr=False)
    random: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivatedDevice:
    """Answer of the BLE activation step: the device's cloud identity and key."""

    device_id: str
    uuid: str
    local_key: str = field(repr=False)
    sec_key: str | None = field(default=None, repr=False)
    product_id: str = ""
    name: str = ""

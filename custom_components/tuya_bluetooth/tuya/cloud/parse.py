"""Build models from the clouds' JSON (both APIs), strictly.

A missing required field raises `CloudResponseError` naming the field, never
its value. Optional fields fall back to empty values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import CloudResponseError
from .models import (
    ActivatedDevice,
    BleAuthKey,
    CloudDevice,
    FactoryInfo,
    FirmwareInfo,
    Home,
    PairedDevice,
    PairingFailure,
    PairingResult,
    PairingToken,
    UpgradeStatus,
)
from .tokens import TokenInfo

type Json = Mapping[str, Any]


def as_object(value: object, what: str) -> Json:
    """`value` as a JSON object, else CloudResponseError."""
    if not isinstance(value, Mapping):
        raise CloudResponseError(f"{what}: expected an object")
    return value


def as_list(value: object, what: str) -> list[Json]:
    """`value` as a list of JSON objects, else CloudResponseError."""
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise CloudResponseError(f"{what}: expected a list of objects")
    return value


def required(data: Json, *keys: str) -> str:
    """The first present key's value as a non-empty string (ids may be ints)."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    raise CloudResponseError(f"The answer lacks '{keys[0]}'")


def text(data: Json, *keys: str) -> str:
    """The first present key's value as a string, '' if none."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return ""


def integer(data: Json, key: str, default: int = 0) -> int:
    """An int field that may arrive as a digit string."""
    value = data.get(key)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return default
    return default


def optional_secret(data: Json, key: str) -> str | None:
    """A key field: None when absent or empty."""
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def normalise_mac(raw: str) -> str | None:
    """'dc234d…' / 'DC-23-…' / 'dc:23:…' → 'DC:23:4D:…'; None if not a MAC."""
    digits = "".join(c for c in raw if c not in ":-").upper()
    if len(digits) != 12 or any(c not in "0123456789ABCDEF" for c in digits):
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def token_info(result: Json, t: int) -> TokenInfo:
    """A token from either API's naming (snake_case or camelCase)."""
    return TokenInfo(
        access_token=required(result, "access_token", "accessToken"),
        refresh_token=required(result, "refresh_token", "refreshToken"),
        uid=text(result, "uid"),
        expire_time=integer(result, "expire_time", integer(result, "expireTime")),
        t=t,
    )


def home(data: Json) -> Home:
    """A home; the sharing API names its id ownerId."""
    return Home(
        home_id=required(data, "home_id", "homeId", "ownerId", "id"),
        name=text(data, "name"),
    )


# The status code whose value is a lock's Bluetooth unlock check (docs/cloud.md §4).
UNLOCK_CHECK_CODE = "ble_unlock_check"


def _status_value(data: Json, code: str) -> str | None:
    """A string value of the device's status list, by DP code."""
    status = data.get("status")
    if not isinstance(status, list):
        return None
    for item in status:
        if isinstance(item, Mapping) and item.get("code") == code:
            value = item.get("value")
            return value if isinstance(value, str) and value else None
    return None


def device(data: Json, home_id: str | None = None) -> CloudDevice:
    """A device from a device list or detail answer (v1.0, v2.0 or sharing)."""
    online = data.get("online", data.get("isOnline", data.get("is_online")))
    mac = text(data, "mac")
    return CloudDevice(
        device_id=required(data, "id", "device_id", "devId"),
        uuid=text(data, "uuid"),
        name=text(data, "name"),
        category=text(data, "category"),
        product_id=text(data, "product_id", "productId"),
        product_name=text(data, "product_name", "productName"),
        model=text(data, "model"),
        local_key=optional_secret(data, "local_key")
        or optional_secret(data, "localKey"),
        sec_key=optional_secret(data, "sec_key") or optional_secret(data, "secKey"),
        beacon_key=optional_secret(data, "beacon_key")
        or optional_secret(data, "beaconKey"),
        unlock_check=_status_value(data, UNLOCK_CHECK_CODE),
        mac=normalise_mac(mac) if mac else None,
        online=online if isinstance(online, bool) else None,
        home_id=home_id or (text(data, "home_id", "homeId") or None),
    )


def factory_info(data: Json) -> FactoryInfo:
    """One entry of factory-infos."""
    mac = text(data, "mac")
    return FactoryInfo(
        device_id=required(data, "id"),
        uuid=text(data, "uuid"),
        sn=text(data, "sn"),
        mac=normalise_mac(mac) if mac else None,
    )


def firmware(data: Json) -> FirmwareInfo:
    """One channel of a firmware answer."""
    status = integer(data, "upgrade_status")
    try:
        upgrade_status: UpgradeStatus | int = UpgradeStatus(status)
    except ValueError:
        upgrade_status = status
    return FirmwareInfo(
        channel=integer(data, "type"),
        channel_name=text(data, "type_desc"),
        current_version=text(data, "current_version"),
        version=text(data, "version"),
        upgrade_type=integer(data, "upgrade_type"),
        upgrade_status=upgrade_status,
        url=text(data, "url"),
        md5=text(data, "md5").lower(),
        sign=text(data, "sign"),
        file_size=integer(data, "file_size"),
        timeout=integer(data, "timeout"),
        can_upgrade=data.get("can_upgrade") is True,
    )


def pairing_token(data: Json) -> PairingToken:
    """The answer to a pairing-token request."""
    expire = data.get("expire_time")
    return PairingToken(
        token=required(data, "token"),
        region=text(data, "region"),
        secret=required(data, "secret"),
        expire_time=expire if isinstance(expire, int) else None,
    )


def pairing_result(data: Json) -> PairingResult:
    """The devices reported for a pairing token."""
    success = as_list(data.get("success_devices") or [], "success_devices")
    failed = as_list(data.get("error_devices") or [], "error_devices")
    return PairingResult(
        success_devices=tuple(
            PairedDevice(
                device_id=required(d, "id", "device_id"),
                name=text(d, "name"),
                product_id=text(d, "product_id"),
                category=text(d, "category"),
                uuid=text(d, "uuid"),
            )
            for d in success
        ),
        error_devices=tuple(
            PairingFailure(
                device_id=text(d, "id", "device_id"),
                name=text(d, "name"),
                error_code=text(d, "error_code", "code"),
                error_msg=text(d, "error_msg", "msg"),
            )
            for d in failed
        ),
    )


def ble_auth_key(data: Json, uuid: str) -> BleAuthKey:
    """The auth-key registration step's answer."""
    return BleAuthKey(
        uuid=text(data, "uuid") or uuid,
        auth_key=required(data, "auth_key"),
        random=text(data, "random"),
    )


def activated_device(data: Json, uuid: str) -> ActivatedDevice:
    """The activation step's answer."""
    return ActivatedDevice(
        device_id=required(data, "device_id", "id"),
        uuid=text(data, "uuid") or uuid,
        local_key=required(data, "local_key"),
        sec_key=optional_secret(data, "sec_key"),
        product_id=text(data, "product_id"),
        name=text(data, "name"),
    )

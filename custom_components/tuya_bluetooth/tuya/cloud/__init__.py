"""Tuya cloud clients (HA-free): QR-login sharing API and developer OpenAPI.

Public API:
    SharingLoginClient, SharingClient        QR login and the Smart Life account
    OpenApiClient, DataCenter                developer (IoT platform) project
    TokenInfo, QrCode, LoginResult           tokens (persist via on_token_refresh)
    Home, CloudDevice, FactoryInfo, FirmwareInfo, UpgradeStatus, PairingToken,
    PairingResult, PairedDevice, PairingFailure, BleAuthKey, ActivatedDevice
    DpModel, DeviceDpModel, DpType, DpAccess  the normalised DP model
    Specifications, SpecItem, DpMapping      raw specifications / status mapping
    dp_model_from_thing_model, dp_model_from_specifications
    errors: TuyaCloudError and subclasses; codes: the error-code table
"""

from __future__ import annotations

from .codes import CLOUD_ERROR_CODES, error_for_code
from .dp_model import DeviceDpModel, DpAccess, DpModel, DpType
from .dp_parse import dp_model_from_specifications, dp_model_from_thing_model
from .errors import (
    ClockSkewError,
    CloudAuthError,
    CloudConnectionError,
    CloudRequestError,
    CloudResponseError,
    CloudServerError,
    CloudTimeoutError,
    DeviceOfflineError,
    InvalidClientError,
    InvalidSignError,
    NotFoundError,
    PairingTimeoutError,
    PermissionDeniedError,
    QrLoginExpiredError,
    RateLimitedError,
    TokenExpiredError,
    TokenInvalidError,
    TuyaCloudError,
)
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
from .openapi import OpenApiClient
from .regions import DATA_CENTER_URLS, DataCenter
from .sharing import SharingClient
from .sharing_login import HA_CLIENT_ID, HA_SCHEMA, SharingLoginClient
from .specs import DpMapping, Specifications, SpecItem
from .tokens import LoginResult, QrCode, TokenInfo

__all__ = [
    "CLOUD_ERROR_CODES",
    "DATA_CENTER_URLS",
    "HA_CLIENT_ID",
    "HA_SCHEMA",
    "ActivatedDevice",
    "BleAuthKey",
    "ClockSkewError",
    "CloudAuthError",
    "CloudConnectionError",
    "CloudDevice",
    "CloudRequestError",
    "CloudResponseError",
    "CloudServerError",
    "CloudTimeoutError",
    "DataCenter",
    "DeviceDpModel",
    "DeviceOfflineError",
    "DpAccess",
    "DpMapping",
    "DpModel",
    "DpType",
    "FactoryInfo",
    "FirmwareInfo",
    "Home",
    "InvalidClientError",
    "InvalidSignError",
    "LoginResult",
    "NotFoundError",
    "OpenApiClient",
    "PairedDevice",
    "PairingFailure",
    "PairingResult",
    "PairingTimeoutError",
    "PairingToken",
    "PermissionDeniedError",
    "QrCode",
    "QrLoginExpiredError",
    "RateLimitedError",
    "SharingClient",
    "SharingLoginClient",
    "SpecItem",
    "Specifications",
    "TokenExpiredError",
    "TokenInfo",
    "TokenInvalidError",
    "TuyaCloudError",
    "UpgradeStatus",
    "dp_model_from_specifications",
    "dp_model_from_thing_model",
    "error_for_code",
]

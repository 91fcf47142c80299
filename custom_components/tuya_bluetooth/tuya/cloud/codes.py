"""Tuya cloud error codes → exception class and description: the one table.

Numeric codes and their meaning follow Tuya's published "Global Error Codes"
(https://developer.tuya.com/en/docs/iot/error-code?id=K989ruxx88swc); the
descriptions are our own wording. Note that page's order: 1010 is "token is
expired" and 1011 "token invalid" — the clients refresh and retry once on
either, so a swap would not change their behaviour. Codes marked uncertain are
not in that page and come from public clients only.

HTTP statuses that arrive without a Tuya body are mapped here too, so one module
decides what every failure becomes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from .errors import (
    ClockSkewError,
    CloudAuthError,
    CloudConnectionError,
    CloudRequestError,
    CloudServerError,
    DeviceOfflineError,
    InvalidClientError,
    InvalidSignError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    TokenExpiredError,
    TokenInvalidError,
    TuyaCloudError,
)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What one Tuya error code means to us."""

    error: type[TuyaCloudError]
    description: str


SYSTEM_ERROR: Final = 500
DATA_NOT_EXIST: Final = 1000
SIGN_INVALID: Final = 1004
TOKEN_EXPIRED: Final = 1010
TOKEN_INVALID: Final = 1011
REQUEST_TIME_INVALID: Final = 1013
PARAM_EMPTY: Final = 1100
PERMISSION_DENIED: Final = 1106
URI_PATH_INVALID: Final = 1108
REQUEST_OVER_LIMIT: Final = 1110
DEVICE_OFFLINE: Final = 2001
COMMAND_NOT_SUPPORTED: Final = 2008
LOGIN_FAILED: Final = 2401  # uncertain: seen in public clients only

# A request with one of these is retried once after refreshing the token.
REFRESH_AND_RETRY: Final = frozenset({TOKEN_EXPIRED, TOKEN_INVALID})

CLOUD_ERROR_CODES: Final[Mapping[int, CodeInfo]] = MappingProxyType(
    {
        SYSTEM_ERROR: CodeInfo(
            CloudServerError, "The Tuya cloud had an internal error"
        ),
        DATA_NOT_EXIST: CodeInfo(NotFoundError, "The requested data does not exist"),
        1001: CodeInfo(InvalidClientError, "The access secret is invalid"),
        1002: CodeInfo(TokenInvalidError, "No access token was sent"),
        1003: CodeInfo(CloudRequestError, "The grant type is invalid"),
        SIGN_INVALID: CodeInfo(InvalidSignError, "The request signature is invalid"),
        1005: CodeInfo(InvalidClientError, "The access id is invalid"),
        1006: CodeInfo(CloudRequestError, "The content type is not supported"),
        1007: CodeInfo(CloudRequestError, "The key is not supported"),
        1008: CodeInfo(InvalidClientError, "The access id is not allowed"),
        TOKEN_EXPIRED: CodeInfo(TokenExpiredError, "The access token has expired"),
        TOKEN_INVALID: CodeInfo(TokenInvalidError, "The token is invalid"),
        1012: CodeInfo(TokenInvalidError, "The token status is invalid"),
        REQUEST_TIME_INVALID: CodeInfo(
            ClockSkewError, "The request time is invalid; check the system clock"
        ),
        PARAM_EMPTY: CodeInfo(CloudRequestError, "A required parameter is empty"),
        1101: CodeInfo(CloudRequestError, "A parameter is out of range"),
        1102: CodeInfo(CloudRequestError, "A parameter is missing"),
        1103: CodeInfo(CloudRequestError, "The command could not be issued"),
        1104: CodeInfo(CloudRequestError, "A parameter has the wrong type"),
        1105: CodeInfo(CloudRequestError, "A required header is missing"),
        PERMISSION_DENIED: CodeInfo(
            PermissionDeniedError,
            "Permission denied: the project or account may not use this API",
        ),
        1107: CodeInfo(CloudAuthError, "The authorization code is invalid"),
        URI_PATH_INVALID: CodeInfo(NotFoundError, "The API path is not known"),
        1109: CodeInfo(CloudRequestError, "A parameter is not allowed"),
        REQUEST_OVER_LIMIT: CodeInfo(RateLimitedError, "Too many concurrent requests"),
        1111: CodeInfo(CloudServerError, "The Tuya cloud is busy"),
        DEVICE_OFFLINE: CodeInfo(DeviceOfflineError, "The device is offline"),
        COMMAND_NOT_SUPPORTED: CodeInfo(
            CloudRequestError, "The command or value is not supported"
        ),
        LOGIN_FAILED: CodeInfo(CloudAuthError, "The user name or password is wrong"),
    }
)

_UNKNOWN = CodeInfo(CloudRequestError, "The Tuya cloud refused the request")


def normalise_code(code: object) -> int | None:
    """Tuya's code as an int: the APIs send ints, some send digit strings."""
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().isascii() and code.strip().isdigit():
        return int(code)
    return None


def describe(code: int) -> str:
    """Our description of a Tuya code (a generic one for unknown codes)."""
    return CLOUD_ERROR_CODES.get(code, _UNKNOWN).description


def error_for_code(code: object, *, operation: str = "") -> TuyaCloudError:
    """The exception for a `success: false` answer with this code."""
    number = normalise_code(code)
    info = CLOUD_ERROR_CODES.get(number, _UNKNOWN) if number is not None else _UNKNOWN
    return info.error(info.description, code=number, operation=operation)


def error_for_status(status: int, *, operation: str = "") -> TuyaCloudError:
    """The exception for an HTTP error status without a usable Tuya body."""
    if status == 429:
        return RateLimitedError(
            f"Too many requests (HTTP {status})", operation=operation
        )
    if status == 404:
        return NotFoundError(f"Not found (HTTP {status})", operation=operation)
    if status in (401, 403):
        return CloudAuthError(f"Not authorised (HTTP {status})", operation=operation)
    if status >= 500:
        return CloudServerError(
            f"The Tuya cloud failed (HTTP {status})", operation=operation
        )
    return CloudConnectionError(f"Unexpected HTTP status {status}", operation=operation)

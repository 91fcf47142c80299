"""Exceptions raised by the Tuya cloud clients.

Every exception derives from `TuyaCloudError` and carries Tuya's numeric code
when the cloud sent one. Messages are built from our own descriptions (see
`codes`), never from response bodies, URLs or headers: those can hold tokens,
local keys or the refresh token that sits in a refresh URL's path.
"""

from __future__ import annotations


class TuyaCloudError(Exception):
    """Base class of every error raised by the cloud clients."""

    def __init__(
        self, description: str, *, code: int | None = None, operation: str = ""
    ) -> None:
        self.code = code
        self.description = description
        self.operation = operation
        text = description if code is None else f"{description} (Tuya code {code})"
        super().__init__(f"{operation}: {text}" if operation else text)


# --- Transport -------------------------------------------------------------------


class CloudConnectionError(TuyaCloudError):
    """The cloud could not be reached or answered at the HTTP level with an error."""


class CloudTimeoutError(CloudConnectionError, TimeoutError):
    """The cloud did not answer in time."""


class CloudServerError(CloudConnectionError):
    """The cloud failed on its side (HTTP 5xx or Tuya's system error)."""


class CloudResponseError(TuyaCloudError):
    """The answer is malformed, cannot be decrypted, or lacks a required field."""


# --- Refused requests ------------------------------------------------------------


class CloudRequestError(TuyaCloudError):
    """The cloud refused the request (bad parameter, unsupported value, …)."""


class NotFoundError(CloudRequestError):
    """The device, home or resource does not exist (for this account)."""


class PermissionDeniedError(CloudRequestError):
    """The project or account may not use this API (Tuya code 1106)."""


class RateLimitedError(CloudRequestError):
    """Too many requests; try again later."""


class ClockSkewError(CloudRequestError):
    """The cloud rejected the request time: the local clock is off (code 1013)."""


class DeviceOfflineError(CloudRequestError):
    """The cloud reports the device as offline."""


# --- Credentials -----------------------------------------------------------------


class CloudAuthError(TuyaCloudError):
    """The credentials were rejected: the user has to sign in again."""


class InvalidClientError(CloudAuthError):
    """The developer project's access id or secret is wrong."""


class InvalidSignError(CloudAuthError):
    """The cloud rejected the request signature (code 1004): usually a wrong secret."""


class TokenInvalidError(CloudAuthError):
    """The access or refresh token is unknown or was revoked."""


class TokenExpiredError(TokenInvalidError):
    """The access token has expired."""


# --- Flows -----------------------------------------------------------------------


class QrLoginExpiredError(TuyaCloudError):
    """The QR code expired before the user confirmed the login; get a new one."""


class PairingTimeoutError(TuyaCloudError, TimeoutError):
    """No device reported itself with the pairing token before the deadline."""

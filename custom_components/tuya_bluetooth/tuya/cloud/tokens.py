"""Token and login models shared by both cloud APIs.

`TokenInfo.to_dict()` is the shape the caller persists (the same keys Home
Assistant's Tuya integration stores: t, uid, expire_time, access_token,
refresh_token). Tokens never appear in a repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CloudResponseError

QR_LOGIN_PREFIX = "tuyaSmart--qrLogin?token="


def _require_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise CloudResponseError(f"Token data lacks '{key}'")
    return value


def _require_int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CloudResponseError(f"Token data lacks '{key}'")
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenInfo:
    """An access/refresh token pair and when it expires.

    `t` is the cloud's time (ms) when the token was issued and `expire_time` its
    lifetime in seconds, as both APIs report them.
    """

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    uid: str
    expire_time: int
    t: int

    @property
    def expires_at_ms(self) -> int:
        """Absolute expiry, ms since the epoch."""
        return self.t + self.expire_time * 1000

    def expires_within(self, now_ms: int, margin_ms: int) -> bool:
        """Whether the token expires less than `margin_ms` after `now_ms`."""
        return self.expires_at_ms - margin_ms <= now_ms

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form for persisting (holds secrets: store, don't log)."""
        return {
            "t": self.t,
            "uid": self.uid,
            "expire_time": self.expire_time,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TokenInfo:
        """Rebuild from `to_dict()` output (CloudResponseError if incomplete)."""
        return cls(
            access_token=_require_str(data, "access_token"),
            refresh_token=_require_str(data, "refresh_token"),
            uid=str(data.get("uid") or ""),
            expire_time=_require_int(data, "expire_time"),
            t=_require_int(data, "t"),
        )


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR login token; show `qr_text` as a QR code for the Smart Life app."""

    token: str = field(repr=False)
    user_code: str

    @property
    def qr_text(self) -> str:
        """The text to encode in the QR code."""
        return QR_LOGIN_PREFIX + self.token


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginResult:
    """What a confirmed QR login yields; persist all of it (`to_dict`)."""

    user_code: str
    terminal_id: str
    endpoint: str
    username: str
    token: TokenInfo

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form for a config entry (holds tokens)."""
        return {
            "user_code": self.user_code,
            "terminal_id": self.terminal_id,
            "endpoint": self.endpoint,
            "username": self.username,
            "token_info": self.token.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LoginResult:
        """Rebuild from `to_dict()` output."""
        token = data.get("token_info")
        if not isinstance(token, Mapping):
            raise CloudResponseError("Login data lacks 'token_info'")
        return cls(
            user_code=_require_str(data, "user_code"),
            terminal_id=_require_str(data, "terminal_id"),
            endpoint=_require_str(data, "endpoint"),
            username=str(data.get("username") or ""),
            token=TokenInfo.from_dict(token),
        )

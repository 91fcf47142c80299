"""HTTP plumbing shared by both clients: one request, typed errors, JSON envelope.

aiohttp's exceptions carry the request URL, which can hold a refresh token in
its path; they are therefore replaced (``from None``) by our own exceptions
that name only the operation and the exception type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
import json
import logging
import time
from typing import Any

import aiohttp

from .codes import REFRESH_AND_RETRY, error_for_code, error_for_status, normalise_code
from .errors import CloudConnectionError, CloudResponseError, CloudTimeoutError
from .tokens import TokenInfo

type NowMs = Callable[[], int]
type Sleep = Callable[[float], Awaitable[None]]
type Envelope = dict[str, Any]
type TokenCallback = Callable[[TokenInfo], None]

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 15.0
# Both APIs: refresh a token this long before it expires.
REFRESH_MARGIN_MS = 60_000


def wall_clock_ms() -> int:
    """The system time in ms, the default clock of the clients."""
    return time.time_ns() // 1_000_000


async def send(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    operation: str,
    request_timeout: float,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    data: bytes | None = None,
) -> Envelope:
    """Send one request and return the decoded JSON envelope.

    Raises CloudTimeoutError, CloudConnectionError, CloudServerError/… for HTTP
    errors without a Tuya body, CloudResponseError for a body that is not JSON.
    """
    try:
        async with session.request(
            method,
            url,
            params=params,
            data=data,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=request_timeout),
            allow_redirects=False,
        ) as response:
            status = response.status
            body = await response.read()
    except TimeoutError:
        raise CloudTimeoutError(
            "The Tuya cloud did not answer in time", operation=operation
        ) from None
    except aiohttp.ClientError as err:
        raise CloudConnectionError(
            f"Cannot reach the Tuya cloud ({type(err).__name__})", operation=operation
        ) from None
    try:
        payload = json.loads(body) if body else None
    except ValueError, RecursionError:
        payload = None
    if not isinstance(payload, dict) or "success" not in payload:
        if status >= 400:
            raise error_for_status(status, operation=operation)
        raise CloudResponseError(
            "The answer is not a Tuya envelope", operation=operation
        )
    return payload


def check(envelope: Envelope, operation: str) -> None:
    """Raise the typed error of a `success: false` envelope."""
    if envelope.get("success") is not True:
        raise error_for_code(envelope.get("code"), operation=operation)


def failure_code(envelope: Envelope) -> int | None:
    """The Tuya code of a failed envelope (None for a success)."""
    if envelope.get("success") is True:
        return None
    return normalise_code(envelope.get("code"))


def envelope_time(envelope: Envelope, fallback: int) -> int:
    """The cloud's time `t` (ms) of an answer, for token expiry bookkeeping."""
    t = envelope.get("t")
    return t if isinstance(t, int) and not isinstance(t, bool) else fallback


def path_part(value: str) -> str:
    """An id placed in a URL path: refuse anything that could change the path."""
    if not value or not all(c.isalnum() or c in "-_" for c in value):
        raise ValueError("ids must be non-empty and alphanumeric")
    return value


def compact_json(payload: Mapping[str, Any]) -> str:
    """JSON without spaces, as both APIs sign and encrypt it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


async def send_with_fresh_token[A](
    operation: str,
    *,
    current: Callable[[], TokenInfo | None],
    now_ms: int,
    renew: Callable[[TokenInfo | None], Awaitable[None]],
    send_once: Callable[[], Awaitable[A]],
    envelope_of: Callable[[A], Envelope],
) -> A:
    """Both APIs' token discipline around one call.

    Renew a token that is missing or close to expiry, send, and when the cloud
    says the token expired or is invalid, renew and send exactly once more.
    `renew` gets the token it found stale, so concurrent callers renew once.
    `send_once` returns the envelope, or something `envelope_of` finds it in.
    """
    token = current()
    if token is None or token.expires_within(now_ms, REFRESH_MARGIN_MS):
        await renew(token)
        token = current()
    answer = await send_once()
    if failure_code(envelope_of(answer)) in REFRESH_AND_RETRY:
        _LOGGER.debug("%s: token rejected, renewing once", operation)
        await renew(token)
        answer = await send_once()
    return answer

"""Failures a test can make the fake cloud produce.

Each fault matches the next `count` requests of one API (or both) whose path
contains `path` (any path when empty), then is used up. Kinds:

- ``http_error``: an HTTP status (default 500) with a non-Tuya body;
- ``tuya_error``: HTTP 200 with ``success: false`` and `code`;
- ``rate_limit``: ``tuya_error`` with 1110 (``status=429`` for an HTTP 429);
- ``hang``: no answer until the client gives up (or the cloud stops);
- ``disconnect``: the connection is closed without an answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(slots=True)
class Fault:
    """One injected failure."""

    kind: str
    api: str | None = None  # "openapi", "sharing" or None for both
    path: str = ""
    count: int = 1
    status: int = 500
    code: int = 500
    hits: int = 0

    def matches(self, api: str, path: str) -> bool:
        """Whether this fault applies to a request."""
        return self.count > 0 and self.api in (None, api) and self.path in path


class FaultInjector:
    """The list of pending faults and the middleware that applies them."""

    def __init__(self) -> None:
        """No faults."""
        self.pending: list[Fault] = []
        self._release = asyncio.Event()

    def add(self, kind: str, **options: object) -> Fault:
        """Add a fault (see the module docstring for kinds and options)."""
        fault = Fault(kind, **options)  # type: ignore[arg-type]
        self.pending.append(fault)
        return fault

    def server_error(self, status: int = 500, **options: object) -> Fault:
        """HTTP 5xx for the next matching request(s)."""
        return self.add("http_error", status=status, **options)

    def tuya_error(self, code: int, **options: object) -> Fault:
        """A Tuya error code for the next matching request(s)."""
        return self.add("tuya_error", code=code, **options)

    def rate_limit(self, *, status: int = 200, **options: object) -> Fault:
        """Rate limiting: Tuya code 1110, or HTTP 429 with `status=429`."""
        if status == 429:
            return self.add("http_error", status=429, **options)
        return self.add("tuya_error", code=1110, **options)

    def hang(self, **options: object) -> Fault:
        """Never answer the next matching request(s)."""
        return self.add("hang", **options)

    def disconnect(self, **options: object) -> Fault:
        """Close the connection of the next matching request(s)."""
        return self.add("disconnect", **options)

    def clear(self) -> None:
        """Drop every pending fault."""
        self.pending.clear()

    def release(self) -> None:
        """Let hanging requests go (the cloud calls this when it stops)."""
        self._release.set()

    def rearm(self) -> None:
        """Hang again after a release (the cloud calls this when it starts)."""
        self._release = asyncio.Event()

    def middleware(
        self, api: str, now_ms: Callable[[], int]
    ) -> Callable[..., Awaitable[web.StreamResponse]]:
        """An aiohttp middleware applying faults to one API's requests."""

        @web.middleware
        async def apply_faults(
            request: web.Request, handler: Handler
        ) -> web.StreamResponse:
            fault = next(
                (f for f in self.pending if f.matches(api, request.path)), None
            )
            if fault is None:
                return await handler(request)
            fault.count -= 1
            fault.hits += 1
            if fault.count <= 0:
                self.pending.remove(fault)
            if fault.kind == "hang":
                await self._release.wait()
                raise web.HTTPServiceUnavailable
            if fault.kind == "disconnect":
                if request.transport is not None:
                    request.transport.close()
                raise web.HTTPServiceUnavailable
            if fault.kind == "tuya_error":
                return web.json_response(
                    {
                        "success": False,
                        "code": fault.code,
                        "msg": "injected",
                        "t": now_ms(),
                    }
                )
            return web.Response(status=fault.status, text="injected failure")

        return apply_faults

"""What an OpenAPI route receives once the request passed the checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .state import IssuedToken, Project
from .verify import RequestRejected


@dataclass(slots=True)
class Call:
    """A checked request handed to a route."""

    request: web.Request
    project: Project
    token: IssuedToken | None
    body: dict[str, Any]

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.request.match_info[name]

    def required(self, key: str) -> Any:
        """A body field that must be present and non-empty (else 1100)."""
        value = self.body.get(key)
        if value in (None, "", {}):
            raise RequestRejected(1100, f"param is empty: {key}")
        return value


type Route = Callable[[Call], Awaitable[Any]]

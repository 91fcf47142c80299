"""A manual clock for the fake cloud and the clients under test.

Hand `clock.now_ms` to both the fake cloud and a client, and `clock.sleep` to a
client's polling loop: time then moves only when a test says so.
"""

from __future__ import annotations

import asyncio

DEFAULT_START_MS = 1_700_000_000_000


class ManualClock:
    """Milliseconds since the epoch that advance only on request."""

    def __init__(self, start_ms: int = DEFAULT_START_MS) -> None:
        """Start at `start_ms`."""
        self._now_ms = start_ms

    def now_ms(self) -> int:
        """The current time in ms."""
        return self._now_ms

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self._now_ms += round(seconds * 1000)

    async def sleep(self, seconds: float) -> None:
        """An `asyncio.sleep` stand-in: advances time, yields once."""
        self.advance(seconds)
        await asyncio.sleep(0)

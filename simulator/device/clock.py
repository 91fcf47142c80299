"""Injectable time for the emulator: a scheduler tests can advance by hand.

The emulator needs "now" (deadlines, report timestamps) and "call this later"
(the 30 s pairing deadline, the reboot after OTA). An asyncio event loop already
offers both (`loop.time()`, `loop.call_later()`), so it satisfies `Scheduler` as
it is; tests use `ManualScheduler` and move time with `advance()` instead of
sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import heapq
import itertools
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable


class Cancellable(Protocol):
    """A scheduled call that can be called off."""

    def cancel(self) -> None:
        """Call it off; a no-op once it ran."""


class Scheduler(Protocol):
    """Monotonic time plus delayed calls (an asyncio loop fits)."""

    def time(self) -> float:
        """Monotonic seconds."""
        ...

    def call_later(
        self, delay: float, callback: Callable[[], object], /
    ) -> Cancellable:
        """Run `callback` after `delay` seconds."""
        ...


@dataclass(order=True, slots=True)
class _Timer:
    when: float
    order: int
    callback: Callable[[], object] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualScheduler:
    """A scheduler whose time only moves when a test calls `advance`."""

    def __init__(self, start: float = 1000.0) -> None:
        """Start the clock at `start` seconds."""
        self._now = start
        self._timers: list[_Timer] = []
        self._order = itertools.count()

    def time(self) -> float:
        """The current (manual) time."""
        return self._now

    def call_later(self, delay: float, callback: Callable[[], object], /) -> _Timer:
        """Schedule `callback` at now + delay."""
        timer = _Timer(self._now + max(delay, 0.0), next(self._order), callback)
        heapq.heappush(self._timers, timer)
        return timer

    @property
    def pending(self) -> int:
        """Number of timers not yet run or cancelled."""
        return sum(1 for t in self._timers if not t.cancelled)

    def advance(self, seconds: float) -> None:
        """Move time forward, running every timer that falls due, in order."""
        target = self._now + seconds
        while self._timers and self._timers[0].when <= target:
            timer = heapq.heappop(self._timers)
            if timer.cancelled:
                continue
            self._now = max(self._now, timer.when)
            timer.callback()
        self._now = target

"""Product behaviour: what a simulated unit does on its own when a DP write arrives.

Most products only store what a hub writes. Some act on it: a lock checks an
unlock command and draws its bolt back, a curtain motor moves to the written
position. `Product.behaviour` describes that as a *factory*: each emulator calls
it once and keeps the object it returns in `device.behaviour`, so whatever the
behaviour remembers (a lock's last accepted timestamp) belongs to that one unit
and is never shared by two emulators of one product.

The emulator calls ``behaviour.on_write(device, values)`` after it has validated
every entry of a write against the DP model, and before it applies any of them.
The returned `WriteOutcome` says whether the unit

- refuses the write (``accept=False``): it answers with the error status and
  applies nothing;
- applies it as usual (the default), except for the DPs in ``transient``, which
  it acts on without keeping (neither stored nor confirmed, like write-only DPs);
- then changes further DPs on its own (``then``): they are validated, stored and
  sent as one active report after the write's confirmation.

A class whose instances have `on_write` is itself a factory (calling it makes a
fresh instance); a frozen dataclass with ``__call__`` carries per-variant
settings (see `simulator.products_part2_locks.CheckCodeLock`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .model import DpValue, Product

__all__ = [
    "ACCEPT",
    "Behaviour",
    "BehaviourFactory",
    "EmulatorLike",
    "HasBehaviour",
    "WriteOutcome",
    "behaviour_of",
    "refuse",
]


class EmulatorLike(Protocol):
    """What a behaviour may read of the unit (it changes DPs only through `then`)."""

    @property
    def product(self) -> Product:
        """The unit's product."""
        ...

    @property
    def dp_values(self) -> Mapping[int, DpValue]:
        """Current DP values, before the write is applied."""
        ...


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """A behaviour's answer to one validated write."""

    accept: bool = True
    then: Mapping[int, DpValue] = field(default_factory=dict)
    transient: frozenset[int] = frozenset()
    reason: str = ""  # why it was refused, for the record


ACCEPT = WriteOutcome()


def refuse(reason: str) -> WriteOutcome:
    """Refuse the whole write: error status, nothing applied."""
    return WriteOutcome(accept=False, reason=reason)


class Behaviour(Protocol):
    """One unit's reaction to DP writes."""

    def on_write(
        self, device: EmulatorLike, values: Mapping[int, DpValue]
    ) -> WriteOutcome:
        """Judge a validated write (`values`: every entry, decoded)."""
        ...


type BehaviourFactory = Callable[[], Behaviour]


class HasBehaviour(Protocol):
    """An emulator, as far as reading its behaviour goes."""

    @property
    def behaviour(self) -> Behaviour | None:
        """The unit's own behaviour object, None for a plain product."""
        ...


def behaviour_of[T](device: HasBehaviour, kind: type[T]) -> T:
    """The unit's behaviour object, checked to be a `kind` (TypeError if not)."""
    behaviour = device.behaviour
    if not isinstance(behaviour, kind):
        raise TypeError(f"{behaviour!r} is not a {kind.__name__}")
    return behaviour

"""Fixtures for the library tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from simulator.products import Product

from .journey import Rig, make_rig


@pytest.fixture
async def rig_factory() -> AsyncIterator[Callable[..., Rig]]:
    """Make session ⇄ emulator rigs; every one is disconnected at teardown."""
    rigs: list[Rig] = []

    def factory(product: Product, **kwargs: Any) -> Rig:
        rig = make_rig(product, **kwargs)
        rigs.append(rig)
        return rig

    yield factory
    for rig in rigs:
        await rig.session.disconnect()
        await rig.settle()

"""Fixtures for the simulator tests."""

from __future__ import annotations

import itertools

import pytest

from simulator.device import DeviceEmulator, EmulatorOptions, ManualScheduler
from simulator.products import LOCK, SWITCH, DeviceIdentity, make_devices

from .hub import Hub


def counting_random() -> EmulatorOptions:
    """Options with deterministic "random" bytes (srand, IVs)."""
    counter = itertools.count(1)
    return EmulatorOptions(random_bytes=lambda n: next(counter).to_bytes(n, "big"))


@pytest.fixture
def scheduler() -> ManualScheduler:
    return ManualScheduler()


@pytest.fixture(params=[SWITCH, LOCK], ids=["v3", "v4"])
def identity(request: pytest.FixtureRequest) -> DeviceIdentity:
    return make_devices(request.param, 1, seed="tests")[0]


@pytest.fixture
def bound_device(
    identity: DeviceIdentity, scheduler: ManualScheduler
) -> DeviceEmulator:
    return DeviceEmulator(identity, scheduler, counting_random(), bound=True)


@pytest.fixture
def unbound_device(
    identity: DeviceIdentity, scheduler: ManualScheduler
) -> DeviceEmulator:
    return DeviceEmulator(identity, scheduler, counting_random())


@pytest.fixture
def hub(bound_device: DeviceEmulator) -> Hub:
    """A hub holding the cloud's local_key, connected to a bound device."""
    return Hub(bound_device, local_key=bound_device.identity.local_key)


@pytest.fixture
def paired(hub: Hub) -> Hub:
    """A hub that completed the bound handshake and answered the time request."""
    hub.handshake()
    hub.receive()
    assert hub.device.paired
    return hub

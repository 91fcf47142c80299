"""Wi-Fi combo provisioning (docs/protocol.md §6.11)."""

from __future__ import annotations

import json
import struct

from simulator.device import DeviceEmulator, ManualScheduler
from simulator.products import FEEDER, SWITCH, make_devices

from .conftest import counting_random
from .hub import Hub

CREDENTIALS = json.dumps({"ssid": "home", "pwd": "secret", "token": "tok"}).encode()


def test_ble_sdk_path_0x0021_before_pairing() -> None:
    identity = make_devices(SWITCH, 1)[0]
    device = DeviceEmulator(identity, ManualScheduler(), counting_random())
    hub = Hub(device)
    hub.send(0x0021, CREDENTIALS, mode=1)
    ack, result = hub.receive()
    assert (ack.cmd, ack.mode, ack.data) == (0x0021, 1, b"\x00")
    assert (result.cmd, result.mode, result.data) == (
        0x0022,
        1,
        b"\x00\x00",
    )  # srand not valid
    (creds,) = device.wifi_credentials
    assert (creds.cmd, creds.ssid, creds.password, creds.token) == (
        0x0021,
        "home",
        "secret",
        "tok",
    )
    assert "secret" not in repr(creds)


def test_tuyaopen_path_0x801b_after_pairing() -> None:
    identity = make_devices(FEEDER, 1)[0]
    device = DeviceEmulator(identity, ManualScheduler(), counting_random(), bound=True)
    hub = Hub(device, local_key=identity.local_key)
    frames = hub.handshake()
    assert [f.cmd for f in frames] == [0x0000, 0x0001, 0x8011, 0x001E]
    hub.send(0x801B, b"\x00\x01" + struct.pack(">H", 1) + CREDENTIALS)
    (reply,) = hub.receive()
    assert (reply.cmd, reply.data) == (0x801C, b"\x00\x00\x00\x01\x00")
    assert device.wifi_credentials[0].ssid == "home"
    hub.send(
        0x801B, b"\x00\x00" + struct.pack(">H", 1) + CREDENTIALS
    )  # no response wanted
    assert hub.receive() == []
    assert len(device.wifi_credentials) == 2


def test_0x801b_ignored_by_ble_sdk_devices() -> None:
    identity = make_devices(SWITCH, 1)[0]
    device = DeviceEmulator(identity, ManualScheduler(), counting_random(), bound=True)
    hub = Hub(device, local_key=identity.local_key)
    hub.handshake()
    hub.receive()
    hub.send(0x801B, b"\x00\x01\x00\x01" + CREDENTIALS)
    assert hub.receive() == []
    assert device.wifi_credentials == []

"""The emulator's handshake, binding and link rules (docs/protocol.md §4-§6, §11)."""

from __future__ import annotations

import struct
import time

import pytest

from custom_components.tuya_bluetooth.tuya.primitives import md5
from simulator.device import (
    DeviceEmulator,
    DropReason,
    EmulatorOptions,
    ManualScheduler,
)

from .conftest import counting_random
from .hub import Hub, register_key, split


def test_bound_handshake(hub: Hub) -> None:
    device = hub.device
    frames = hub.handshake()
    info, pair_result, time_request = frames
    assert (info.cmd, info.ack_sn, info.mode) == (0x0000, 1, 4)
    assert info.data[2] == device.protocol_version
    assert info.data[5] == 1  # bound
    assert hub.srand != bytes(6)
    assert (
        pair_result.cmd,
        pair_result.ack_sn,
        pair_result.mode,
        pair_result.data,
    ) == (0x0001, 2, 5, b"\x02")
    assert (time_request.cmd, time_request.ack_sn, time_request.data) == (
        0x8011,
        0,
        b"",
    )
    assert [f.sn for f in frames] == [1, 2, 3]  # device counts its own sn from 1
    assert device.paired
    assert device.bound
    assert device.login_key_set


def test_v4_device_info_layout(hub: Hub) -> None:
    if hub.version < 4:
        pytest.skip("v4 only")
    hub.send(0x0000, b"\x00\x14", mode=4)
    (info,) = hub.receive()
    data = info.data
    assert len(data) == 101
    assert data[2:5] == bytes([4, 4, 0x05])
    assert data[46:49] == bytes([2, 0, 0])  # firmware 2.0.0 (lock)
    assert data[55:77] == hub.device.identity.device_id.encode()[:22]
    assert data[89:95] == hub.device.identity.mac_bytes[::-1]
    assert data[-3:] == b"\x02\x02\x00"


def test_first_bind(unbound_device: DeviceEmulator) -> None:
    device = unbound_device
    identity = device.identity
    hub = Hub(device, local_key=identity.local_key)
    request = struct.pack(">H", 20) if hub.version >= 4 else b""
    hub.send(0x0000, request, mode=1)
    (info,) = hub.receive()
    assert (info.mode, info.data[5]) == (1, 0)
    assert info.data[14:30] == register_key(
        identity.auth_key.encode(), hub.service_rand
    )
    assert info.data[30:46] == bytes(16)
    # A pair keyed with the new local key in mode 5 is dropped: the unit's stored
    # login key is all zeros (docs/protocol.md §6.3).
    hub.send(0x0001, hub.pair_payload(), mode=5)
    assert hub.receive() == []
    assert not device.bound
    assert device.dropped_frames == 1
    hub.send(0x0001, hub.pair_payload(), mode=2)
    result, time_request = hub.receive(login_key=hub.login_key)
    assert (result.mode, result.ack_sn, result.data) == (5, 3, b"\x00")
    assert time_request.cmd == 0x8011
    assert device.bound
    assert device.login_key == hub.login_key
    assert device.virtual_id == identity.device_id.encode()[:22]


def test_first_bind_pair_before_device_info_binds_silently(
    unbound_device: DeviceEmulator,
) -> None:
    hub = Hub(unbound_device, local_key=unbound_device.identity.local_key)
    hub.send(0x0001, hub.pair_payload(), mode=1)
    assert hub.receive() == []
    assert unbound_device.bound


def test_plaintext_device_info_when_unbound(unbound_device: DeviceEmulator) -> None:
    hub = Hub(unbound_device)
    if hub.version < 4:
        # 15 bytes: under the 17-byte minimum, which applies to mode 0 too
        # (docs/protocol.md §11.3).
        hub.send(0x0000, b"", mode=0)
        assert hub.receive() == []
        assert unbound_device.dropped_frames == 1
        hub.sn = 0
    hub.send(0x0000, b"\x00\x14", mode=0)
    (info,) = hub.receive()
    assert info.mode == 0
    assert info.data[14:30] == register_key(hub.auth_key, bytes(16))


def test_plaintext_refused_once_bound(hub: Hub) -> None:
    hub.send(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=0)
    assert hub.receive() == []
    assert hub.device.dropped_frames == 1


def test_pair_uuid_mismatch_result_1_and_disconnect(hub: Hub) -> None:
    hub.send(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=4)
    hub.receive()
    hub.send(0x0001, hub.pair_payload(uuid="x" * 16), mode=4)
    (result,) = hub.receive()
    assert (result.data, result.mode) == (b"\x01", 4)  # in the request's mode
    assert hub.central.disconnected
    assert hub.device.drops == [DropReason.UUID_MISMATCH]


def test_sn_not_increasing_drops_link(paired: Hub) -> None:
    paired.send(0x0003, b"", sn=paired.sn)  # same sn as the last accepted frame
    assert paired.central.disconnected
    assert paired.device.drops[-1] is DropReason.SN
    assert paired.device.link_drops == 1


def test_bad_frames_dropped_before_sn_check(paired: Hub) -> None:
    device = paired.device
    paired.send(0x0003, b"", key=md5(b"wrong!"))  # sn 3, can't be decrypted
    good = paired.frame(0x0003, b"")
    paired.sn = 2  # reuse sn 3: the dropped frame did not consume it
    corrupt = bytearray(paired.frame(0x0003, b""))
    corrupt[-1] ^= 0x55
    paired.write_frame(bytes(corrupt))
    assert device.dropped_frames == 2
    assert not paired.central.disconnected
    paired.write_frame(good)
    assert device.received[-1].cmd == 0x0003
    assert device.received[-1].sn == 4
    assert not paired.central.disconnected


def test_pre_pair_whitelist(hub: Hub) -> None:
    hub.send(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=4)
    hub.receive()
    hub.send(0x0003, b"", mode=5)  # DP query before pairing
    assert hub.receive() == []
    assert hub.device.received[-1].outcome == "ignored: not paired"


def test_pairing_deadline(hub: Hub, scheduler: ManualScheduler) -> None:
    scheduler.advance(29.9)
    assert not hub.central.disconnected
    scheduler.advance(0.2)
    assert hub.central.disconnected
    assert hub.device.drops == [DropReason.PAIR_TIMEOUT]


def test_no_deadline_once_paired(paired: Hub, scheduler: ManualScheduler) -> None:
    scheduler.advance(120)
    assert not paired.central.disconnected
    assert scheduler.pending == 0


@pytest.mark.parametrize("payload", [b"", b"\x00", b"\x00\x14\x00"])
def test_v4_device_info_length_check(hub: Hub, payload: bytes) -> None:
    hub.send(0x0000, payload, mode=4)
    if hub.version >= 4:
        assert hub.central.disconnected
        assert hub.device.drops == [DropReason.DEVICE_INFO_LENGTH]
    else:
        assert len(hub.receive()) == 1
        assert not hub.central.disconnected


@pytest.mark.parametrize(("announced", "expected"), [(20, 20), (16, 16), (244, 20)])
def test_notify_size_from_v4_request(
    bound_device: DeviceEmulator, announced: int, expected: int
) -> None:
    if bound_device.protocol_version < 4:
        pytest.skip("v4 only")
    bound_device.options.max_write_size = 20
    hub = Hub(bound_device, local_key=bound_device.identity.local_key)
    hub.send(0x0000, struct.pack(">H", announced), mode=4)
    assert bound_device.notify_size == expected
    assert max(len(p) for p in hub.central.packets) == expected


def test_writes_truncated_to_build_maximum(hub: Hub) -> None:
    frame = hub.frame(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=4)
    hub.write_frame(frame, size=40)  # 40-byte writes: the device keeps 20 of each
    assert hub.receive() == []
    assert hub.device.received == []
    hub.device.options.max_write_size = 64  # a build that accepts more
    hub = Hub(hub.device, local_key=hub.local_key)  # (read at connection)
    hub.write_frame(
        hub.frame(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=4), size=40
    )
    assert len(hub.receive()) == 1


def test_duplicate_sub_packet_corrupts_frame(hub: Hub) -> None:
    hub.send(0x0000, b"\x00\x14" if hub.version >= 4 else b"", mode=4)
    hub.receive()
    packets = split(hub.frame(0x0001, hub.pair_payload()), hub.version)
    assert len(packets) > 3
    for packet in [packets[0], packets[1], packets[1], *packets[2:]]:
        hub.device.on_write(packet)  # the SDK appends the repeat: frame corrupt
    assert hub.receive() == []
    assert hub.device.dropped_frames == 1
    assert not hub.device.paired
    hub.send(0x0001, hub.pair_payload())  # the whole frame again, new sn
    assert hub.receive()[0].data == b"\x02"


def test_pair_already_bound_result_2(paired: Hub) -> None:
    paired.send(0x0001, paired.pair_payload())
    (result, *_rest) = paired.receive()
    assert result.data == b"\x02"


@pytest.mark.parametrize(
    ("cmd", "reason", "keeps_virtual_id"),
    [(0x0005, DropReason.UNBIND, True), (0x0006, DropReason.FACTORY_RESET, False)],
)
def test_unbind_and_reset(
    paired: Hub, cmd: int, reason: DropReason, keeps_virtual_id: bool
) -> None:
    device = paired.device
    changes: list[bool] = []
    device.add_listener(lambda: changes.append(device.bound))
    device.dp_values[next(iter(device.dp_values))] = device.dp_values[
        next(iter(device.dp_values))
    ]
    paired.send(cmd)
    (reply,) = paired.receive()
    assert (reply.cmd, reply.mode, reply.data, reply.ack_sn) == (
        cmd,
        5,
        b"\x00",
        paired.sn,
    )
    assert paired.central.disconnected
    assert device.drops == [reason]
    assert not device.bound
    assert not device.login_key_set
    assert device.login_key is None
    assert (device.virtual_id != bytes(22)) is keeps_virtual_id
    assert changes == [False]


def test_anomaly_unbind_replies_in_mode_1(hub: Hub) -> None:
    hub.send(0x0014, b"", mode=1)  # allowed before pairing
    (reply,) = hub.receive()
    assert reply.mode == 1
    assert reply.data == b"\x00"
    assert not hub.device.bound
    assert hub.device.drops == [DropReason.ANOMALY_UNBIND]


def test_service_rand_survives_reconnection(unbound_device: DeviceEmulator) -> None:
    hub = Hub(unbound_device)
    hub.send(0x0014, b"", mode=1)
    hub.receive()
    second = Hub(unbound_device)
    # Mode 4 with the factory (all-zero) login key: no new service_rand.
    second.send(0x0000, b"\x00\x14" if second.version >= 4 else b"", mode=4)
    (info,) = second.receive()
    assert info.data[14:30] == register_key(hub.auth_key, hub.service_rand)


@pytest.mark.parametrize("cmd", [0x8011, 0x8012, 0x8013, 0x8014])
def test_time_request_and_answer(
    bound_device: DeviceEmulator, scheduler: ManualScheduler, cmd: int
) -> None:
    bound_device.options.time_request = cmd
    hub = Hub(bound_device, local_key=bound_device.identity.local_key)
    *_, request = hub.handshake()
    assert request.cmd == cmd
    assert request.data == (b"\x01" if cmd == 0x8014 else b"")
    unix = 1_700_000_000
    tz = 800
    tm = time.gmtime(unix + (tz * 36 if cmd == 0x8013 else 0))
    fields = bytes(
        [
            tm.tm_year - 2000,
            tm.tm_mon,
            tm.tm_mday,
            tm.tm_hour,
            tm.tm_min,
            tm.tm_sec,
            (tm.tm_wday + 1) % 7,
        ]
    )
    answer = {
        0x8011: f"{unix * 1000:013d}".encode() + struct.pack(">h", tz),
        0x8012: fields + struct.pack(">h", tz),
        0x8013: fields + struct.pack(">h", tz),
        0x8014: f"{unix:010d}".encode() + struct.pack(">h", tz) + b"\x01" + bytes(20),
    }[cmd]
    hub.send(cmd, answer, ack_sn=request.sn)
    sync = bound_device.time_sync
    assert sync is not None
    assert (sync.unix_ms, sync.tz_hundredths) == (unix * 1000, tz)
    scheduler.advance(5)
    assert bound_device.device_time_ms() == unix * 1000 + 5000


def test_no_time_request_when_disabled(identity, scheduler: ManualScheduler) -> None:  # type: ignore[no-untyped-def]
    options = counting_random()
    options.time_request = None
    device = DeviceEmulator(identity, scheduler, options, bound=True)
    hub = Hub(device, local_key=identity.local_key)
    assert [f.cmd for f in hub.handshake()] == [0x0000, 0x0001]


def test_emulator_options_default_is_strict() -> None:
    options = EmulatorOptions()
    assert (options.max_write_size, options.pairing_timeout, options.time_request) == (
        20,
        30.0,
        0x8011,
    )


@pytest.mark.parametrize(("cmd", "data"), [(0x0003, b""), (0x0027, b"\x00" * 5)])
def test_replies_always_in_mode_5(paired: Hub, cmd: int, data: bytes) -> None:
    if cmd == 0x0027 and paired.version < 4:
        pytest.skip("protocol-3 units ignore 0x0027")
    paired.send(cmd, data, mode=4)  # a frame in mode 4 after pairing
    reply = paired.receive()[0]
    assert (reply.cmd, reply.mode) == (cmd, 5)


def test_provisioning_result_in_mode_2_once_srand_is_valid(paired: Hub) -> None:
    paired.send(0x0021, b'{"ssid":"x"}', mode=5)
    ack, result = paired.receive()
    assert (ack.mode, result.cmd, result.mode) == (5, 0x0022, 2)


def test_power_off_drops_link_and_refuses(paired: Hub) -> None:
    device = paired.device
    device.power_off()
    assert paired.central.disconnected
    assert device.drops == [DropReason.POWER_OFF]
    assert not device.connectable
    device.power_on()
    assert device.connectable


def test_manual_scheduler_runs_due_timers_in_order() -> None:
    scheduler = ManualScheduler(start=0)
    calls: list[str] = []
    scheduler.call_later(2, lambda: calls.append("b"))
    scheduler.call_later(1, lambda: calls.append("a"))
    scheduler.call_later(3, lambda: calls.append("c")).cancel()
    scheduler.advance(2.5)
    assert calls == ["a", "b"]
    assert scheduler.time() == 2.5
    assert scheduler.pending == 0

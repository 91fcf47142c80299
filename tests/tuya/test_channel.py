"""FrameChannel unit tests: sn, write failures, matching, timeouts, drops."""

from __future__ import annotations

import asyncio

from bleak.exc import BleakError
from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.channel import FrameChannel, Incoming
from custom_components.tuya_bluetooth.tuya.const import SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import KeyRing
from custom_components.tuya_bluetooth.tuya.errors import (
    ConnectionClosedError,
    ResponseTimeoutError,
    WriteError,
)
from custom_components.tuya_bluetooth.tuya.frames import (
    Frame,
    decode_frame,
    encode_frame,
)
from custom_components.tuya_bluetooth.tuya.framing import Reassembler, split_frame
from simulator.device import ManualScheduler

LOCAL_KEY = "abcdef0123456789"


class Peer:
    """The other end, written with the library's own codecs (unit test only)."""

    def __init__(self) -> None:
        self.keys = KeyRing(local_key=LOCAL_KEY)
        self.keys.srand = b"srand!"
        self.packets: list[bytes] = []
        self.fail_at: set[int] = set()
        self.sn = 0

    async def write(self, packet: bytes) -> None:
        index = len(self.packets)
        self.packets.append(packet)
        if index in self.fail_at:
            raise BleakError("write failed")

    def frames(self) -> list[Frame]:
        reassembler = Reassembler(1536)
        raws = [reassembler.feed(packet) for packet in self.packets]
        return [decode_frame(self.keys.open(raw)[1]) for raw in raws if raw is not None]

    def packets_for(
        self, cmd: int, data: bytes = b"", ack_sn: int = 0, sn: int | None = None
    ) -> list[bytes]:
        self.sn = self.sn + 1 if sn is None else sn
        inner = encode_frame(Frame(self.sn, ack_sn, cmd, data))
        return split_frame(self.keys.seal(SecurityMode.SESSION, inner), version=3)


def make_channel(
    peer: Peer, requests: list[Incoming]
) -> tuple[FrameChannel, ManualScheduler]:
    scheduler = ManualScheduler()
    keys = KeyRing(local_key=LOCAL_KEY)
    keys.srand = b"srand!"
    channel = FrameChannel(
        peer.write,
        keys,
        protocol_major=3,
        scheduler=scheduler,
        on_request=requests.append,
    )
    return channel, scheduler


async def turn() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_sn_counts_up_and_frames_are_20_byte_packets() -> None:
    peer = Peer()
    channel, _ = make_channel(peer, [])
    assert await channel.send(0x0002, b"x" * 40, SecurityMode.SESSION) == 1
    assert await channel.send(0x0002, b"", SecurityMode.SESSION, ack_sn=9) == 2
    assert all(len(p) <= 20 for p in peer.packets)
    assert [(f.sn, f.ack_sn) for f in peer.frames()] == [(1, 0), (2, 9)]


async def test_answer_matched_by_ack_sn_and_command() -> None:
    peer = Peer()
    requests: list[Incoming] = []
    channel, _ = make_channel(peer, requests)
    task = asyncio.ensure_future(
        channel.request(0x0002, b"", SecurityMode.SESSION, wait=5)
    )
    await turn()
    for packet in peer.packets_for(0x0003, b"\x00", ack_sn=1):  # wrong command: ignored
        channel.feed(packet)
    for packet in peer.packets_for(0x0002, b"\x00", ack_sn=1):
        channel.feed(packet)
    answer = await task
    assert answer.frame.data == b"\x00"
    assert answer.mode is SecurityMode.SESSION
    assert requests == []
    assert channel.pending == 0


async def test_answer_matched_by_command() -> None:
    peer = Peer()
    channel, _ = make_channel(peer, [])
    task = asyncio.ensure_future(
        channel.request(0x000C, b"\x00", SecurityMode.SESSION, wait=5, by_command=True)
    )
    await turn()
    for packet in peer.packets_for(0x000C, b"\x00\x03", ack_sn=0):
        channel.feed(packet)
    assert (await task).frame.data == b"\x00\x03"


async def test_second_request_for_the_same_command_waits_its_turn() -> None:
    """Answers matched by command can't say whom they answer: one at a time."""
    peer = Peer()
    channel, _ = make_channel(peer, [])
    first = asyncio.ensure_future(
        channel.request(0x000C, b"\x01", SecurityMode.SESSION, wait=5, by_command=True)
    )
    second = asyncio.ensure_future(
        channel.request(0x000C, b"\x02", SecurityMode.SESSION, wait=5, by_command=True)
    )
    await turn()
    # Only the first request is on the air until it has its answer.
    assert [frame.data for frame in peer.frames()] == [b"\x01"]
    for packet in peer.packets_for(0x000C, b"A"):
        channel.feed(packet)
    assert (await first).frame.data == b"A"
    await turn()
    assert [frame.data for frame in peer.frames()] == [b"\x01", b"\x02"]
    assert not second.done()
    for packet in peer.packets_for(0x000C, b"B"):
        channel.feed(packet)
    assert (await second).frame.data == b"B"
    assert channel.pending == 0


async def test_queued_request_fails_when_the_channel_closes() -> None:
    peer = Peer()
    channel, _ = make_channel(peer, [])
    first = asyncio.ensure_future(
        channel.request(0x000C, b"\x01", SecurityMode.SESSION, wait=5, by_command=True)
    )
    second = asyncio.ensure_future(
        channel.request(0x000C, b"\x02", SecurityMode.SESSION, wait=5, by_command=True)
    )
    await turn()
    channel.close("gone")
    for task in (first, second):
        with pytest.raises(ConnectionClosedError):
            await task
    # The queued request never left us.
    assert [frame.data for frame in peer.frames()] == [b"\x01"]


async def test_timeout() -> None:
    peer = Peer()
    channel, scheduler = make_channel(peer, [])
    task = asyncio.ensure_future(
        channel.request(0x0002, b"", SecurityMode.SESSION, wait=5)
    )
    await turn()
    scheduler.advance(4.9)
    await turn()
    assert not task.done()
    scheduler.advance(0.2)
    with pytest.raises(ResponseTimeoutError):
        await task
    assert channel.pending == 0


async def test_device_requests_and_repeated_frames() -> None:
    peer = Peer()
    requests: list[Incoming] = []
    channel, _ = make_channel(peer, requests)
    packets = peer.packets_for(0x8011)
    for packet in packets + packets:  # the same frame twice: handled once
        channel.feed(packet)
    for packet in peer.packets_for(0x8001, b"", sn=1):  # an old sn: dropped
        channel.feed(packet)
    assert [r.frame.cmd for r in requests] == [0x8011]


async def test_unreadable_packets_are_dropped() -> None:
    peer = Peer()
    requests: list[Incoming] = []
    channel, _ = make_channel(peer, requests)
    channel.feed(b"\x05garbage")
    other = KeyRing(local_key="zzzzzz0123456789")
    other.srand = b"srand!"
    for packet in split_frame(
        other.seal(SecurityMode.SESSION, encode_frame(Frame(1, 0, 0x8011))), version=3
    ):
        channel.feed(packet)
    assert requests == []
    assert channel.dropped == 2


async def test_early_write_failure_resends_whole_frame() -> None:
    peer = Peer()
    peer.fail_at = {0}
    channel, _ = make_channel(peer, [])
    sn = await channel.send(0x0002, b"x" * 30, SecurityMode.SESSION)
    assert sn == 2  # the failed attempt consumed sn 1 but never reached the device
    assert [f.sn for f in peer.frames()] == [2]


async def test_failure_on_last_packet_raises() -> None:
    peer = Peer()
    channel, _ = make_channel(peer, [])
    await channel.send(0x0002, b"x" * 20, SecurityMode.SESSION)
    count = len(peer.packets)
    peer.fail_at = {2 * count - 1}  # the last packet of the next, same-sized frame
    with pytest.raises(WriteError) as caught:
        await channel.send(0x0002, b"x" * 20, SecurityMode.SESSION)
    assert caught.value.code == 124
    assert len(peer.packets) == 2 * count  # not sent again


async def test_failure_twice_raises() -> None:
    peer = Peer()
    peer.fail_at = {0, 1}
    channel, _ = make_channel(peer, [])
    with pytest.raises(WriteError):
        await channel.send(0x0002, b"x" * 30, SecurityMode.SESSION)


async def test_close_fails_waiters_and_later_sends() -> None:
    peer = Peer()
    channel, _ = make_channel(peer, [])
    task = asyncio.ensure_future(
        channel.request(0x0002, b"", SecurityMode.SESSION, wait=5)
    )
    await turn()
    channel.close("gone")
    with pytest.raises(ConnectionClosedError):
        await task
    with pytest.raises(ConnectionClosedError):
        await channel.send(0x0002, b"", SecurityMode.SESSION)
    channel.feed(peer.packets_for(0x8011)[0])  # ignored once closed
    assert channel.closed


@given(st.lists(st.binary(max_size=24), max_size=10))
def test_feeding_arbitrary_packets_never_raises(packets: list[bytes]) -> None:
    requests: list[Incoming] = []
    keys = KeyRing(local_key=LOCAL_KEY)
    keys.srand = b"srand!"

    async def write(_packet: bytes) -> None:
        return None

    channel = FrameChannel(
        write,
        keys,
        protocol_major=4,
        scheduler=ManualScheduler(),
        on_request=requests.append,
    )
    for packet in packets:
        channel.feed(packet)
    assert channel.dropped + len(requests) <= len(packets)

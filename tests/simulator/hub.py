"""A minimal hub written in the tests from docs/protocol.md, to drive the emulator.

It is independent of both the emulator's codecs and the library's (only the
byte primitives are shared), and `test_vectors.py` checks it against the vectors
of docs/protocol.md §9, so frames built here are what a hub should send.

`Hub` drives a `DeviceEmulator` directly (no BLE link, no asyncio): it plays the
central, writes sub-packets into `device.on_write` and decodes what the device
notifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import struct

from custom_components.tuya_bluetooth.tuya.primitives import (
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_ecb_encrypt,
    crc16_modbus,
    md5,
)
from simulator.device import DeviceEmulator


def crc16(data: bytes) -> int:
    """CRC-16/MODBUS (shared primitive)."""
    return crc16_modbus(data)


def key1(auth_key: bytes, service_rand: bytes) -> bytes:
    """KEY_1 (docs/protocol.md §4.3)."""
    return aes_cbc_encrypt(auth_key[:16], bytes(16), auth_key[:32] + service_rand)[-16:]


def register_key(auth_key: bytes, service_rand: bytes) -> bytes:
    """Register key (docs/protocol.md §4.4)."""
    return aes_ecb_encrypt(auth_key[:16], service_rand)


def varint(value: int) -> bytes:
    """Little-endian base-128."""
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def inner(sn: int, ack_sn: int, cmd: int, data: bytes) -> bytes:
    """sn ‖ ack_sn ‖ cmd ‖ len ‖ data ‖ CRC16."""
    body = struct.pack(">IIHH", sn, ack_sn, cmd, len(data)) + data
    return body + struct.pack(">H", crc16(body))


def envelope(
    mode: int, key: bytes | None, plain: bytes, iv: bytes, *, zero_pad: bool = False
) -> bytes:
    """mode ‖ IV ‖ AES-CBC(padded), or mode ‖ plain for mode 0."""
    if mode == 0:
        return bytes([0]) + plain
    assert key is not None
    missing = (-len(plain)) % 16
    padded = plain + (bytes(missing) if zero_pad else bytes([missing]) * missing)
    return bytes([mode]) + iv + aes_cbc_encrypt(key, iv, padded)


def split(frame: bytes, version: int = 3, size: int = 20) -> list[bytes]:
    """Sub-packets of at most `size` bytes (docs/protocol.md §3)."""
    head = varint(0) + varint(len(frame)) + bytes([version << 4])
    packets = [head + frame[: size - len(head)]]
    pos, number = size - len(head), 1
    while pos < len(frame):
        prefix = varint(number)
        packets.append(prefix + frame[pos : pos + size - len(prefix)])
        pos += size - len(prefix)
        number += 1
    return packets


@dataclass(frozen=True)
class Received:
    """A decoded frame from the device."""

    mode: int
    sn: int
    ack_sn: int
    cmd: int
    data: bytes


class FakeCentral:
    """Collects notifications; records a device-side disconnect."""

    def __init__(self) -> None:
        self.packets: list[bytes] = []
        self.disconnected = False

    def notify(self, data: bytes) -> None:
        self.packets.append(bytes(data))

    def disconnect(self) -> None:
        self.disconnected = True


@dataclass
class Hub:
    """Plays the central against an emulator, synchronously."""

    device: DeviceEmulator
    local_key: str | None = None
    auth_key: bytes = b""
    version: int = 3
    central: FakeCentral = field(default_factory=FakeCentral)
    sn: int = 0
    srand: bytes = bytes(6)
    service_rand: bytes = bytes(16)
    iv_counter: int = 0
    connect: bool = True  # False: only build and decode frames (over a real link)
    _decoded: int = 0
    _buffer: bytearray = field(default_factory=bytearray)
    _total: int = -1

    def __post_init__(self) -> None:
        self.version = self.device.protocol_version
        self.auth_key = self.device.identity.auth_key.encode()
        if self.connect:
            self.device.on_connect(self.central)

    @property
    def login_key(self) -> bytes:
        assert self.local_key is not None
        return self.local_key[:6].encode()

    def key(self, mode: int, login_key: bytes | None = None) -> bytes | None:
        login = (
            login_key
            if login_key is not None
            else (self.login_key if self.local_key else bytes(6))
        )
        match mode:
            case 0:
                return None
            case 1:
                return key1(self.auth_key, self.service_rand)
            case 2:
                return md5(key1(self.auth_key, self.service_rand) + self.srand)
            case 4:
                return md5(login)
            case 5:
                return md5(login + self.srand)
            case 7:
                return md5(self.device.uuid.encode())
        raise ValueError(mode)

    def next_iv(self) -> bytes:
        self.iv_counter += 1
        return self.iv_counter.to_bytes(16, "big")

    def frame(
        self,
        cmd: int,
        data: bytes = b"",
        mode: int = 5,
        *,
        sn: int | None = None,
        ack_sn: int = 0,
        key: bytes | None = None,
        zero_pad: bool = False,
    ) -> bytes:
        """Build one encrypted frame F (advances the hub's sn unless given)."""
        if sn is None:
            self.sn += 1
            sn = self.sn
        iv = self.next_iv()
        if mode == 1:
            self.service_rand = iv
        return envelope(
            mode,
            key or self.key(mode),
            inner(sn, ack_sn, cmd, data),
            iv,
            zero_pad=zero_pad,
        )

    def write_frame(self, frame: bytes, size: int = 20) -> None:
        for packet in split(frame, self.version, size):
            self.device.on_write(packet)

    def send(
        self, cmd: int, data: bytes = b"", mode: int = 5, **kwargs: object
    ) -> None:
        """Build and write a frame (kwargs as `frame`)."""
        self.write_frame(self.frame(cmd, data, mode, **kwargs))  # type: ignore[arg-type]

    # ---- decoding what the device sent ---------------------------------------

    def _frames(self) -> list[bytes]:
        frames = []
        for packet in self.central.packets[self._decoded :]:
            self._decoded += 1
            pos = 0
            number, pos = _read_varint(packet, pos)
            if number == 0:
                self._total, pos = _read_varint(packet, pos)
                assert packet[pos] >> 4 == self.version
                pos += 1
                self._buffer = bytearray()
            self._buffer += packet[pos:]
            if len(self._buffer) >= self._total:
                frames.append(bytes(self._buffer[: self._total]))
                self._total = -1
        return frames

    def receive(self, login_key: bytes | None = None) -> list[Received]:
        """Decode the device's new frames (srand taken from a device-info answer)."""
        out = []
        for raw in self._frames():
            mode = raw[0]
            if mode == 0:
                plain = raw[1:]
            else:
                plain = aes_cbc_decrypt(
                    self.key(mode, login_key) or b"", raw[1:17], raw[17:]
                )
            sn, ack_sn, cmd, length = struct.unpack_from(">IIHH", plain)
            data = plain[12 : 12 + length]
            assert struct.unpack_from(">H", plain, 12 + length)[0] == crc16(
                plain[: 12 + length]
            )
            if cmd == 0 and length >= 12:
                self.srand = data[6:12]
            out.append(Received(mode, sn, ack_sn, cmd, data))
        return out

    def handshake(self, mtu: int = 20) -> list[Received]:
        """Bound: device info in mode 4, pair in mode 5 (docs/protocol.md §6.2)."""
        self.send(0x0000, struct.pack(">H", mtu) if self.version >= 4 else b"", mode=4)
        first = self.receive()
        self.send(0x0001, self.pair_payload(), mode=5)
        return first + self.receive()

    def pair_payload(self, uuid: str | None = None) -> bytes:
        ident = self.device.identity
        return (
            (uuid or ident.uuid).encode()
            + self.login_key
            + ident.device_id.encode()[:22]
        )


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos

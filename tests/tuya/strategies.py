"""Hypothesis strategies for the parser fuzz tests: valid messages and one-change mutants.

A `Sample` is well-formed bytes plus where its header, length and type fields sit,
so `mutants` can change exactly one thing: flip or replace a byte, move a field by
±1 or give it a random value, cut k bytes off the end, append, insert or delete a
byte. Valid messages come from the library's encoders or, where a second opinion
helps, from small independent builders here and in the simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
import struct
from typing import Protocol

from hypothesis import strategies as st

from custom_components.tuya_bluetooth.tuya.const import (
    REPORT_COMMANDS,
    Command,
    SecurityMode,
)
from custom_components.tuya_bluetooth.tuya.crypto import KeyRing
from custom_components.tuya_bluetooth.tuya.datapoints import (
    DataPoint,
    DPType,
    encode_dps,
)
from custom_components.tuya_bluetooth.tuya.device_info import Attachment, DeviceInfo
from custom_components.tuya_bluetooth.tuya.frames import Frame, encode_frame
from custom_components.tuya_bluetooth.tuya.reports import DPReport
from simulator.advertising import AdvertisedIdentity
from simulator.products import PRODUCTS, make_devices

type Field = tuple[int, int]  # (offset, size) of a big-endian field


@dataclass(frozen=True, slots=True)
class Sample:
    """Well-formed bytes and the fields worth corrupting one at a time."""

    data: bytes
    fields: tuple[Field, ...] = ()


MUTATIONS = ("flip", "set", "truncate", "append", "insert", "delete", "field")
# Strategies are built once: creating them per draw costs more than the parsers.
_KINDS = st.sampled_from(MUTATIONS)
_BYTE = st.integers(0, 0xFF)
_NONZERO = st.integers(1, 0xFF)
_EXTRA = st.binary(min_size=1, max_size=16)
_POSITION = st.integers(0, 1 << 16)
_FIELD_CHANGE = st.sampled_from(("-1", "+1", "any"))


class Draw(Protocol):
    """A composite's draw or `st.DataObject.draw`: both fit."""

    def __call__[T](self, strategy: st.SearchStrategy[T], /) -> T: ...


def pick(draw: Draw, count: int) -> int:
    """An index below `count` (which must be positive)."""
    return draw(_POSITION) % count


def mutate(draw: Draw, sample: Sample) -> bytes:
    """Return `sample.data` with exactly one thing changed.

    `draw` may be a composite's draw or `st.DataObject.draw`.
    """
    data = bytearray(sample.data)
    kind = draw(_KINDS)
    if kind == "field" and not sample.fields:
        kind = "flip"
    if not data and kind in ("flip", "set", "truncate", "delete", "field"):
        kind = "append"
    match kind:
        case "flip":
            data[pick(draw, len(data))] ^= draw(_NONZERO)
        case "set":
            data[pick(draw, len(data))] = draw(_BYTE)
        case "truncate":
            del data[len(data) - 1 - pick(draw, len(data)) :]
        case "append":
            data += draw(_EXTRA)
        case "insert":
            data.insert(pick(draw, len(data) + 1), draw(_BYTE))
        case "delete":
            del data[pick(draw, len(data))]
        case _:
            offset, size = sample.fields[pick(draw, len(sample.fields))]
            old = int.from_bytes(data[offset : offset + size], "big")
            top = (1 << (8 * size)) - 1
            match draw(_FIELD_CHANGE):
                case "-1":
                    new = (old - 1) & top
                case "+1":
                    new = (old + 1) & top
                case _:
                    new = draw(st.integers(0, top))
            data[offset : offset + size] = new.to_bytes(size, "big")
    return bytes(data)


def mutants(samples: st.SearchStrategy[Sample]) -> st.SearchStrategy[bytes]:
    """One-change mutants of the given samples."""

    @st.composite
    def one_change(draw: st.DrawFn) -> bytes:
        return mutate(draw, draw(samples))

    return one_change()


def samples_or_mutants(samples: st.SearchStrategy[Sample]) -> st.SearchStrategy[bytes]:
    """The valid bytes themselves or a one-change mutant of them."""
    return samples.map(lambda s: s.data) | mutants(samples)


def exact(size: int) -> st.SearchStrategy[bytes]:
    """A random body of exactly `size` bytes."""
    return st.binary(min_size=size, max_size=size)


def be(value: int, size: int) -> bytes:
    """Big-endian bytes, packed by struct: not the library's int.to_bytes."""
    return struct.pack({1: ">B", 2: ">H", 4: ">I"}[size], value)


# --- Data points ---------------------------------------------------------------------

_IDS = st.integers(0, 0xFF)


@st.composite
def _bitmap(draw: st.DrawFn) -> DataPoint:
    width = draw(st.sampled_from((1, 2, 4)))
    value = draw(st.integers(0, (1 << (8 * width)) - 1))
    return DataPoint(draw(_IDS), DPType.BITMAP, value, width=width)


data_points: st.SearchStrategy[DataPoint] = st.one_of(
    st.builds(DataPoint, _IDS, st.just(DPType.RAW), st.binary(max_size=12)),
    st.builds(DataPoint, _IDS, st.just(DPType.BOOL), st.booleans()),
    st.builds(DataPoint, _IDS, st.just(DPType.VALUE), st.integers(-(2**31), 2**31 - 1)),
    st.builds(DataPoint, _IDS, st.just(DPType.STRING), st.text(max_size=8)),
    st.builds(DataPoint, _IDS, st.just(DPType.ENUM), st.integers(0, 0xFF)),
    _bitmap(),
)


def dp_fields(data: bytes, length_size: int, base: int = 0) -> tuple[Field, ...]:
    """Type and length fields of every entry of a well-formed DP list."""
    fields: list[Field] = []
    offset, header = 0, 2 + length_size
    while offset + header <= len(data):
        fields += [(base + offset + 1, 1), (base + offset + 2, length_size)]
        offset += header + int.from_bytes(data[offset + 2 : offset + header], "big")
    return tuple(fields)


_TYPE_CODES = st.integers(0, 5) | st.integers(0, 0xFF)
_VALUES = st.binary(min_size=1, max_size=4) | st.binary(max_size=12)


@st.composite
def raw_dp_lists(draw: st.DrawFn, length_size: int) -> Sample:
    """Entries with a valid header and exact length around a random value."""
    out = bytearray()
    for _ in range(draw(st.integers(0, 4))):
        type_code = draw(_TYPE_CODES)
        value = draw(_VALUES)
        out += bytes([draw(_IDS), type_code])
        out += len(value).to_bytes(length_size, "big") + value
    return Sample(bytes(out), dp_fields(bytes(out), length_size))


# --- Frames and envelopes ------------------------------------------------------------

U16 = st.integers(0, 0xFFFF)
U32 = st.integers(0, 0xFFFFFFFF)
_PAYLOADS = st.binary(max_size=48)


def frame_fields(data_len: int) -> tuple[Field, ...]:
    """sn, ack_sn, cmd, len and CRC16 of an encoded frame."""
    return ((0, 4), (4, 4), (8, 2), (10, 2), (12 + data_len, 2))


@st.composite
def frames(
    draw: st.DrawFn,
    cmds: st.SearchStrategy[int] = U16,
    payloads: st.SearchStrategy[bytes] = _PAYLOADS,
) -> Frame:
    """A valid frame; `payloads` may be a command's structured payloads."""
    return Frame(draw(U32), draw(U32), draw(cmds), draw(payloads))


def frame_sample(frame: Frame) -> Sample:
    """The encoded frame and its fields."""
    return Sample(encode_frame(frame), frame_fields(len(frame.data)))


LOCAL_KEY = "0123456789abcdef"
AUTH_KEY = b"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"
DEVICE_UUID = b"tuya0123456789ab"
SRAND = b"srand!"


def full_key_ring(protocol_major: int = 3) -> KeyRing:
    """A ring that can derive the key of every security mode but 0."""
    ring = KeyRing(
        local_key=LOCAL_KEY,
        auth_key=AUTH_KEY,
        uuid=DEVICE_UUID,
        sec_key=b"secret key",
        user_rand=b"urand!",
        protocol_major=protocol_major,
    )
    ring.srand = SRAND
    ring.service_rand = bytes(range(16))
    return ring


modes = st.sampled_from(list(SecurityMode))


# --- Advertisements ------------------------------------------------------------------

_PRINTABLE = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
_ABILITIES = st.sampled_from((0, 0x01, 0x04, 0x08, 0x0C, 0x10, 0x20, 0x40, 0x41)) | (
    st.integers(0, 0xFFFF)
)
_SECURITY_TYPES = st.integers(0, 8) | st.integers(0, 0xFF)
_UUIDS = st.text(_PRINTABLE, min_size=16, max_size=16)
_PIDS = {
    v: st.text(_PRINTABLE, min_size=1, max_size=8 if v == 2 else 20) for v in (2, 3, 4)
}


@st.composite
def identities(draw: st.DrawFn) -> AdvertisedIdentity:
    """What a device of protocol 2, 3 or 4 may put on the air about itself."""
    version = draw(st.sampled_from((2, 3, 4)))
    return AdvertisedIdentity(
        uuid=draw(_UUIDS),
        product_id=draw(_PIDS[version]),
        protocol_version=version,
        bound=draw(st.booleans()),
        login_key=draw(st.binary(min_size=6, max_size=6)),
        communication_ability=draw(_ABILITIES),
        security_type=draw(_SECURITY_TYPES),
        shared=draw(st.booleans()),
        connection_request=draw(st.booleans()),
        product_key=draw(st.booleans()),
    )


def _simulated(bound: bool) -> list[AdvertisedIdentity]:
    return [
        AdvertisedIdentity(
            uuid=unit.uuid,
            product_id=product.product_id,
            protocol_version=product.protocol_version,
            bound=bound,
            login_key=unit.login_key,
            communication_ability=product.communication_ability,
            security_type=product.security_type,
        )
        for product in PRODUCTS.values()
        for unit in make_devices(product, 2)
    ]


# The simulated products' units, bound and unbound: what the simulator broadcasts.
simulated_identities = st.sampled_from(_simulated(False) + _simulated(True))

# docs/protocol.md §9.4 (pid abcd1234, uuid tuya0123456789ab): (version, sd, md).
AD_VECTORS: Sequence[tuple[int, bytes, bytes]] = (
    (
        3,
        b"\x00abcd1234",
        bytes.fromhex("000300000100 72d41d1530922178583567e23e68dc41"),
    ),
    (
        4,
        bytes.fromhex("41000008") + b"abcd1234",
        bytes.fromhex("00000100 8daa10b9269b057406b19bcc1302fd77"),
    ),
)


# --- Command payloads ----------------------------------------------------------------

_SIZES = {"B": 1, "b": 1, "H": 2, "h": 2, "I": 4}


def packed[T](
    fmt: str, parts: Sequence[st.SearchStrategy[int]], expect: Callable[..., T]
) -> st.SearchStrategy[tuple[Sample, T]]:
    """A fixed-layout answer packed with struct (big-endian) and its decoded form."""
    layout = struct.Struct(">" + fmt)
    offsets = [sum(_SIZES[c] for c in fmt[:i]) for i in range(len(fmt))]
    fields = tuple((offset, _SIZES[c]) for offset, c in zip(offsets, fmt, strict=True))
    return st.tuples(*parts).map(
        lambda values: (Sample(layout.pack(*values), fields), expect(*values))
    )


BYTE = st.integers(0, 0xFF)
_MAJORS = st.sampled_from((2, 3, 4, 5)) | BYTE
_MCU = st.just(bytes(6)) | st.binary(min_size=6, max_size=6)
_VIRTUAL_IDS = st.text(_PRINTABLE, max_size=22)
_DP_LISTS = st.lists(data_points, max_size=4)
_VERSION = st.binary(min_size=3, max_size=3)


@st.composite
def device_info_answers(draw: st.DrawFn) -> tuple[Sample, DeviceInfo]:
    """A complete device-info answer, field by field, and what it must parse to."""
    major = draw(_MAJORS)
    minor, flags, bound = draw(st.integers(0, 5)), draw(BYTE), draw(st.integers(0, 2))
    srand = draw(st.binary(min_size=6, max_size=6))
    key_block = draw(st.binary(min_size=32, max_size=32))
    fw, hw = draw(_VERSION), draw(_VERSION)
    ability, link = draw(U16), draw(BYTE)
    vid = draw(_VIRTUAL_IDS).encode().ljust(22, b"\x00")
    mcu = draw(_MCU)
    wifi, caps, address_type = draw(BYTE), draw(U32), draw(BYTE)
    mac = draw(st.binary(min_size=6, max_size=6))
    key, zigbee = draw(st.binary(max_size=16)), draw(st.binary(max_size=8))
    attachments, size = draw(st.binary(max_size=12)), draw(st.binary(max_size=3))
    data = bytearray([fw[1], fw[2], major, minor, flags, bound]) + srand + hw[1:]
    data += key_block + fw + hw + be(ability, 2) + bytes([link]) + vid + mcu
    data += bytes([wifi]) + be(caps, 4) + bytes([address_type]) + mac
    fields = [(2, 1), (3, 1), (4, 1), (5, 1)]
    for value in (key, zigbee, attachments, size):
        fields.append((len(data), 1))
        data += bytes([len(value)]) + value
    text = vid.rstrip(b"\x00").decode()
    with_key = (major, minor) >= (3, 2)
    expected = DeviceInfo(
        firmware_version=".".join(map(str, fw)),
        hardware_version=".".join(map(str, hw)),
        protocol_major=major,
        protocol_minor=minor,
        flags=flags,
        bound=bound == 1,
        srand=srand,
        register_key=key_block[:16] if with_key else None,
        device_auth_key=None if with_key else key_block,
        communication_ability=ability,
        link_encrypted=bool(link & 1),
        virtual_id=text or None,
        mcu_firmware_version=".".join(map(str, mcu[:3])) if any(mcu) else None,
        mcu_hardware_version=".".join(map(str, mcu[3:])) if any(mcu) else None,
        wifi_register_mode=wifi,
        capabilities=caps,
        address_type=address_type,
        mac=":".join(f"{b:02X}" for b in reversed(mac)),
        firmware_key=key or None,
        zigbee_mac=zigbee or None,
        attachments=tuple(
            Attachment(attachments[i], ".".join(map(str, attachments[i + 1 : i + 4])))
            for i in range(0, len(attachments) - 3, 4)
        ),
        packet_max_size=int.from_bytes(size, "big") if size else None,
    )
    return Sample(bytes(data), tuple(fields)), expected


_REPORTS = st.sampled_from(sorted(REPORT_COMMANDS))


@st.composite
def report_answers(draw: st.DrawFn, cmd: int | None = None) -> tuple[Sample, DPReport]:
    """A report (of command `cmd`, else any) with a valid header, time and DPs."""
    cmd = draw(_REPORTS) if cmd is None else cmd
    wide = cmd in (Command.DP_SEND_V4, Command.DP_SEND_TIME_V4)
    dps = tuple(draw(_DP_LISTS))
    body = encode_dps(dps, length_size=2 if wide else 1)
    header, sn, mode, flags = b"", None, None, None
    fields: list[Field] = []
    if cmd in (Command.DP_REPORT_FLAG, Command.DP_REPORT_FLAG_TIME):
        sn, mode = draw(U16), draw(BYTE)
        header, fields = be(sn, 2) + bytes([mode]), [(0, 2), (2, 1)]
    elif wide:
        version, sn, flags, mode = draw(BYTE), draw(U32), draw(BYTE), draw(BYTE)
        header = bytes([version]) + be(sn, 4) + bytes([flags, mode])
        fields = [(0, 1), (1, 4), (5, 1), (6, 1)]
    stamp, clock = None, b""
    if cmd in (
        Command.DP_REPORT_TIME,
        Command.DP_REPORT_FLAG_TIME,
        Command.DP_SEND_TIME_V4,
    ):
        fields.append((len(header), 1))
        if draw(st.booleans()):
            seconds = draw(U32)
            stamp, clock = float(seconds), b"\x01" + be(seconds, 4)
        else:
            millis = draw(st.integers(0, 10**13 - 1))
            stamp, clock = millis / 1000, b"\x00" + f"{millis:013d}".encode()
    base = len(header) + len(clock)
    fields += dp_fields(body, 2 if wide else 1, base)
    sample = Sample(header + clock + body, tuple(fields))
    return sample, DPReport(Command(cmd), dps, stamp, sn, mode, flags)

"""Structured fuzzing of what arrives before any command decoder runs.

Advertisements, sub-packet reassembly, the security envelope and the inner frame,
fed valid messages (which must round-trip) and one-change mutants of them (which
must parse or fail with the library's own error type, nothing else).
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import assume, given, settings, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya import advertisement as ad
from custom_components.tuya_bluetooth.tuya.channel import FrameChannel, Incoming
from custom_components.tuya_bluetooth.tuya.const import MAX_FRAME_V4, SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import (
    KeyRing,
    decrypt_envelope,
    pad,
    parse_envelope,
)
from custom_components.tuya_bluetooth.tuya.errors import (
    EnvelopeError,
    FrameError,
    FramingError,
    MissingKeyError,
)
from custom_components.tuya_bluetooth.tuya.frames import (
    HEADER_LEN,
    Frame,
    decode_frame,
    encode_frame,
)
from custom_components.tuya_bluetooth.tuya.framing import (
    Reassembler,
    decode_varint,
    encode_varint,
    split_frame,
)
from custom_components.tuya_bluetooth.tuya.primitives import crc16_modbus
from simulator.advertising import AdvertisedIdentity, build_advertising
from simulator.device import ManualScheduler
from simulator.device.frame import encode_inner

from .strategies import (
    AD_VECTORS,
    AUTH_KEY,
    DEVICE_UUID,
    LOCAL_KEY,
    SRAND,
    U16,
    Sample,
    frame_sample,
    frames,
    full_key_ring,
    identities,
    modes,
    mutate,
    pick,
    simulated_identities,
)

ADDRESS = "DC:23:4D:12:34:56"

type Maps = tuple[dict[str, bytes], dict[int, bytes]]


def _parse(maps: Maps) -> ad.AdvertisementInfo | None:
    ad.clear_cache()  # a cache hit would skip the parser
    info = ad.parse_advertisement(ADDRESS, *maps)
    assert info is None or isinstance(info, ad.AdvertisementInfo)
    return info


def _maps(identity: AdvertisedIdentity, *, scan_response: bool) -> Maps:
    payload = build_advertising(identity)
    service = dict(payload.advertisement.service_data)
    manufacturer = dict(payload.advertisement.manufacturer_data)
    if scan_response:
        service |= payload.scan_response.service_data
        manufacturer |= payload.scan_response.manufacturer_data
    return service, manufacturer


# --- Advertisements --------------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(identities() | simulated_identities, st.booleans())
def test_generated_advertisement_round_trip(
    identity: AdvertisedIdentity, scan_response: bool
) -> None:
    info = _parse(_maps(identity, scan_response=scan_response))
    version = identity.protocol_version
    if version == 2 and not scan_response:
        assert info is None  # protocol 2 says everything in its scan response
        return
    assert info is not None
    assert info.protocol_version == version
    assert info.scan_response_seen is scan_response or version == 2
    if version == 2:
        assert (info.uuid, info.is_bound) == (identity.uuid, identity.bound)
        return
    assert info.is_product_key is identity.product_key
    assert info.is_bound is (identity.bound and (scan_response or version == 4))
    if info.is_bound:
        assert info.product_id is None
    elif not identity.bound:
        assert info.product_id == identity.product_id
    if not scan_response:
        assert info.uuid is None
        return
    assert info.is_shared is identity.shared
    assert info.connection_request is identity.connection_request
    ability = identity.communication_ability
    assert info.communication_ability == ability
    assert info.support_5ghz is bool(ability & 0x08)
    assert (info.ble_type is ad.BleType.BLE_WIFI_SECURITY) is bool(ability & 0x0C)
    # Security types 6-8 send the short scan response: a MAC, no uuid.
    v2_scan = version == 4 and identity.security_type in (6, 7, 8)
    assert info.uuid == (None if v2_scan else identity.uuid)


@st.composite
def _advertisement_mutants(draw: st.DrawFn) -> Maps:
    """A real or generated advertisement with one of its blobs changed once."""
    source = draw(st.sampled_from(["generated", "simulated", "vector"]))
    if source == "vector":
        version, sd, md = draw(st.sampled_from(AD_VECTORS))
        uuid = ad.SERVICE_UUID_A201 if version == 3 else ad.SERVICE_UUID_FD50
        service, manufacturer = {uuid: sd}, {ad.COMPANY_ID_TUYA: md}
    else:
        identity = draw(identities() if source == "generated" else simulated_identities)
        service, manufacturer = _maps(identity, scan_response=True)
    if draw(st.booleans()):  # a second protocol's blob, for the fall-through paths
        service.setdefault(ad.SERVICE_UUID_A201, draw(st.binary(max_size=24)))
    head = ((0, 1), (1, 1), (3, 1))  # flags / frame control, version, id length
    index = pick(draw, len(service) + len(manufacturer))
    if index < len(service):
        uuid = list(service)[index]
        service[uuid] = mutate(draw, Sample(service[uuid], head))
    else:
        company = list(manufacturer)[index - len(service)]
        manufacturer[company] = mutate(draw, Sample(manufacturer[company], head))
    return service, manufacturer


@given(_advertisement_mutants())
def test_advertisement_with_one_change_never_raises(maps: Maps) -> None:
    _parse(maps)


# Around every length the parser checks: 3, 11, 20 (protocol 4), 22 (3), 30 (2).
_SCAN_RESPONSES = st.none() | st.one_of(
    *(st.binary(min_size=n - 1, max_size=n + 1) for n in (3, 11, 20, 22, 30))
)
_FRAME_CONTROLS = st.sampled_from((0x30, 0x40)) | st.integers(0, 0xFF)


@st.composite
def _framed_service_data(draw: st.DrawFn) -> Maps:
    """Valid headers and exact lengths around random bodies, per protocol."""
    version = draw(st.sampled_from((2, 3, 4)))
    if version == 2:
        return {}, {ad.COMPANY_ID_LEGACY: draw(st.binary(min_size=30, max_size=34))}
    md = draw(_SCAN_RESPONSES)
    if md and version == 3 and draw(st.booleans()):
        md = md[:1] + b"\x03" + md[2:]  # the protocol byte the parser wants
    if md and version == 4 and draw(st.booleans()):
        md = bytes([6 + md[0] % 3]) + md[1:]  # a V2 secure type: MAC, no uuid
    manufacturer = {} if md is None else {ad.COMPANY_ID_TUYA: md}
    if version == 3:
        sd = draw(st.binary(min_size=2, max_size=21))
        return {ad.SERVICE_UUID_A201: sd}, manufacturer
    ident = draw(st.binary(min_size=1, max_size=20))
    head = bytes([draw(_FRAME_CONTROLS)])
    head += draw(st.binary(min_size=2, max_size=2)) + bytes([len(ident)])
    return {ad.SERVICE_UUID_FD50: head + ident}, manufacturer


@given(_framed_service_data())
def test_advertisement_valid_header_random_body(maps: Maps) -> None:
    _parse(maps)


# --- Sub-packet framing ----------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(st.integers(0, (1 << 28) - 1), st.binary(max_size=3))
def test_varint_round_trip(value: int, tail: bytes) -> None:
    encoded = encode_varint(value)
    assert decode_varint(encoded + tail) == (value, len(encoded))
    try:
        # The same value with its last byte claiming a continuation.
        decoded, _ = decode_varint(encoded[:-1] + bytes([encoded[-1] | 0x80]) + tail)
    except FramingError:
        return
    assert decoded >= value


_PACKET_CHANGES = ("none", "packet", "drop", "repeat", "swap", "restart", "bad start")
# A sub-packet 0 without a version byte, of version 1, announcing 0 or too many bytes.
_BAD_STARTS = st.sampled_from(
    (
        b"\x00\x05",
        b"\x00\x05\x10",
        b"\x00\x00\x30",
        b"\x00" + encode_varint(1537) + b"\x40",
    )
)
# Mostly frames that take several sub-packets, where the order rules apply.
_SPLIT_FRAMES = st.binary(min_size=1, max_size=300) | st.binary(
    min_size=60, max_size=300
)


@given(
    frame=_SPLIT_FRAMES,
    version=st.integers(0, 15),
    seq=st.integers(0, 15),
    size=st.integers(5, 24) | st.integers(5, 64),  # 4 is too small from 128 bytes on
    change=st.sampled_from(_PACKET_CHANGES),
    data=st.data(),
)
def test_split_frame_with_one_change(  # noqa: PLR0917 - one argument per @given strategy
    frame: bytes, version: int, seq: int, size: int, change: str, data: st.DataObject
) -> None:
    packets = split_frame(frame, version=version, seq=seq, max_size=size)
    index = pick(data.draw, len(packets))
    match change:
        case "packet":  # number, total or version byte of one sub-packet
            head = ((0, 1), (1, 1), (2, 1)) if index == 0 else ((0, 1),)
            packets[index] = mutate(data.draw, Sample(packets[index], head))
        case "drop":
            del packets[index]
        case "repeat":
            packets.insert(index, packets[index])
        case "swap":
            other = pick(data.draw, len(packets))
            packets[index], packets[other] = packets[other], packets[index]
        case "restart":
            packets.insert(index, split_frame(b"\x01" * 40, version=3)[0])
        case "bad start":
            packets.insert(index, data.draw(_BAD_STARTS))
    reassembler = Reassembler(MAX_FRAME_V4)
    out: list[bytes] = []
    for packet in packets:
        try:
            result = reassembler.feed(packet)
        except FramingError:
            continue
        if result is not None:
            assert 1 <= len(result) <= MAX_FRAME_V4
            out.append(result)
    if change in ("none", "repeat") and version >= 2:
        # A repeated lone sub-packet 0 is a whole frame again.
        assert out
        assert all(result == frame for result in out)


# --- Inner frame -------------------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(frames(), st.binary(max_size=15))
def test_frame_agrees_with_the_device_encoder(frame: Frame, padding: bytes) -> None:
    device_side = encode_inner(frame.sn, frame.ack_sn, frame.cmd, frame.data)
    assert device_side == encode_frame(frame)
    assert decode_frame(device_side + padding) == frame


@given(frames(), st.booleans(), st.data())
def test_frame_with_one_change(
    frame: Frame, fix_crc: bool, data: st.DataObject
) -> None:
    raw = mutate(data.draw, frame_sample(frame))
    length = int.from_bytes(raw[10:12], "big") if len(raw) >= HEADER_LEN else -1
    if fix_crc and length >= 0 and HEADER_LEN + length + 2 <= len(raw):
        # Re-seal the changed header so decoding gets past the CRC.
        end = HEADER_LEN + length
        raw = raw[:end] + crc16_modbus(raw[:end]).to_bytes(2, "big") + raw[end + 2 :]
    try:
        decoded = decode_frame(raw)
    except FrameError:
        assert not fix_crc or length < 0 or HEADER_LEN + length + 2 > len(raw)
        return
    assert len(decoded.data) == length
    assert encode_frame(decoded) == raw[: HEADER_LEN + length + 2]


# --- Security envelope ---------------------------------------------------------------


# A round trip of valid values, not a parser fed arbitrary bytes: fewer examples.
@settings(max_examples=1000)
@given(modes, frames(), st.sampled_from([2, 3, 4]), st.booleans())
def test_sealed_frame_round_trip(
    mode: SecurityMode, frame: Frame, major: int, zero_padding: bool
) -> None:
    ring = full_key_ring(major)
    inner = encode_frame(frame)
    sealed = ring.seal(mode, inner, zero_padding=zero_padding)
    assert parse_envelope(sealed)[0] is mode
    opened_mode, plain = ring.open(sealed)
    assert opened_mode is mode
    assert plain == pad(inner, zero_padding=zero_padding)
    assert decode_frame(plain) == frame


# Whether the randoms a mode needs (srand, service_rand) are known, per ring.
_RINGS: dict[str, tuple[Callable[[], KeyRing], bool]] = {
    "full": (full_key_ring, True),
    "local key only": (lambda: KeyRing(local_key=LOCAL_KEY), True),
    "keys, no randoms": (
        lambda: KeyRing(local_key=LOCAL_KEY, auth_key=AUTH_KEY, uuid=DEVICE_UUID),
        False,
    ),
    "nothing": (KeyRing, True),
}


@given(
    modes,
    frames(),
    st.sampled_from(sorted(_RINGS)),
    st.sampled_from(["envelope", "inner", "random inner"]),
    st.data(),
)
def test_envelope_with_one_change(
    mode: SecurityMode, frame: Frame, ring_name: str, target: str, data: st.DataObject
) -> None:
    """Mutate the envelope, or seal a mutated/random inner frame with the right key."""
    sender = full_key_ring()
    inner = frame_sample(frame)
    if target == "inner":
        sealed = sender.seal(mode, mutate(data.draw, inner))
    elif target == "random inner":
        sealed = sender.seal(mode, data.draw(st.binary(min_size=1, max_size=64)))
    else:
        sealed = sender.seal(mode, inner.data)
        sealed = mutate(data.draw, Sample(sealed, ((0, 1),)))
    make_ring, with_randoms = _RINGS[ring_name]
    ring = make_ring()
    if with_randoms:
        ring.srand, ring.service_rand = SRAND, sender.service_rand
    try:
        opened_mode, plain = ring.open(sealed)
    except EnvelopeError, MissingKeyError:
        return
    if opened_mode is not SecurityMode.NONE:
        with pytest.raises(MissingKeyError):
            decrypt_envelope(sealed, None)
    key = None if opened_mode is SecurityMode.NONE else ring.key(opened_mode)
    assert decrypt_envelope(sealed, key) == (opened_mode, plain)
    try:
        decoded = decode_frame(plain)
    except FrameError:
        return
    assert len(decoded.data) <= len(plain) - HEADER_LEN - 2


# --- The whole receive path --------------------------------------------------------------


@given(
    st.lists(st.tuples(U16, st.binary(max_size=40)), min_size=1, max_size=3),
    st.sampled_from(["none", "packet", "ciphertext", "replay"]),
    st.data(),
)
def test_channel_receives_sealed_frames_with_one_change(
    bodies: list[tuple[int, bytes]], change: str, data: st.DataObject
) -> None:
    peer = KeyRing(local_key=LOCAL_KEY)
    peer.srand = SRAND
    ring = KeyRing(local_key=LOCAL_KEY)
    ring.srand = SRAND
    requests: list[Incoming] = []

    async def write(_packet: bytes) -> None:
        return None

    channel = FrameChannel(
        write,
        ring,
        protocol_major=4,
        scheduler=ManualScheduler(),
        on_request=requests.append,
    )
    sent = [Frame(sn, 0, cmd, body) for sn, (cmd, body) in enumerate(bodies, 1)]
    packets: list[bytes] = []
    for frame in sent:
        sealed = peer.seal(SecurityMode.SESSION, encode_frame(frame))
        if change == "ciphertext":
            sealed = mutate(data.draw, Sample(sealed))
            assume(sealed)
        packets += split_frame(sealed, version=4)
    if change == "replay":  # a frame received twice: the repeat is dropped
        packets += split_frame(
            peer.seal(SecurityMode.SESSION, encode_frame(sent[0])), version=4
        )
    if change == "packet":
        index = pick(data.draw, len(packets))
        packets[index] = mutate(data.draw, Sample(packets[index]))
    for packet in packets:
        channel.feed(packet)
    assert channel.dropped + len(requests) <= len(packets)
    if change in ("none", "replay"):
        assert [incoming.frame for incoming in requests] == sent

"""The second part's products are consistent, and their behaviours hold over the link.

Every behaviour is driven as a hub drives it: a bound unit, a paired hub, DP
writes (0x0002 on protocol 3, 0x0027 on protocol 4) and the frames that come
back (the write's status, the passive confirmation, the unit's own report).
Commands are built here from the documented layouts, not with the simulator's
helpers, so a wrong layout on either side shows.
"""

from __future__ import annotations

import re
import struct

import pytest

from simulator.behaviour import behaviour_of
from simulator.device import DeviceEmulator, ReportFormat
from simulator.device.dps import decode_value, entry_for, parse_entries
from simulator.factory import make_virtual_device
from simulator.products import LOCK, PRODUCTS, Access, DpType, DpValue, Product
from simulator.products_part1 import PART1_PRODUCTS
from simulator.products_part2 import (
    COLOUR_LIGHT_V1,
    CURTAIN,
    FINGERBOT,
    LOCK_BOOL_DP6,
    LOCK_CHECK_CODE,
    LOCK_RAW_DP6,
    PART2_PRODUCTS,
    RADIATOR_VALVE,
    WHITE_LIGHT,
)
from simulator.products_part2_locks import (
    CheckCodeLockState,
    check_code_config,
    check_code_lock,
    cloud_check_value,
    lock_state,
)

from .conftest import counting_random
from .hub import Hub, Received

type Reports = list[dict[int, DpValue]]


def paired(product: Product, index: int = 0) -> Hub:
    """Unit `index` of the product, bound, and a hub that paired with it."""
    device, _ = make_virtual_device(
        product, bound=True, seed="part2", index=index, options=counting_random()
    )
    hub = Hub(device, local_key=device.identity.local_key)
    hub.handshake()
    hub.receive()  # the time request
    assert device.paired
    return hub


def values_of(device: DeviceEmulator, frame: Received) -> dict[int, DpValue]:
    """The DP values one report frame carries."""
    wide = frame.cmd == ReportFormat.V4
    assert frame.cmd in (ReportFormat.V3, ReportFormat.V4)
    entries = parse_entries(frame.data[7:] if wide else frame.data, wide=wide)
    assert entries is not None
    values: dict[int, DpValue] = {}
    for entry in entries:
        spec = device.product.dp(entry.dp_id)
        assert spec is not None
        values[entry.dp_id] = decode_value(spec, entry)
    return values


def write_frames(
    hub: Hub, *entries: tuple[int, DpType, bytes]
) -> tuple[int, list[Received]]:
    """Write DPs in one frame; the unit's status and the report frames after it."""
    if hub.version >= 4:
        body = b"".join(
            bytes([dp_id, dp_type]) + struct.pack(">H", len(raw)) + raw
            for dp_id, dp_type, raw in entries
        )
        hub.send(0x0027, b"\x00" + struct.pack(">I", 7) + body)
    else:
        body = b"".join(
            bytes([dp_id, dp_type, len(raw)]) + raw for dp_id, dp_type, raw in entries
        )
        hub.send(0x0002, body)
    reply, *reports = hub.receive()
    assert reply.cmd == (0x0027 if hub.version >= 4 else 0x0002)
    return reply.data[-1], reports


def write(hub: Hub, *entries: tuple[int, DpType, bytes]) -> tuple[int, Reports]:
    """As `write_frames`, with each report decoded."""
    status, frames = write_frames(hub, *entries)
    return status, [values_of(hub.device, frame) for frame in frames]


def raw(dp_id: int, data: bytes) -> tuple[int, DpType, bytes]:
    return dp_id, DpType.RAW, data


def flag(dp_id: int, on: bool) -> tuple[int, DpType, bytes]:
    return dp_id, DpType.BOOL, bytes([on])


def number(dp_id: int, value: int) -> tuple[int, DpType, bytes]:
    return dp_id, DpType.VALUE, struct.pack(">i", value)


def choice(product: Product, dp_id: int, label: str) -> tuple[int, DpType, bytes]:
    spec = product.dp(dp_id)
    assert spec is not None
    return dp_id, DpType.ENUM, bytes([spec.enum_range.index(label)])


def text(dp_id: int, value: str) -> tuple[int, DpType, bytes]:
    return dp_id, DpType.STRING, value.encode()


def unlock_command(code: str, timestamp: int, *, op: int = 1, member: int = 1) -> bytes:
    """DP 71 in the command layout: ff ff, 00 01, digits, op, time, 00, member."""
    return (
        b"\xff\xff\x00\x01"
        + code.encode("ascii")
        + bytes([op])
        + struct.pack(">I", timestamp)
        + bytes([0, member])
    )


# ---- the registry ------------------------------------------------------------


@pytest.mark.parametrize("product", PART2_PRODUCTS, ids=lambda p: p.product_id)
def test_product_fields(product: Product) -> None:
    assert re.fullmatch(r"sim0[a-z0-9]{4}", product.product_id)
    assert product.protocol_version in (3, 4)
    assert product.source.startswith("https://")
    assert product.uncertain
    assert product.name.startswith("Simulated ")
    ids = [dp.dp_id for dp in product.dps]
    codes = [dp.code for dp in product.dps]
    assert len(set(ids)) == len(ids)
    assert len(set(codes)) == len(codes)
    assert all(1 <= dp_id <= 255 for dp_id in ids)


@pytest.mark.parametrize("product", PART2_PRODUCTS, ids=lambda p: p.product_id)
def test_defaults_fit_their_model(product: Product) -> None:
    for spec in product.dps:
        if spec.default is None:
            assert spec.access is not Access.RW  # commands and events only
            continue
        assert decode_value(spec, entry_for(spec, spec.default)) == spec.default
        if spec.dp_type is DpType.VALUE:
            assert spec.minimum <= int(spec.default) <= spec.maximum
            assert (int(spec.default) - spec.minimum) % spec.step == 0
        if spec.dp_type is DpType.ENUM:
            assert spec.default in spec.enum_range


def test_product_ids_unique_across_the_simulator() -> None:
    everything = {id(p): p for p in (*PRODUCTS.values(), *PART1_PRODUCTS)}
    everything |= {id(p): p for p in PART2_PRODUCTS}
    ids = [p.product_id for p in everything.values()]
    assert len(set(ids)) == len(ids)


def test_categories_and_protocols() -> None:
    assert {p.category for p in PART2_PRODUCTS} == {
        "dj",
        "jtmspro",
        "ms",
        "wkf",
        "cl",
        "sfkzq",
        "szjqr",
    }
    assert {p.protocol_version for p in PART2_PRODUCTS} == {3, 4}
    # Both colour_data encodings: v1 (14 hex digits) here, v2 (12) in LIGHT.
    colour = COLOUR_LIGHT_V1.dp(5)
    assert colour is not None
    assert len(str(colour.default)) == 14
    assert WHITE_LIGHT.dp(5) is None


@pytest.mark.parametrize("product", PART2_PRODUCTS, ids=lambda p: p.product_id)
def test_bound_unit_reports_its_defaults(product: Product) -> None:
    hub = paired(product)
    assert hub.device.dp_values == product.default_values()
    hub.send(0x0003, b"")
    reply, report = hub.receive()
    assert reply.data == b"\x00"
    assert values_of(hub.device, report) == product.default_values()
    assert hub.device.protocol_errors == []


def test_products_without_behaviour_are_unchanged() -> None:
    hub = paired(LOCK)  # any bytes on DP 6 "unlock" it, nothing reported
    assert hub.device.behaviour is None
    status, reports = write(hub, raw(6, b"\x07"))
    assert (status, reports) == (0, [])
    assert hub.device.dp_writes[-1].values == {6: b"\x07"}
    with pytest.raises(TypeError):
        lock_state(hub.device)
    with pytest.raises(TypeError):
        check_code_config(LOCK)


# ---- the check-code lock (DP 71) ---------------------------------------------

CODE = check_code_config(LOCK_CHECK_CODE).check_code
ISSUED = check_code_config(LOCK_CHECK_CODE).issued_at


def test_cloud_value_of_dp_71() -> None:
    value = cloud_check_value(LOCK_CHECK_CODE)
    assert len(value) == 19
    assert value[:4] == bytes.fromhex("0001ffff")
    assert value[4:12] == CODE.encode("ascii")
    assert CODE.isdigit()
    assert value[12] == 1
    assert struct.unpack(">I", value[13:17])[0] == ISSUED
    assert value[17:] == b"\x00\x00"
    # The unit reports the same bytes (what the cloud's copy is made from).
    assert LOCK_CHECK_CODE.default_values()[71] == value


def test_check_code_unlock_and_lock() -> None:
    hub = paired(LOCK_CHECK_CODE)
    device = hub.device
    status, frames = write_frames(
        hub, raw(71, unlock_command(CODE, ISSUED + 60, member=7))
    )
    assert status == 0
    (report,) = frames  # no echo of the command, only the unit's own report
    assert report.data[5] == 0  # active
    assert values_of(device, report) == {19: 7, 47: True}
    assert device.dp_values.get(47) is True  # true = unlocked
    assert device.dp_values[71] == cloud_check_value(LOCK_CHECK_CODE)
    status, reports = write(hub, raw(71, unlock_command(CODE, ISSUED + 61, op=0)))
    assert (status, reports) == (0, [{47: False}])
    state = lock_state(device)
    assert [(c.unlock, c.member) for c in state.commands] == [(True, 7), (False, 1)]
    assert state.refused_unlocks == []
    assert behaviour_of(device, CheckCodeLockState).last_timestamp == ISSUED + 61


def test_check_code_lock_with_manual_lock() -> None:
    hub = paired(LOCK_CHECK_CODE)
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 1)))[0] == 0
    assert hub.device.dp_values.get(47) is True
    assert write(hub, flag(46, False)) == (0, [])  # false does nothing
    assert hub.device.dp_values.get(47) is True
    assert write(hub, flag(46, True)) == (0, [{47: False}])
    assert hub.device.dp_values.get(47) is False


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(unlock_command("00000000", ISSUED + 5), id="wrong-digits"),
        pytest.param(cloud_check_value(LOCK_CHECK_CODE), id="cloud-layout"),
        pytest.param(
            cloud_check_value(LOCK_CHECK_CODE)[:13]
            + struct.pack(">I", ISSUED + 5)
            + b"\x00\x01",
            id="cloud-layout-fresh-time",
        ),
        pytest.param(unlock_command(CODE, ISSUED), id="time-of-the-cloud-value"),
        pytest.param(unlock_command(CODE, ISSUED - 1), id="older-time"),
        pytest.param(unlock_command(CODE, ISSUED + 5)[:-1], id="18-bytes"),
        pytest.param(unlock_command(CODE, ISSUED + 5) + b"\x01", id="20-bytes"),
        pytest.param(unlock_command(CODE, ISSUED + 5, member=0), id="member-0"),
        pytest.param(unlock_command(CODE, ISSUED + 5, member=101), id="member-101"),
        pytest.param(unlock_command(CODE, ISSUED + 5, op=2), id="op-2"),
    ],
)
def test_check_code_lock_refuses(payload: bytes) -> None:
    hub = paired(LOCK_CHECK_CODE)
    device = hub.device
    before = dict(device.dp_values)
    assert write(hub, raw(71, payload)) == (1, [])
    assert device.dp_values == before
    assert device.dp_writes == []
    (refused,) = lock_state(device).refused_unlocks
    assert refused.payload == payload


def test_check_code_lock_refuses_a_replay_and_an_older_time() -> None:
    hub = paired(LOCK_CHECK_CODE)
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 100)))[0] == 0
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 100))) == (1, [])
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 50))) == (1, [])
    assert [r.reason for r in lock_state(hub.device).refused_unlocks] == [
        "stale timestamp",
        "stale timestamp",
    ]
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 101)))[0] == 0


def test_refused_command_applies_nothing_of_its_write() -> None:
    hub = paired(LOCK_CHECK_CODE)
    bad = raw(71, unlock_command("99999999", ISSUED + 5))
    assert write(hub, flag(33, False), bad) == (1, [])
    assert hub.device.dp_values.get(33) is True
    good = raw(71, unlock_command(CODE, ISSUED + 5, member=3))
    status, frames = write_frames(hub, flag(33, False), good)
    assert status == 0
    confirmation, own = frames
    assert (confirmation.data[5], own.data[5]) == (1, 0)  # passive, then active
    assert values_of(hub.device, confirmation) == {33: False}
    assert values_of(hub.device, own) == {19: 3, 47: True}


def test_two_units_keep_their_own_anti_replay_time() -> None:
    first, second = paired(LOCK_CHECK_CODE, 0), paired(LOCK_CHECK_CODE, 1)
    assert first.device.uuid != second.device.uuid
    assert lock_state(first.device) is not lock_state(second.device)
    command = unlock_command(CODE, ISSUED + 30)
    assert write(first, raw(71, command))[0] == 0
    assert write(second, raw(71, command))[0] == 0  # the first's time is not its own
    assert write(first, raw(71, command))[0] == 1
    assert len(lock_state(first.device).refused_unlocks) == 1
    assert lock_state(second.device).refused_unlocks == []


def test_check_code_variant() -> None:
    product = check_code_lock(check_code="12345678", issued_at=ISSUED + 1000)
    assert product.product_id == LOCK_CHECK_CODE.product_id
    assert cloud_check_value(product)[4:12] == b"12345678"
    assert product.default_values()[71] == cloud_check_value(product)
    assert cloud_check_value(LOCK_CHECK_CODE)[4:12] == CODE.encode()  # untouched
    hub = paired(product)
    assert write(hub, raw(71, unlock_command(CODE, ISSUED + 2000)))[0] == 1
    assert write(hub, raw(71, unlock_command("12345678", ISSUED + 999)))[0] == 1
    status, reports = write(hub, raw(71, unlock_command("12345678", ISSUED + 2000)))
    assert (status, reports) == (0, [{19: 1, 47: True}])


def test_variant_accepting_old_times() -> None:
    product = check_code_lock(monotonic=False)
    hub = paired(product)
    command = unlock_command(CODE, ISSUED)  # the cloud value's own time, again
    assert write(hub, raw(71, command))[0] == 0
    assert write(hub, raw(71, command))[0] == 0


@pytest.mark.parametrize(
    "code", ["1234567", "123456789", "1234567a", "１２３４５６７８"]
)
def test_check_code_must_be_eight_ascii_digits(code: str) -> None:
    with pytest.raises(ValueError, match="8 ASCII digits"):
        check_code_lock(check_code=code)


# ---- the DP 6 locks -----------------------------------------------------------


def test_raw_dp6_lock() -> None:
    hub = paired(LOCK_RAW_DP6)
    device = hub.device
    assert write(hub, raw(6, b"\x01\x05")) == (0, [{19: 5, 47: True}])
    assert device.dp_values.get(47) is True
    assert write(hub, raw(6, b"\x00\x05")) == (0, [{47: False}])
    assert device.dp_values.get(47) is False
    assert lock_state(device).refused_unlocks == []


@pytest.mark.parametrize(
    "payload", [b"", b"\x01", b"\x01\x05\x00", b"\x02\x05", b"\x01\x00", b"\x01\x65"]
)
def test_raw_dp6_lock_refuses_other_shapes(payload: bytes) -> None:
    hub = paired(LOCK_RAW_DP6)
    assert write(hub, raw(6, payload)) == (1, [])
    assert hub.device.dp_values.get(47) is False
    assert [r.payload for r in lock_state(hub.device).refused_unlocks] == [payload]


def test_raw_dp6_lock_refuses_a_bool() -> None:
    hub = paired(LOCK_RAW_DP6)
    assert write(hub, flag(6, True)) == (1, [])  # the DP model's type check
    assert hub.device.dp_values.get(47) is False
    assert hub.device.dp_writes == []


def test_bool_dp6_lock_with_its_own_polarity() -> None:
    hub = paired(LOCK_BOOL_DP6)
    device = hub.device
    assert device.dp_values.get(47) is True  # locked: true = locked on this variant
    assert write(hub, flag(6, True)) == (0, [{47: False}])
    assert device.dp_values.get(47) is False
    assert write(hub, flag(6, False)) == (0, [])
    assert write(hub, flag(46, True)) == (0, [{47: True}])
    assert [c.unlock for c in lock_state(device).commands] == [True, False]


def test_bool_dp6_lock_refuses_raw() -> None:
    hub = paired(LOCK_BOOL_DP6)
    assert write(hub, raw(6, b"\x01\x01")) == (1, [])
    assert hub.device.dp_values.get(47) is True


# ---- curtain, Fingerbot, radiator valve, v1 colour light ----------------------


def test_curtain_follows_percent_and_control() -> None:
    hub = paired(CURTAIN)
    device = hub.device
    assert write(hub, number(2, 40)) == (0, [{2: 40}, {3: 40}])
    assert write(hub, choice(CURTAIN, 1, "stop")) == (0, [{1: "stop"}])
    assert device.dp_values[3] == 40
    assert write(hub, choice(CURTAIN, 1, "open")) == (0, [{1: "open"}, {3: 100}])
    assert write(hub, choice(CURTAIN, 1, "close")) == (0, [{1: "close"}, {3: 0}])
    assert device.dp_values[3] == 0
    assert write(hub, number(2, 101)) == (1, [])  # outside the model
    assert write(hub, number(3, 50)) == (1, [])  # percent_state is read-only


def test_fingerbot_click_is_a_press() -> None:
    hub = paired(FINGERBOT)
    device = hub.device
    assert device.dp_values[8] == "click"
    assert write(hub, flag(2, True)) == (0, [{2: True}, {2: False}])
    assert device.dp_values.get(2) is False
    assert write(hub, choice(FINGERBOT, 8, "switch")) == (0, [{8: "switch"}])
    assert write(hub, flag(2, True)) == (0, [{2: True}])
    assert device.dp_values.get(2) is True
    assert write(hub, flag(2, False)) == (0, [{2: False}])
    # Mode and press in one write: the written mode counts.
    both = (choice(FINGERBOT, 8, "click"), flag(2, True))
    assert write(hub, *both) == (0, [{8: "click", 2: True}, {2: False}])


def test_radiator_valve_mode_off_reports_the_switch() -> None:
    hub = paired(RADIATOR_VALVE)
    off = choice(RADIATOR_VALVE, 2, "off")
    assert write(hub, off) == (0, [{2: "off"}, {101: False}])
    eco = choice(RADIATOR_VALVE, 2, "eco")
    assert write(hub, eco) == (0, [{2: "eco"}, {101: True}])
    assert write(hub, choice(RADIATOR_VALVE, 2, "manual")) == (0, [{2: "manual"}])
    assert write(hub, number(103, 225)) == (0, [{103: 225}])
    assert write(hub, number(103, 301)) == (1, [])


def test_v1_colour_light_takes_only_the_v1_encoding() -> None:
    hub = paired(COLOUR_LIGHT_V1)
    green = "00ff000078ffff"  # rrggbb 00ff00, hue 0x078 = 120, s ff, v ff
    assert write(hub, text(5, green)) == (0, [{5: green}])
    for wrong in ("007803e803e8", "00ff000190ffff", "zzff000078ffff"):
        assert write(hub, text(5, wrong)) == (1, [])  # v2 form, hue 400, not hex
    assert hub.device.dp_values[5] == green


def test_white_light_brightness_range() -> None:
    hub = paired(WHITE_LIGHT)
    assert write(hub, number(3, 24)) == (1, [])
    assert write(hub, number(3, 25)) == (0, [{3: 25}])
    assert write(hub, choice(WHITE_LIGHT, 2, "scene")) == (0, [{2: "scene"}])

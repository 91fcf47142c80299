"""The first part's products are consistent and the emulator accepts them.

Also the "report on its own" paths a catalog test needs: a door contact that
opens and a scene switch whose button is pressed, seen as the report frames
that leave the emulator.
"""

from __future__ import annotations

import re
import struct

import pytest

from simulator.device import DeviceEmulator, ReportFormat
from simulator.device.dps import decode_value, entry_for, parse_entries
from simulator.factory import make_virtual_device
from simulator.products import PRODUCTS, SENSOR, SWITCH, Access, DpType, Product
from simulator.products_part1 import (
    DOOR_SENSOR,
    GADGET,
    PART1_BY_CATEGORY,
    PART1_PRODUCTS,
    PRESENCE_SENSOR,
    SCENE_SWITCH,
)

from .conftest import counting_random
from .hub import Hub, Received

CATEGORIES = {
    "kg",
    "cz",
    "pc",
    "tdq",
    "wsdcg",
    "ldcg",
    "co2bj",
    "cobj",
    "mcs",
    "pir",
    "hps",
    "sj",
    "ywbj",
    "rqbj",
    "sos",
    "zd",
    "wxkg",
    "zwjcy",
    "xyzzy",
}


def paired(product: Product) -> Hub:
    """A bound unit from the factory and a hub that paired with it."""
    device, ble_device = make_virtual_device(
        product, bound=True, seed="part1", options=counting_random()
    )
    assert ble_device.details["virtual_peripheral"] is device
    hub = Hub(device, local_key=device.identity.local_key)
    hub.handshake()
    hub.receive()  # the time request
    assert device.paired
    return hub


def reported(device: DeviceEmulator, frame: Received) -> dict[int, object]:
    """The DP values one report frame (0x8001 or 0x8006) carries."""
    if frame.cmd == ReportFormat.V3:
        entries = parse_entries(frame.data, wide=False)
    else:
        assert frame.cmd == ReportFormat.V4
        entries = parse_entries(frame.data[7:], wide=True)
    assert entries is not None
    values: dict[int, object] = {}
    for entry in entries:
        spec = device.product.dp(entry.dp_id)
        assert spec is not None
        values[entry.dp_id] = decode_value(spec, entry)
    return values


def write(hub: Hub, dp_id: int, dp_type: int, raw: bytes) -> int:
    """Write one DP as a hub does; the device's status byte (its report dropped)."""
    if hub.version >= 4:
        entry = bytes([dp_id, dp_type]) + struct.pack(">H", len(raw)) + raw
        hub.send(0x0027, b"\x00" + struct.pack(">I", 9) + entry)
    else:
        hub.send(0x0002, bytes([dp_id, dp_type, len(raw)]) + raw)
    return hub.receive()[0].data[-1]


# ---- the registry ------------------------------------------------------------


@pytest.mark.parametrize("product", PART1_PRODUCTS, ids=lambda p: p.category)
def test_product_fields(product: Product) -> None:
    assert re.fullmatch(r"sim0[a-z0-9]{4}", product.product_id)
    assert product.protocol_version in (3, 4)
    assert product.source.startswith("https://")
    assert product.name.startswith("Simulated ")
    ids = [dp.dp_id for dp in product.dps]
    codes = [dp.code for dp in product.dps]
    assert len(set(ids)) == len(ids)
    assert len(set(codes)) == len(codes)
    assert all(1 <= dp_id <= 255 for dp_id in ids)
    assert product.known_category is (product is not GADGET)


@pytest.mark.parametrize("product", PART1_PRODUCTS, ids=lambda p: p.category)
def test_defaults_fit_their_model(product: Product) -> None:
    for spec in product.dps:
        if spec.default is None:
            # Commands (write-only) and events (a button not pressed yet).
            assert spec.access is not Access.RW
            continue
        assert decode_value(spec, entry_for(spec, spec.default)) == spec.default
        if spec.dp_type is DpType.VALUE:
            assert spec.minimum <= int(spec.default) <= spec.maximum
        if spec.dp_type is DpType.ENUM:
            assert spec.default in spec.enum_range


def test_one_product_per_category() -> None:
    categories = [p.category for p in PART1_PRODUCTS]
    assert len(set(categories)) == len(categories)
    assert set(categories) == CATEGORIES
    assert set(PART1_BY_CATEGORY) == CATEGORIES
    assert SWITCH in PART1_PRODUCTS
    assert SENSOR in PART1_PRODUCTS
    assert {p.protocol_version for p in PART1_PRODUCTS} == {3, 4}
    assert {dp.dp_type for p in PART1_PRODUCTS for dp in p.dps} == set(DpType)


def test_product_ids_unique_with_the_registry() -> None:
    ids = [p.product_id for p in PART1_PRODUCTS]
    assert len(set(ids)) == len(ids)
    for product in PART1_PRODUCTS:
        known = PRODUCTS.get(product.product_id)
        assert known is None or known is product


# ---- the emulator accepts every product -------------------------------------


@pytest.mark.parametrize("product", PART1_PRODUCTS, ids=lambda p: p.category)
def test_bound_unit_reports_its_defaults(product: Product) -> None:
    hub = paired(product)
    device = hub.device
    assert device.bound
    assert device.dp_values == product.default_values()
    hub.send(0x0003, b"")
    reply, report = hub.receive()
    assert reply.data == b"\x00"
    assert reported(device, report) == product.default_values()
    assert device.protocol_errors == []


@pytest.mark.parametrize("product", PART1_PRODUCTS, ids=lambda p: p.category)
def test_writable_dps_accept_their_defaults(product: Product) -> None:
    hub = paired(product)
    for spec in product.dps:
        if not spec.writable:
            continue
        if spec.default is not None:
            value = spec.default
        else:  # a write-only trigger: its first option, or true
            value = spec.enum_range[0] if spec.dp_type is DpType.ENUM else True
        raw = entry_for(spec, value).raw
        assert write(hub, spec.dp_id, int(spec.dp_type), raw) == 0, spec.code
    assert hub.device.dp_values == product.default_values()


def test_read_only_dps_refuse_writes() -> None:
    hub = paired(DOOR_SENSOR)
    assert write(hub, 1, int(DpType.BOOL), b"\x01") == 1
    assert hub.device.dp_values[1] is False


def test_two_byte_bitmap_of_the_unknown_gadget() -> None:
    hub = paired(GADGET)
    hub.device.set_dp(101, 0b10_0000_0001)  # overheat + clock_lost
    (report,) = hub.receive()
    assert report.data[7:] == bytes([101, 5, 0, 2, 0x02, 0x01])


# ---- reports a unit sends on its own ----------------------------------------


def test_door_opens() -> None:
    hub = paired(DOOR_SENSOR)  # protocol 3
    device = hub.device
    sn = device.set_dp(1, True)  # doorcontact_state: open
    (report,) = hub.receive()
    assert (report.cmd, report.sn, report.ack_sn) == (0x8001, sn, 0)
    assert report.data == bytes([1, int(DpType.BOOL), 1, 1])
    assert device.dp_values[1] is True
    hub.send(0x8001, b"\x00", ack_sn=report.sn)
    assert device.report_replies[-1].ack_sn == report.sn
    assert device.protocol_errors == []
    device.set_dp(1, False)  # and closes again
    (closed,) = hub.receive()
    assert reported(device, closed) == {1: False}


def test_door_opened_while_no_hub_was_paired() -> None:
    device, _ = make_virtual_device(DOOR_SENSOR, bound=True, seed="part1")
    assert device.set_dp(1, True) is None  # stored, nothing sent
    assert device.sent == []
    hub = Hub(device, local_key=device.identity.local_key)
    hub.handshake()
    hub.receive()
    hub.send(0x0003, bytes([1]))
    _, report = hub.receive()
    assert reported(device, report) == {1: True}


def test_button_pressed() -> None:
    hub = paired(SCENE_SWITCH)  # protocol 3
    device = hub.device
    assert 1 not in device.dp_values  # an event: no state before a press
    device.set_dp(1, "click")  # switch_mode1: button 1, single click
    (press,) = hub.receive()
    assert press.cmd == 0x8001
    assert press.data == bytes([1, int(DpType.ENUM), 1, 0])
    device.set_dp(1, "click")  # the same press again is a new report
    (again,) = hub.receive()
    assert again.sn > press.sn
    assert again.data == press.data
    device.set_dp(2, "double_click")
    (other,) = hub.receive()
    assert reported(device, other) == {2: "double_click"}
    with pytest.raises(ValueError, match="does not fit"):
        device.set_dp(1, "single_click")


def test_presence_reported_actively_on_protocol_4() -> None:
    hub = paired(PRESENCE_SENSOR)
    hub.device.set_dp(1, "presence")
    (report,) = hub.receive()
    assert report.cmd == 0x8006
    assert report.data[5] == 0x00  # active, a response wanted
    assert report.data[7:] == bytes([1, int(DpType.ENUM), 0, 1, 1])

"""The product registry is consistent and its device instances are well-formed."""

from __future__ import annotations

import re

import pytest

from simulator.device.dps import decode_value, entry_for
from simulator.products import (
    PRODUCTS,
    Access,
    DpType,
    Product,
    make_devices,
    parse_version,
    product_by_id,
)

ALL = list(PRODUCTS.values())


@pytest.mark.parametrize("product", ALL, ids=lambda p: p.category)
def test_product_fields(product: Product) -> None:
    assert len(product.product_id) == 8
    assert product.product_id.isascii()
    assert product.protocol_version in (3, 4)
    assert parse_version(product.firmware_update) > parse_version(
        product.firmware_version
    )
    assert product.source.startswith("https://")
    assert product_by_id(product.product_id) is product
    ids = [dp.dp_id for dp in product.dps]
    codes = [dp.code for dp in product.dps]
    assert len(set(ids)) == len(ids)
    assert len(set(codes)) == len(codes)
    assert all(1 <= dp_id <= 255 for dp_id in ids)


@pytest.mark.parametrize("product", ALL, ids=lambda p: p.category)
def test_defaults_fit_their_model(product: Product) -> None:
    for spec in product.dps:
        if spec.default is None:
            # Only commands (write-only) and events (e.g. alarm_lock) lack a state.
            assert spec.access is not Access.RW
            continue
        assert decode_value(spec, entry_for(spec, spec.default)) == spec.default
        if spec.dp_type is DpType.VALUE:
            assert spec.minimum <= int(spec.default) <= spec.maximum
        if spec.dp_type is DpType.ENUM:
            assert spec.default in spec.enum_range


def test_registry_covers_what_tests_need() -> None:
    categories = {p.category for p in ALL}
    assert {"dj", "kg", "wsdcg", "ms"} <= categories
    assert [p.known_category for p in ALL].count(False) == 1
    assert {p.protocol_version for p in ALL} == {3, 4}
    assert {dp.dp_type for p in ALL for dp in p.dps} == set(DpType)
    assert len({p.product_id for p in ALL}) == len(ALL)
    assert sum(1 for p in ALL if p.combo == "tuyaopen") >= 1
    switch = next(p for p in ALL if p.category == "kg")
    assert [dp.code for dp in switch.dps if dp.dp_type is DpType.BOOL] == [
        "switch_1",
        "switch_2",
    ]


@pytest.mark.parametrize("product", ALL, ids=lambda p: p.category)
def test_make_devices_deterministic_and_distinct(product: Product) -> None:
    devices = make_devices(product, 20, seed=7)
    assert devices == make_devices(product, 20, seed=7)
    assert devices[:3] == make_devices(product, 3, seed=7)
    assert devices != make_devices(product, 20, seed=8)
    for field in ("uuid", "mac", "auth_key", "local_key", "device_id"):
        assert len({getattr(d, field) for d in devices}) == 20
    for device in devices:
        assert re.fullmatch(r"[a-z0-9]{16}", device.uuid)
        assert len(device.auth_key) == 32
        assert device.auth_key.isascii()
        assert re.fullmatch(r"([0-9A-F]{2}:){5}[0-9A-F]{2}", device.mac)
        assert device.mac_bytes[0] & 0x03 == 0x02  # locally administered, unicast
        assert len(device.device_id) == 22
        assert device.login_key == device.local_key[:6].encode()
        assert device.product is product


def test_instances_of_different_products_differ() -> None:
    uuids = {d.uuid for p in ALL for d in make_devices(p, 5)}
    assert len(uuids) == 5 * len(ALL)

"""Tuya advertisements start discovery through Home Assistant's real bluetooth path."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_BLUETOOTH, ConfigFlowResult
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.tuya_bluetooth.const import DOMAIN
from simulator.advertising import (
    AdvertisedIdentity,
    build_advertising,
    decode_ad_structures,
)
from simulator.scanner import VirtualRemoteScanner

V3_DEVICE = AdvertisedIdentity(
    uuid="tuya0123456789ab", product_id="abcd1234", protocol_version=3
)
V4_DEVICE = AdvertisedIdentity(
    uuid="tuyafedcba987654", product_id="wxyz5678", protocol_version=4
)


def _v3_entry(hass: HomeAssistant, address: str) -> MockConfigEntry:
    """A configured entry for V3_DEVICE, last seen at `address`."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=V3_DEVICE.uuid,
        data={
            "address": address,
            "uuid": V3_DEVICE.uuid,
            "product_id": V3_DEVICE.product_id,
            "protocol_version": 3,
        },
    )
    entry.add_to_hass(hass)
    return entry


def _flows(hass: HomeAssistant) -> list[dict[str, object]]:
    return [
        dict(flow)
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    ]


@pytest.mark.parametrize(
    "identity", [V3_DEVICE, V4_DEVICE], ids=["protocol3", "protocol4"]
)
async def test_tuya_advertisement_starts_one_bluetooth_flow(
    hass: HomeAssistant,
    virtual_scanner: VirtualRemoteScanner,
    identity: AdvertisedIdentity,
) -> None:
    """Advertisement and scan response arrive separately; one flow results."""
    payload = build_advertising(identity)
    virtual_scanner.inject_packet("D8:00:00:00:00:01", payload.advertisement)
    await hass.async_block_till_done(wait_background_tasks=True)
    virtual_scanner.inject_packet("D8:00:00:00:00:01", payload.scan_response)
    await hass.async_block_till_done(wait_background_tasks=True)
    # Repeats of both packets must not start more flows.
    virtual_scanner.inject_advertising("D8:00:00:00:00:01", payload, rssi=-55)
    await hass.async_block_till_done(wait_background_tasks=True)

    flows = _flows(hass)
    assert len(flows) == 1
    flow = flows[0]
    assert flow["context"]["source"] == SOURCE_BLUETOOTH  # type: ignore[index]
    assert flow["context"]["unique_id"] == identity.uuid  # type: ignore[index]
    assert flow["step_id"] == "bluetooth_confirm"

    # Confirming leads to the keys, which are tried on the device before any
    # entry exists (tests/integration/test_device_setup.py).
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})  # type: ignore[arg-type]
    assert result["type"] == "form"
    assert result["step_id"] == "keys"
    assert result["description_placeholders"]["protocol_version"] == str(
        identity.protocol_version
    )


async def test_non_tuya_advertisement_starts_no_flow(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> None:
    """Foreign devices, including other vendors' data under 0xFD50, are ignored."""
    # Another company's manufacturer data.
    other = decode_ad_structures(
        bytes.fromhex("020106") + bytes.fromhex("07ff34120102030405")
    )
    # Another vendor's service data under 0xFD50 (version nibble 1), even with a
    # Tuya company id in its scan response.
    foreign_fd50 = decode_ad_structures(
        bytes.fromhex("020106")
        + bytes.fromhex("071650fd10000102")
        + bytes.fromhex("05ffd0070001")
    )
    for index, packet in enumerate((other, foreign_fd50)):
        virtual_scanner.inject_packet(f"C0:00:00:00:00:0{index}", packet)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _flows(hass) == []


async def test_advertisement_without_scan_response_waits(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> None:
    """A passive sighting has no uuid yet: no flow until the scan response arrives."""
    payload = build_advertising(V4_DEVICE)
    virtual_scanner.inject_packet("D8:00:00:00:00:02", payload.advertisement)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _flows(hass) == []
    virtual_scanner.inject_packet("D8:00:00:00:00:02", payload.scan_response)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(_flows(hass)) == 1


async def test_configured_device_is_not_rediscovered(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> None:
    """Once a uuid has an entry, its advertisements start no new flow."""
    entry = _v3_entry(hass, "D8:00:00:00:00:09")
    virtual_scanner.inject_advertising(
        "D8:00:00:00:00:03", build_advertising(V3_DEVICE)
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _flows(hass) == []
    # The new address is remembered for the configured device.
    assert entry.data["address"] == "D8:00:00:00:00:03"


async def _pick_device(hass: HomeAssistant) -> ConfigFlowResult:
    """Open the user menu and choose "Add a device seen nearby"."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": "user"}
    )
    assert result["type"] == "menu"
    assert result["menu_options"] == ["qr_login", "project", "pick_device"]
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "pick_device"}
    )


async def test_user_step_lists_discovered_devices(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> None:
    """The pick_device step offers unconfigured Tuya devices seen nearby."""
    virtual_scanner.inject_advertising(
        "D8:00:00:00:00:04", build_advertising(V4_DEVICE)
    )
    # Not offered: a configured Tuya device and a device of another maker.
    _v3_entry(hass, "D8:00:00:00:00:05")
    virtual_scanner.inject_advertising(
        "D8:00:00:00:00:05", build_advertising(V3_DEVICE)
    )
    virtual_scanner.inject_packet(
        "D8:00:00:00:00:06", decode_ad_structures(bytes.fromhex("05ff3412abcd"))
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await _pick_device(hass)
    assert result["type"] == "form"
    assert result["step_id"] == "pick_device"
    schema = result["data_schema"]
    assert schema is not None
    offered = schema.schema["uuid"].container
    assert list(offered) == [V4_DEVICE.uuid]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"uuid": V4_DEVICE.uuid}
    )
    assert result["type"] == "form"
    assert result["step_id"] == "keys"


async def test_user_step_without_devices_aborts(
    hass: HomeAssistant, virtual_scanner: VirtualRemoteScanner
) -> None:
    """Nothing nearby: a clear abort, not an empty form."""
    result = await _pick_device(hass)
    assert result["type"] == "abort"
    assert result["reason"] == "no_devices_found"

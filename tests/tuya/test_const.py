"""Constants: GATT UUIDs per generation, command codes, security modes."""

from __future__ import annotations

from custom_components.tuya_bluetooth.tuya.const import (
    GATT_V3,
    GATT_V4,
    Command,
    SecurityMode,
    gatt_profile,
    max_frame_size,
)


def test_gatt_per_generation() -> None:
    for major in (1, 2, 3):
        assert gatt_profile(major) is GATT_V3
    assert gatt_profile(4) is GATT_V4
    assert GATT_V3.service.startswith("00001910")
    assert GATT_V3.write.startswith("00002b11")
    assert GATT_V3.notify.startswith("00002b10")
    assert GATT_V4.service.startswith("0000fd50")
    assert GATT_V4.write == "00000001-0000-1001-8001-00805f9b07d0"
    assert GATT_V4.notify == "00000002-0000-1001-8001-00805f9b07d0"


def test_sizes() -> None:
    assert max_frame_size(3) == 1024
    assert max_frame_size(4) == 1536


def test_codes() -> None:
    assert [int(m) for m in SecurityMode] == [0, 1, 2, 3, 4, 5, 7, 11, 12, 14, 15, 16]
    assert Command.DP_WRITE_V4 == 0x0027
    assert Command.DP_SEND_TIME_V4 == 0x8007
    assert Command.TIME_DST == 0x8014
    assert Command.TRANSPARENT_DOWN == 0x801B
    assert Command.NETWORK_STATUS == 0x001E
    assert [Command.OTA_START, Command.OTA_END] == [0x000C, 0x0010]

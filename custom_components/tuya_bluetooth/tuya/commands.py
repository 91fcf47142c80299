"""Payload codecs for the hub's requests and their answers (docs/protocol.md §6).

Device info lives in `device_info`, reports in `reports`, time replies in
`timesync` and the OTA messages in `ota_messages`; this module holds pairing, DP
writes and queries, bind management and Wi-Fi combo provisioning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
import json

from .datapoints import DataPoint, encode_dps_v3, encode_dps_v4
from .errors import InvalidArgumentError, PayloadError

UUID_LEN = 16
LOGIN_KEY_LEN = 6
VIRTUAL_ID_LEN = 22
BEACON_KEY_LEN = 16
PAIR_LEN = UUID_LEN + LOGIN_KEY_LEN + VIRTUAL_ID_LEN
PAIR_LEN_WITH_BEACON = PAIR_LEN + 1 + BEACON_KEY_LEN
DP_WRITE_V4_VERSION = 0


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def _single_byte(data: bytes, what: str) -> int:
    if len(data) < 1:
        raise PayloadError(f"empty {what} answer")
    return data[0]


# --- 0x0001 pair ------------------------------------------------------------------


class PairResult(IntEnum):
    """The device's answer to a pair request."""

    PAIRED = 0
    UUID_MISMATCH = 1
    ALREADY_BOUND = 2

    @property
    def paired(self) -> bool:
        """Results 0 and 2 both leave the session paired."""
        return self is not PairResult.UUID_MISMATCH


def build_pair_request(
    uuid: str | bytes,
    login_key: str | bytes,
    virtual_id: str | bytes,
    beacon_key: bytes | None = None,
) -> bytes:
    """uuid(16) ‖ login_key(6) ‖ virtual id(22) [‖ 16 ‖ beacon key(16)].

    The device does not check the length (a short request stores garbage as the
    virtual id), so the size is enforced here: exactly 44 or 61 bytes.
    """
    uuid_b, login_b, vid_b = (
        _as_bytes(uuid),
        _as_bytes(login_key),
        _as_bytes(virtual_id),
    )
    if len(uuid_b) != UUID_LEN:
        raise InvalidArgumentError(f"uuid must be {UUID_LEN} bytes, got {len(uuid_b)}")
    if len(login_b) != LOGIN_KEY_LEN:
        raise InvalidArgumentError(f"login key must be {LOGIN_KEY_LEN} bytes")
    if len(vid_b) > VIRTUAL_ID_LEN:
        raise InvalidArgumentError(f"virtual id longer than {VIRTUAL_ID_LEN} bytes")
    payload = uuid_b + login_b + vid_b.ljust(VIRTUAL_ID_LEN, b"\x00")
    if beacon_key is None:
        return payload
    if len(beacon_key) != BEACON_KEY_LEN:
        raise InvalidArgumentError(f"beacon key must be {BEACON_KEY_LEN} bytes")
    return payload + bytes([BEACON_KEY_LEN]) + beacon_key


def parse_pair_result(data: bytes) -> PairResult:
    """Parse the 1-byte pair result."""
    value = _single_byte(data, "pair")
    try:
        return PairResult(value)
    except ValueError:
        raise PayloadError(f"unknown pair result {value}") from None


# --- DP write and query ------------------------------------------------------------


def build_dp_write_v3(dps: Iterable[DataPoint]) -> bytes:
    """0x0002 payload: the DP list with 1-byte lengths."""
    payload = encode_dps_v3(dps)
    if not payload:
        raise InvalidArgumentError("a DP write needs at least one DP")
    return payload


def parse_dp_write_v3_response(data: bytes) -> int:
    """0x0002 answer: status byte, 0 ok, 1 error."""
    return _single_byte(data, "DP write")


def build_dp_write_v4(dps: Iterable[DataPoint], dp_sn: int) -> bytes:
    """0x0027 payload: version 0 ‖ sn(4) ‖ DP list with 2-byte lengths."""
    if not 0 <= dp_sn <= 0xFFFFFFFF:
        raise InvalidArgumentError("DP write sn must fit in 32 bits")
    payload = encode_dps_v4(dps)
    if not payload:
        raise InvalidArgumentError("a DP write needs at least one DP")
    return bytes([DP_WRITE_V4_VERSION]) + dp_sn.to_bytes(4, "big") + payload


@dataclass(frozen=True, slots=True)
class DPWriteV4Response:
    """0x0027 answer: the request's 5-byte header and a status."""

    version: int
    dp_sn: int
    status: int


def parse_dp_write_v4_response(data: bytes) -> DPWriteV4Response:
    """Parse the 6-byte 0x0027 answer."""
    if len(data) < 6:
        raise PayloadError(f"DP write answer of {len(data)} bytes, expected 6")
    return DPWriteV4Response(data[0], int.from_bytes(data[1:5], "big"), data[5])


def build_dp_query(dp_ids: Iterable[int] = ()) -> bytes:
    """0x0003 payload: the DP ids wanted, or empty for all."""
    ids = list(dp_ids)
    if any(not 0 <= dp_id <= 0xFF for dp_id in ids):
        raise InvalidArgumentError("dp ids must fit in one byte")
    return bytes(ids)


def parse_dp_query_response(data: bytes) -> int:
    """0x0003 answer: status byte (0); the values follow as reports."""
    return _single_byte(data, "DP query")


# --- Bind management ----------------------------------------------------------------


def build_unbind_request() -> bytes:
    """0x0005 (unbind), 0x0006 (factory reset) and 0x0014 carry no payload."""
    return b""


def parse_status_response(data: bytes) -> int:
    """The 1-byte status answer of unbind, factory reset and anomaly unbind."""
    return _single_byte(data, "status")


# --- Wi-Fi combo provisioning -------------------------------------------------------


def parse_network_status(data: bytes) -> int:
    """0x001E (device to hub): one status byte (value meanings uncertain)."""
    return _single_byte(data, "network status")


TRANSPARENT_FLAG_RESPONSE = 0x01
TRANSPARENT_FLAG_SUBPACKAGE = 0x02
SUBCMD_WIFI_CONFIG = 0x0001


def build_wifi_config(
    ssid: str,
    password: str,
    token: str,
    *,
    want_response: bool = True,
) -> bytes:
    """0x801B downlink transparent data carrying the Wi-Fi credentials (TuyaOpen)."""
    flags = TRANSPARENT_FLAG_RESPONSE if want_response else 0
    body = json.dumps(
        {"ssid": ssid, "pwd": password, "token": token}, separators=(",", ":")
    ).encode()
    return bytes([0, flags]) + SUBCMD_WIFI_CONFIG.to_bytes(2, "big") + body


@dataclass(frozen=True, slots=True)
class TransparentResponse:
    """0x801C uplink answer: sub-command and result (0 ok)."""

    subcommand: int
    result: int


def parse_transparent_response(data: bytes) -> TransparentResponse:
    """Parse 0x801C: [1] 0, [2-3] sub-command, [4] result."""
    if len(data) < 5:
        raise PayloadError(f"transparent answer of {len(data)} bytes, expected 5")
    return TransparentResponse(int.from_bytes(data[2:4], "big"), data[4])


def build_net_config(payload: bytes | str) -> bytes:
    """0x0021 (BLE SDK path): an opaque provisioning payload, usually JSON."""
    raw = _as_bytes(payload)
    if not raw:
        raise InvalidArgumentError("network configuration payload is empty")
    return raw


def parse_net_config_response(data: bytes) -> int:
    """0x0021 answer: one status byte."""
    return _single_byte(data, "network configuration")


def parse_net_config_result(data: bytes) -> int:
    """0x0022 (device to hub): signed 16-bit provisioning result."""
    if len(data) < 2:
        raise PayloadError(f"network result of {len(data)} bytes, expected 2")
    return int.from_bytes(data[:2], "big", signed=True)

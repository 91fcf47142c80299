"""Advertisement parsing cost: first sight (MD5 + AES) and repeated (cache hit)."""

from __future__ import annotations

import time

from custom_components.tuya_bluetooth.tuya import advertisement
from simulator.advertising import AdvertisedIdentity, build_advertising

DEVICES = 500


def _payloads() -> list[tuple[str, dict[str, bytes], dict[int, bytes]]]:
    result = []
    for index in range(DEVICES):
        identity = AdvertisedIdentity(
            uuid=f"tuyabench{index:07d}",
            product_id="abcd1234",
            protocol_version=3 if index % 2 else 4,
        )
        payload = build_advertising(identity)
        service_data = payload.advertisement.service_data
        result.append(
            (
                f"DC:23:4D:00:{index >> 8:02X}:{index & 0xFF:02X}",
                service_data,
                payload.scan_response.manufacturer_data,
            )
        )
    return result


def run() -> list[tuple[str, float, str]]:
    """Return (measurement, value, unit) rows."""
    payloads = _payloads()
    rounds = 20
    first = 0.0
    for _ in range(rounds):
        advertisement.clear_cache()
        start = time.perf_counter()
        for address, sd, md in payloads:
            advertisement.parse_advertisement(address, sd, md)
        first += time.perf_counter() - start
    repeated_rounds = 200
    start = time.perf_counter()
    for _ in range(repeated_rounds):
        for address, sd, md in payloads:
            advertisement.parse_advertisement(address, sd, md)
    repeated = time.perf_counter() - start
    return [
        ("advertisement parse, first sight", first / (rounds * DEVICES) * 1e6, "µs"),
        (
            "advertisement parse, repeated (cache hit)",
            repeated / (repeated_rounds * DEVICES) * 1e6,
            "µs",
        ),
    ]

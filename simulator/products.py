"""Product registry: the simulated Tuya products and device instances.

Shared by the device emulator, every later test and the fake Tuya cloud, so the
hub, the cloud and the device all agree on one DP model per product.

A *product* is what Tuya's cloud calls a product (product id, category, DP model,
firmware); a *device instance* (`DeviceIdentity`) is one physical unit with its
factory secrets (uuid, auth_key) and the values the cloud hands out at
activation (local_key, device id). `make_devices` derives any number of distinct
instances deterministically from a seed.

DP codes and value encodings come from Tuya's published standard instruction and
status sets; the URL next to each product names the source. DP ids are not part
of the standard instruction sets: they come from Tuya's published function
definitions where one exists, else from public dumps of real products, and are
marked uncertain in `Product.uncertain`.

Public API:
    DpType, Access, DpSpec, Product, DeviceIdentity
    PRODUCTS: dict[str, Product]          keyed by product id
    LIGHT, SWITCH, SENSOR, LOCK, FEEDER   the products
    product_by_id(product_id) -> Product
    make_devices(product, count, seed=0) -> list[DeviceIdentity]
    parse_version(text) -> tuple[int, int, int]
"""

from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
import random
import string
from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import Access, DpSpec, DpType, DpValue, Product, parse_version

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "FEEDER",
    "LIGHT",
    "LOCK",
    "PRODUCTS",
    "SENSOR",
    "SWITCH",
    "Access",
    "DeviceIdentity",
    "DpSpec",
    "DpType",
    "DpValue",
    "Product",
    "make_devices",
    "parse_version",
    "product_by_id",
]


# Colour light, category dj, protocol 4.
# Codes/encodings: https://developer.tuya.com/en/docs/iot/dj?id=K9i5ql3v98hn3
# (standard instruction set, *_v2 codes); DP ids 20-26:
# https://developer.tuya.com/en/docs/iot/product-function-definition?id=K9s9rhj576ypf
# colour_data_v2 is 12 hex chars HHHHSSSSVVVV (h 0-360, s/v 0-1000):
# https://developer.tuya.com/en/docs/iot/lampProtocol?id=Kaljp68841zwl
LIGHT = Product(
    product_id="sim0dj01",
    category="dj",
    name="Simulated colour light",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.0.0",
    firmware_update="1.1.0",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/dj?id=K9i5ql3v98hn3",
    dps=(
        DpSpec(20, "switch_led", DpType.BOOL, default=False),
        DpSpec(
            21,
            "work_mode",
            DpType.ENUM,
            enum_range=("white", "colour", "scene", "music"),
            default="white",
        ),
        DpSpec(
            22, "bright_value_v2", DpType.VALUE, minimum=10, maximum=1000, default=1000
        ),
        DpSpec(23, "temp_value_v2", DpType.VALUE, minimum=0, maximum=1000, default=500),
        DpSpec(24, "colour_data_v2", DpType.STRING, maxlen=12, default="000003e803e8"),
        DpSpec(25, "scene_data_v2", DpType.STRING, default=""),
        DpSpec(
            26,
            "countdown_1",
            DpType.VALUE,
            minimum=0,
            maximum=86400,
            unit="s",
            default=0,
        ),
    ),
    uncertain=(
        "scene_data_v2 content format is not modelled (opaque string)",
        "work_mode range trimmed to the four modes of the function definition",
    ),
)

# 2-gang switch, category kg, protocol 3.
# Codes: https://developer.tuya.com/cn/docs/iot/switch-socket-and-power-strip?id=K9gf7o3qbbklt
# DP ids 1/2 (switches), 7/8 (countdowns), 14 (relay_status): the usual layout of
# Tuya's public switch firmware.
SWITCH = Product(
    product_id="sim0kg02",
    category="kg",
    name="Simulated 2-gang switch",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.2.3",
    firmware_update="1.3.0",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/cn/docs/iot/switch-socket-and-power-strip?id=K9gf7o3qbbklt",
    dps=(
        DpSpec(1, "switch_1", DpType.BOOL, default=False),
        DpSpec(2, "switch_2", DpType.BOOL, default=False),
        DpSpec(7, "countdown_1", DpType.VALUE, maximum=86400, unit="s", default=0),
        DpSpec(8, "countdown_2", DpType.VALUE, maximum=86400, unit="s", default=0),
        DpSpec(
            14,
            "relay_status",
            DpType.ENUM,
            enum_range=("power_off", "power_on", "last"),
            default="power_off",
        ),
    ),
    uncertain=(
        "DP ids 7, 8 and 14 follow common Tuya switch firmware, not a published table",
        "relay_status enum values vary between products",
    ),
)

# Temperature and humidity sensor with battery, category wsdcg, protocol 3.
# Codes: https://developer.tuya.com/en/docs/iot/s?id=K9gf48k1c0sgo (status set);
# DP ids and ranges as a public dump of a real unit shows them:
# https://github.com/make-all/tuya-local/issues/4404
SENSOR = Product(
    product_id="sim0ws03",
    category="wsdcg",
    name="Simulated temperature and humidity sensor",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.0.2",
    firmware_update="1.0.3",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf48k1c0sgo",
    dps=(
        DpSpec(
            1,
            "va_temperature",
            DpType.VALUE,
            Access.RO,
            minimum=-200,
            maximum=600,
            scale=1,
            unit="℃",
            default=215,
        ),
        DpSpec(
            2, "va_humidity", DpType.VALUE, Access.RO, maximum=100, unit="%", default=45
        ),
        DpSpec(
            3,
            "battery_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("low", "middle", "high"),
            default="high",
        ),
        DpSpec(
            4,
            "battery_percentage",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=90,
        ),
        DpSpec(9, "temp_unit_convert", DpType.ENUM, enum_range=("c", "f"), default="c"),
    ),
    uncertain=(
        "DP 3 battery_state id taken from a Wi-Fi unit's dump",
        "va_temperature range differs between units (-200..600 here)",
    ),
)

# BLE lock, category ms, protocol 4.
# Codes: https://developer.tuya.com/en/docs/iot/s?id=Kb0o2xhlkxbet (lock status set);
# DP ids from public dumps of BLE locks:
# https://github.com/make-all/tuya-local/issues/973 (category ms: 6, 8, 13) and
# https://github.com/home-assistant-libs/tuya-device-handlers/issues/304 (21, 33, 47).
LOCK = Product(
    product_id="sim0ms04",
    category="ms",
    name="Simulated Bluetooth lock",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="2.0.0",
    firmware_update="2.0.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=Kb0o2xhlkxbet",
    dps=(
        DpSpec(6, "bluetooth_unlock", DpType.RAW, Access.WR, maxlen=128),
        DpSpec(
            8,
            "residual_electricity",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=80,
        ),
        DpSpec(
            12, "unlock_fingerprint", DpType.VALUE, Access.RO, maximum=999, default=0
        ),
        DpSpec(13, "unlock_password", DpType.VALUE, Access.RO, maximum=999, default=0),
        DpSpec(
            21,
            "alarm_lock",
            DpType.ENUM,
            Access.RO,
            enum_range=(
                "wrong_finger",
                "wrong_password",
                "wrong_card",
                "wrong_face",
                "tongue_bad",
                "too_hot",
                "unclosed_time",
                "tongue_not_out",
                "pry",
                "key_in",
                "low_battery",
                "power_off",
                "shock",
                "defense",
            ),
        ),
        DpSpec(33, "automatic_lock", DpType.BOOL, default=True),
        DpSpec(47, "lock_motor_state", DpType.BOOL, Access.RO, default=False),
    ),
    uncertain=(
        "bluetooth_unlock payload layout (raw) is not modelled: any bytes unlock",
        "DP ids vary between lock products; these are the most common in dumps",
    ),
)

# Pet feeder, category cwwsq: a category the integration does not know. A
# Wi-Fi + BLE combo provisioned the TuyaOpen way (0x801B/0x801C).
# Codes, types and DP ids: Tuya's function definition for pet feeders,
# https://developer.tuya.com/cn/docs/iot/pet-feeder-product-function-definition?id=K9tlinn9lgmrq
FEEDER = Product(
    product_id="sim0cw05",
    category="cwwsq",
    name="Simulated pet feeder",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="1.0.0",
    firmware_update="1.0.1",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/cn/docs/iot/pet-feeder-product-function-definition?id=K9tlinn9lgmrq",
    communication_ability=0x0005,  # register from BLE + Wi-Fi 2.4 GHz
    combo="tuyaopen",
    known_category=False,
    dps=(
        DpSpec(1, "meal_plan", DpType.RAW, default=b""),
        DpSpec(2, "quick_feed", DpType.BOOL, default=False),
        DpSpec(3, "manual_feed", DpType.VALUE, minimum=1, maximum=12, default=1),
        DpSpec(
            4,
            "feed_state",
            DpType.ENUM,
            Access.RO,
            enum_range=("standby", "feeding", "done"),
            default="standby",
        ),
        DpSpec(
            11,
            "battery_percentage",
            DpType.VALUE,
            Access.RO,
            maximum=100,
            unit="%",
            default=100,
        ),
        # "fault" DPs travel as bitmaps; labels from the function definition.
        DpSpec(
            14, "fault", DpType.BITMAP, Access.RO, labels=("e1", "e2", "e3"), default=0
        ),
        DpSpec(15, "feed_report", DpType.VALUE, Access.RO, maximum=12, default=0),
    ),
    uncertain=(
        "meal_plan raw layout is not modelled",
        "that the feeder uses TuyaOpen-style provisioning is a choice for the simulator",
    ),
)

PRODUCTS: Mapping[str, Product] = MappingProxyType(
    {p.product_id: p for p in (LIGHT, SWITCH, SENSOR, LOCK, FEEDER)}
)


def product_by_id(product_id: str) -> Product:
    """Return the registered product with this id (KeyError if unknown)."""
    return PRODUCTS[product_id]


_UUID_ALPHABET = string.ascii_lowercase + string.digits
_KEY_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """One simulated unit: factory secrets plus what the cloud assigns at activation.

    `local_key` and `device_id` are what the (fake) cloud hands out when the unit
    is bound to an account; a unit created unbound does not know them yet.
    """

    product: Product
    uuid: str  # 16 lowercase alphanumerics
    auth_key: str  # 32 ASCII characters, factory provisioned
    mac: str  # "AA:BB:CC:DD:EE:FF"
    local_key: str  # 16 ASCII characters; login key = first 6
    device_id: str  # 22 characters: the cloud device id ("virtual id")
    name: str = field(default="")

    @property
    def login_key(self) -> bytes:
        """The 6-byte login key from local_key (docs/protocol.md §4.3, mode 4)."""
        return self.local_key[:6].encode("ascii")

    @property
    def mac_bytes(self) -> bytes:
        """The MAC as 6 bytes, most significant first."""
        return bytes.fromhex(self.mac.replace(":", ""))


def _rng_for(seed: int | str, product: Product, index: int) -> random.Random:
    # Hash the inputs so neighbouring seeds/indices give unrelated identities.
    digest = hashlib.sha256(f"{seed}|{product.product_id}|{index}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311 - test data


def make_devices(
    product: Product, count: int, seed: int | str = 0
) -> list[DeviceIdentity]:
    """Make `count` distinct units of `product`, the same ones for the same seed."""
    devices: list[DeviceIdentity] = []
    seen: set[str] = set()
    index = 0
    while len(devices) < count:
        rng = _rng_for(seed, product, index)
        index += 1
        uuid = "".join(rng.choices(_UUID_ALPHABET, k=16))
        # Locally administered unicast MAC: no clash with real vendors.
        mac_bytes = bytes([(rng.randrange(256) & 0xFC) | 0x02]) + rng.randbytes(5)
        mac = ":".join(f"{b:02X}" for b in mac_bytes)
        if uuid in seen or mac in seen:
            continue
        seen.update((uuid, mac))
        devices.append(
            DeviceIdentity(
                product=product,
                uuid=uuid,
                auth_key="".join(rng.choices(_KEY_ALPHABET, k=32)),
                mac=mac,
                local_key="".join(rng.choices(_KEY_ALPHABET, k=16)),
                device_id="bf" + "".join(rng.choices(_UUID_ALPHABET, k=20)),
                name=f"{product.name} {len(devices) + 1}",
            )
        )
    return devices

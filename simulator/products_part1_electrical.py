"""Simulated mains products of the entity catalog's first part: cz, pc, tdq.

Part of `simulator.products_part1` (which lists them in `PART1_PRODUCTS`); the
2-gang switch (kg) lives in `simulator.products`. DP codes and value specs come
from Tuya's published standard instruction/status sets and function
definitions (URL next to each product); where Tuya publishes no DP id, the id is
a plausible layout and `Product.uncertain` says so.
"""

from __future__ import annotations

from .model import Access, DpSpec, DpType, Product

__all__ = ["POWER_STRIP", "SOCKET", "SWITCH_MODULE"]

# Metering socket, category cz, protocol 3.
# Codes, specs and DP ids 1, 17-20 and 38: Tuya's typical function definition of
# a smart metering socket,
# https://developer.tuya.com/en/docs/iot/product-standard-function-introduction?id=K9tp15ceh63gr
# (add_ele 0-50000 kWh scale 3; cur_current 0-30000 mA; cur_power 0-80000 W
# scale 1; cur_voltage 0-5000 V scale 1; relay_status off/on/memory).
# Category codes (child_lock among them): the kg/cz/pc status set,
# https://developer.tuya.com/en/docs/iot/s?id=K9gf7o5prgf7s
SOCKET = Product(
    product_id="sim0cz06",
    category="cz",
    name="Simulated metering socket",
    protocol_version=3,
    protocol_minor=3,
    firmware_version="1.1.0",
    firmware_update="1.1.2",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/product-standard-function-introduction?id=K9tp15ceh63gr",
    dps=(
        DpSpec(1, "switch_1", DpType.BOOL, default=False),
        DpSpec(
            17,
            "add_ele",
            DpType.VALUE,
            maximum=50000,
            scale=3,
            step=100,
            unit="kWh",
            default=0,
        ),
        DpSpec(
            18,
            "cur_current",
            DpType.VALUE,
            Access.RO,
            maximum=30000,
            unit="mA",
            default=0,
        ),
        DpSpec(
            19,
            "cur_power",
            DpType.VALUE,
            Access.RO,
            maximum=80000,
            scale=1,
            unit="W",
            default=0,
        ),
        DpSpec(
            20,
            "cur_voltage",
            DpType.VALUE,
            Access.RO,
            maximum=5000,
            scale=1,
            unit="V",
            default=2304,
        ),
        DpSpec(
            38,
            "relay_status",
            DpType.ENUM,
            enum_range=("off", "on", "memory"),
            default="memory",
        ),
        DpSpec(41, "child_lock", DpType.BOOL, default=False),
    ),
    uncertain=(
        "child_lock DP 41 is a guess from newer plug firmware; Tuya's older metering"
        " socket definition puts cycle_time at 41 (this product has no timers)",
        "add_ele is send-and-report in Tuya's definition (a hub may reset it)",
        "relay_status range off/on/memory as the metering definition gives it;"
        " other sockets use power_off/power_on/last",
    ),
)

# Power strip with three outlets and a USB port, category pc, protocol 4.
# Codes: the kg/cz/pc status set, https://developer.tuya.com/en/docs/iot/s?id=K9gf7o5prgf7s
# DP ids 1-3 (outlets) follow Tuya's switch layout (DP 1-6 switches); USB on DP 7
# as in public dumps of strips with a USB port.
POWER_STRIP = Product(
    product_id="sim0pc07",
    category="pc",
    name="Simulated power strip",
    protocol_version=4,
    protocol_minor=2,
    firmware_version="2.1.0",
    firmware_update="2.2.0",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/s?id=K9gf7o5prgf7s",
    dps=(
        DpSpec(1, "switch_1", DpType.BOOL, default=True),
        DpSpec(2, "switch_2", DpType.BOOL, default=False),
        DpSpec(3, "switch_3", DpType.BOOL, default=False),
        DpSpec(7, "switch_usb1", DpType.BOOL, default=True),
    ),
    uncertain=(
        "switch_usb1 DP 7 is taken from Wi-Fi strip dumps, not a published table",
    ),
)

# On/off controller (switch module), category tdq, protocol 3.
# DP ids 1 (switch), 7 (countdown) and 14 (power-on state): Tuya's smart switch
# module guide, https://developer.tuya.com/en/docs/iot/production-development?id=Kbev9zps57vim
# relay_status and light_mode ranges as Tuya's standard-instruction API example
# returns them: https://developer.tuya.com/cn/docs/cloud/1f6455960d?id=Kb230v0hf70ay
SWITCH_MODULE = Product(
    product_id="sim0tq08",
    category="tdq",
    name="Simulated switch module",
    protocol_version=3,
    protocol_minor=2,
    firmware_version="1.0.4",
    firmware_update="1.0.5",
    hardware_version="1.0.0",
    source="https://developer.tuya.com/en/docs/iot/production-development?id=Kbev9zps57vim",
    dps=(
        DpSpec(1, "switch_1", DpType.BOOL, default=False),
        DpSpec(7, "countdown_1", DpType.VALUE, maximum=86400, unit="s", default=0),
        DpSpec(
            14,
            "relay_status",
            DpType.ENUM,
            enum_range=("power_off", "power_on", "last"),
            default="last",
        ),
        DpSpec(
            15,
            "light_mode",
            DpType.ENUM,
            enum_range=("relay", "pos", "none"),
            default="relay",
        ),
    ),
    uncertain=(
        "light_mode DP 15 is a plausible id; Tuya's module guide gives none",
        "the module guide names relay_status values off/on/memory, the API"
        " example power_off/power_on/last (used here)",
    ),
)

"""One simulated product per Tuya category of the entity catalog's first part.

`PART1_PRODUCTS` lists them all: the 2-gang switch (kg) and the temperature and
humidity sensor (wsdcg) of `simulator.products`, the mains products of
`simulator.products_part1_electrical` (cz, pc, tdq), the sensors of
`simulator.products_part1_sensors` (ldcg, mcs, pir, hps, zd, wxkg, zwjcy), the
detectors of `simulator.products_part1_alarms` (co2bj, cobj, sj, ywbj, rqbj,
sos) and `GADGET`, a product of a category no catalog knows.

Each product is used like those of `simulator.products`::

    device, ble_device = make_virtual_device(DOOR_SENSOR, bound=True)

A sensor's own reports (the door opens, a button is pressed) come from the
emulator: ``device.set_dp(dp_id, value)`` validates the value against the DP
model, stores it and, while a hub is connected and paired, sends it at once as
an active report (0x8001 on protocol 3, 0x8006 on protocol 4; `fmt=` picks
another). ``device.report({dp_id: value, ...})`` sends several in one frame.
While no hub is paired the value is only stored (``set_dp`` returns None) and a
later query (0x0003) reports it.

    device.set_dp(1, True)        # DOOR_SENSOR: doorcontact_state, door opens
    device.set_dp(1, "click")     # SCENE_SWITCH: switch_mode1, button 1 pressed

Public API:
    PART1_PRODUCTS: tuple[Product, ...]
    PART1_BY_CATEGORY: Mapping[str, Product]
    SOCKET, POWER_STRIP, SWITCH_MODULE, LIGHT_SENSOR, CO2_DETECTOR, CO_DETECTOR,
    DOOR_SENSOR, MOTION_SENSOR, PRESENCE_SENSOR, WATER_SENSOR, SMOKE_ALARM,
    GAS_ALARM, SOS_BUTTON, VIBRATION_SENSOR, SCENE_SWITCH, SOIL_SENSOR, GADGET,
    and SWITCH, SENSOR re-exported from `simulator.products`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import Access, DpSpec, DpType, Product
from .products import SENSOR, SWITCH
from .products_part1_alarms import (
    CO2_DETECTOR,
    CO_DETECTOR,
    GAS_ALARM,
    SMOKE_ALARM,
    SOS_BUTTON,
    WATER_SENSOR,
)
from .products_part1_electrical import POWER_STRIP, SOCKET, SWITCH_MODULE
from .products_part1_sensors import (
    DOOR_SENSOR,
    LIGHT_SENSOR,
    MOTION_SENSOR,
    PRESENCE_SENSOR,
    SCENE_SWITCH,
    SOIL_SENSOR,
    VIBRATION_SENSOR,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "CO2_DETECTOR",
    "CO_DETECTOR",
    "DOOR_SENSOR",
    "GADGET",
    "GAS_ALARM",
    "LIGHT_SENSOR",
    "MOTION_SENSOR",
    "PART1_BY_CATEGORY",
    "PART1_PRODUCTS",
    "POWER_STRIP",
    "PRESENCE_SENSOR",
    "SCENE_SWITCH",
    "SENSOR",
    "SMOKE_ALARM",
    "SOCKET",
    "SOIL_SENSOR",
    "SOS_BUTTON",
    "SWITCH",
    "SWITCH_MODULE",
    "VIBRATION_SENSOR",
    "WATER_SENSOR",
]

# A made-up product of a category nobody maps ("xyzzy"), with the DP shapes a
# generic fallback must survive: a 10-label fault bitmap (2 bytes on the wire),
# a string, a raw blob, a signed value with scale and step, a write-only enum
# command and a large counter on a high DP id. Type semantics as Tuya describes
# them: https://developer.tuya.com/en/docs/iot/datatypedescription?id=K9i5ql2jo7j1k
# (The emulator has no check of its own on a spec with minimum > maximum: such a
# DP would refuse every value, its default included, so none is modelled.)
GADGET = Product(
    product_id="sim0xy22",
    category="xyzzy",
    name="Simulated gadget",
    protocol_version=4,
    protocol_minor=4,
    firmware_version="0.9.1",
    firmware_update="0.9.2",
    hardware_version="2.0.0",
    source="https://developer.tuya.com/en/docs/iot/datatypedescription?id=K9i5ql2jo7j1k",
    known_category=False,
    dps=(
        DpSpec(1, "switch", DpType.BOOL, default=False),
        DpSpec(
            101,
            "fault",
            DpType.BITMAP,
            Access.RO,
            labels=(
                "overheat",
                "motor_stall",
                "low_voltage",
                "sensor_lost",
                "lid_open",
                "filter_due",
                "water_low",
                "fan_error",
                "eeprom_error",
                "clock_lost",
            ),
            default=0,
        ),
        DpSpec(102, "display_text", DpType.STRING, maxlen=32, default="hello"),
        DpSpec(
            103, "calibration_blob", DpType.RAW, maxlen=16, default=b"\x00\x10\x20\x30"
        ),
        DpSpec(
            104,
            "offset",
            DpType.VALUE,
            minimum=-50,
            maximum=50,
            scale=1,
            step=5,
            unit="℃",
            default=-15,
        ),
        DpSpec(
            105,
            "action",
            DpType.ENUM,
            Access.WR,
            enum_range=("identify", "beep", "reset_counter"),
        ),
        # A write-only trigger: nothing to report, only to press.
        DpSpec(106, "find_me", DpType.BOOL, Access.WR),
        DpSpec(
            150,
            "uptime",
            DpType.VALUE,
            Access.RO,
            maximum=2_147_483_647,
            unit="s",
            default=0,
        ),
    ),
    uncertain=("an invented product: every code, id and range is made up",),
)

PART1_PRODUCTS: tuple[Product, ...] = (
    SWITCH,
    SOCKET,
    POWER_STRIP,
    SWITCH_MODULE,
    SENSOR,
    LIGHT_SENSOR,
    CO2_DETECTOR,
    CO_DETECTOR,
    DOOR_SENSOR,
    MOTION_SENSOR,
    PRESENCE_SENSOR,
    WATER_SENSOR,
    SMOKE_ALARM,
    GAS_ALARM,
    SOS_BUTTON,
    VIBRATION_SENSOR,
    SCENE_SWITCH,
    SOIL_SENSOR,
    GADGET,
)

PART1_BY_CATEGORY: Mapping[str, Product] = MappingProxyType(
    {p.category: p for p in PART1_PRODUCTS}
)

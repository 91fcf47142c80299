"""The README's demo keys are the simulated devices' own (script/develop)."""

from __future__ import annotations

from pathlib import Path
import re

from custom_components.tuya_bluetooth import const
from simulator import demo_integration
from simulator.demo_integration import DEMO_PRODUCTS
from simulator.products import make_devices

README = Path(__file__).parent.parent / "README.md"
ROW = re.compile(
    r"^\| (Simulated [^|]+?) \| (\w+) \| Tuya device (\w{4}) \| `(\w+)` \| `(\w+)` \|$",
    re.M,
)


def test_readme_lists_the_keys_of_every_bound_demo_device() -> None:
    listed = {
        name: (suffix, device_id, key)
        for name, _c, suffix, device_id, key in ROW.findall(
            README.read_text(encoding="utf-8")
        )
    }
    expected = {}
    for product, bound in DEMO_PRODUCTS:
        if bound:
            identity = make_devices(product, 1, "demo")[0]
            # Discovery names a bound device by the end of its address.
            suffix = identity.mac.replace(":", "")[-4:]
            expected[product.name] = (suffix, identity.device_id, identity.local_key)
    assert listed == expected


def test_demo_points_the_integration_at_the_fake_cloud() -> None:
    """The demo sets the variables the integration reads (names kept in step)."""
    assert demo_integration.CLOUD_SHARING_URL_VARIABLE == const.ENV_SHARING_URL
    assert demo_integration.CLOUD_OPENAPI_URL_VARIABLE == const.ENV_OPENAPI_URL

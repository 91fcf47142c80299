"""The manifest, hacs.json, translations and brand images pass hassfest/HACS rules."""

from __future__ import annotations

import json
from pathlib import Path
import struct
from typing import Any

import homeassistant
import pytest

from tests.validators import (
    REQUIRED_MANIFEST_KEYS,
    missing_translations,
    translation_keys_used,
    validate_hacs,
    validate_manifest,
)

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "tuya_bluetooth"
HA_ROOT = Path(homeassistant.__file__).parent


def _load(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def ha_pins() -> set[str]:
    """Every package Home Assistant pins: core constraints and the bluetooth stack."""
    pins = set()
    lines = (HA_ROOT / "package_constraints.txt").read_text().splitlines()
    for manifest in ("bluetooth", "usb"):
        lines += _load(HA_ROOT / "components" / manifest / "manifest.json")[
            "requirements"
        ]
    for line in lines:
        if "==" in line and not line.startswith("#"):
            pins.add(line.split("==")[0].strip().lower().replace("_", "-"))
    return pins


def test_manifest_is_valid(ha_pins: set[str]) -> None:
    """The real manifest has no problems."""
    assert (
        validate_manifest(
            _load(INTEGRATION / "manifest.json"), INTEGRATION.name, ha_pins
        )
        == []
    )


@pytest.mark.parametrize("key", REQUIRED_MANIFEST_KEYS)
def test_manifest_without_a_required_key_fails(key: str, ha_pins: set[str]) -> None:
    """Removing any required key is reported."""
    manifest = _load(INTEGRATION / "manifest.json")
    del manifest[key]
    assert f"missing key {key!r}" in validate_manifest(
        manifest, INTEGRATION.name, ha_pins
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m.update(domain="tuya_ble"), "domain must equal the folder name"),
        (lambda m: m.update(iot_class="local"), "invalid iot_class"),
        (
            lambda m: m.update(requirements=["bleak-retry-connector==4.0.0"]),
            "requirement bleak-retry-connector is already pinned by Home Assistant",
        ),
        (
            lambda m: m.update(documentation="https://www.home-assistant.io/x"),
            "documentation must be an https URL outside home-assistant.io",
        ),
        (
            lambda m: m.update(dependencies=[]),
            "bluetooth matchers need the bluetooth_adapters dependency",
        ),
        (
            lambda m: m["bluetooth"].append({"service_uuid": "A201"}),
            "service_uuid must be a lowercase 128-bit uuid",
        ),
        (lambda m: m.update(zzz=1), "unknown key 'zzz'"),
    ],
)
def test_manifest_rule_violations_are_caught(
    change: Any, problem: str, ha_pins: set[str]
) -> None:
    """Each rule catches the mistake it is for."""
    manifest = _load(INTEGRATION / "manifest.json")
    change(manifest)
    assert problem in validate_manifest(manifest, INTEGRATION.name, ha_pins)


def test_manifest_key_order_is_enforced(ha_pins: set[str]) -> None:
    """hassfest wants domain, name, then alphabetical order."""
    manifest = _load(INTEGRATION / "manifest.json")
    reordered = {
        "name": manifest["name"],
        **{k: v for k, v in manifest.items() if k != "name"},
    }
    assert any(
        "order" in p for p in validate_manifest(reordered, INTEGRATION.name, ha_pins)
    )


def test_manifest_matches_tuya_advertisements() -> None:
    """The matchers cover protocols 2, 3 and 4, and only connectable sightings."""
    matchers = _load(INTEGRATION / "manifest.json")["bluetooth"]
    assert {
        m.get("service_data_uuid", m.get("service_uuid"))[4:8] for m in matchers
    } == {"a201", "fd50"}
    assert {m["manufacturer_id"] for m in matchers} == {0x07D0, 0x0259}
    assert all(m["connectable"] is True for m in matchers)


def test_hacs_json_is_valid() -> None:
    """hacs.json only uses keys HACS accepts and names the minimum HA version."""
    hacs = _load(ROOT / "hacs.json")
    assert validate_hacs(hacs) == []
    assert hacs["homeassistant"] == "2026.10.0"
    assert validate_hacs({**hacs, "domains": ["x"]}) == ["unknown key 'domains'"]
    assert validate_hacs({"render_readme": True}) == ["name is required"]


def test_translations_in_sync() -> None:
    """translations/en.json is strings.json (custom integrations ship it as is)."""
    assert _load(INTEGRATION / "translations" / "en.json") == _load(
        INTEGRATION / "strings.json"
    )


def test_every_translation_key_used_in_code_exists() -> None:
    """Abort reasons, steps, errors and exception keys used in code have text."""
    strings = _load(INTEGRATION / "strings.json")
    used: set[str] = set()
    for module in INTEGRATION.rglob("*.py"):
        used |= translation_keys_used(module.read_text(encoding="utf-8"))
    assert "step.bluetooth_confirm" in used  # the scan does find keys
    assert missing_translations(strings, used) == set()


def test_translation_scan_catches_a_missing_key() -> None:
    """A key used in code but absent from strings.json is reported."""
    source = (
        'raise HomeAssistantError(translation_domain="d", translation_key="gone")\n'
    )
    source += 'self.async_abort(reason="nope")\nerrors["base"] = "bad"\n'
    source += 'self.async_show_form(step_id="lost")\n'
    source += 'self.async_show_form(step_id="init")\n'
    used = translation_keys_used(source)
    strings = {"config": {"abort": {}}, "options": {"step": {"init": {"title": "t"}}}}
    assert missing_translations(strings, used) == {
        "exceptions.gone.message",
        "config.abort.nope",
        "config.error.bad",
        "step.lost",
    }


@pytest.mark.parametrize("name", ["icon.png", "logo.png", "icon@2x.png", "logo@2x.png"])
def test_brand_images(name: str) -> None:
    """Brand images are PNGs; icons are square (256 px, 512 px for @2x)."""
    data = (INTEGRATION / "brand" / name).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    expected = 512 if "@2x" in name else 256
    assert height == expected
    if name.startswith("icon"):
        assert width == height

"""Offline stand-ins for hassfest's and the HACS validator's checks.

Neither validator can run here (no network), so the rules they apply to a custom
integration are written down as functions that return a list of problems.
Tests run them on the real files and on broken copies, so each rule is shown to
catch what it is meant to catch.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
import re
from typing import Any

from awesomeversion import AwesomeVersion

REQUIRED_MANIFEST_KEYS = (
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "dependencies",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "requirements",
    "version",
)
KNOWN_MANIFEST_KEYS = {
    *REQUIRED_MANIFEST_KEYS,
    "after_dependencies",
    "bluetooth",
    "dhcp",
    "homekit",
    "import_executor",
    "loggers",
    "mqtt",
    "quality_scale",
    "single_config_entry",
    "ssdp",
    "usb",
    "zeroconf",
}
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
INTEGRATION_TYPES = {
    "device",
    "entity",
    "hardware",
    "helper",
    "hub",
    "service",
    "system",
}
BLUETOOTH_MATCHER_KEYS = {
    "connectable",
    "local_name",
    "manufacturer_data_start",
    "manufacturer_id",
    "service_data_uuid",
    "service_uuid",
}
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "persistent_directory",
    "render_readme",
}
_UUID128 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def validate_manifest(
    manifest: Mapping[str, Any], folder_name: str, ha_pins: set[str]
) -> list[str]:
    """Return what hassfest would reject in a custom integration's manifest."""
    problems = [
        f"missing key {key!r}" for key in REQUIRED_MANIFEST_KEYS if key not in manifest
    ]
    problems += [
        f"unknown key {key!r}" for key in manifest if key not in KNOWN_MANIFEST_KEYS
    ]
    keys = list(manifest)
    if keys[:2] != ["domain", "name"] or keys[2:] != sorted(keys[2:]):
        problems.append(
            "keys must be domain, name, then the rest in alphabetical order"
        )
    if manifest.get("domain") != folder_name:
        problems.append("domain must equal the folder name")
    if manifest.get("iot_class") not in IOT_CLASSES:
        problems.append("invalid iot_class")
    if manifest.get("integration_type") not in INTEGRATION_TYPES:
        problems.append("invalid integration_type")
    if not AwesomeVersion(str(manifest.get("version"))).valid:
        problems.append("version is not a valid version")
    for key in ("documentation", "issue_tracker"):
        url = str(manifest.get(key, ""))
        if not url.startswith("https://") or "home-assistant.io" in url:
            problems.append(f"{key} must be an https URL outside home-assistant.io")
    codeowners = manifest.get("codeowners", [])
    if not isinstance(codeowners, list) or not all(
        str(o).startswith("@") for o in codeowners
    ):
        problems.append("codeowners must be a list of @handles")
    for matcher in manifest.get("bluetooth", []):
        problems += _bluetooth_matcher_problems(matcher)
    for requirement in manifest.get("requirements", []):
        name = (
            re.split(r"[=<>!~\[ ]", requirement, maxsplit=1)[0]
            .lower()
            .replace("_", "-")
        )
        if name in ha_pins:
            problems.append(f"requirement {name} is already pinned by Home Assistant")
    if manifest.get("bluetooth") and "bluetooth_adapters" not in manifest.get(
        "dependencies", []
    ):
        problems.append("bluetooth matchers need the bluetooth_adapters dependency")
    return problems


def _bluetooth_matcher_problems(matcher: Mapping[str, Any]) -> list[str]:
    problems = [
        f"unknown bluetooth matcher key {key!r}"
        for key in matcher
        if key not in BLUETOOTH_MATCHER_KEYS
    ]
    if not set(matcher) - {"connectable"}:
        problems.append("a bluetooth matcher must match on something")
    problems.extend(
        f"{key} must be a lowercase 128-bit uuid"
        for key in ("service_uuid", "service_data_uuid")
        if key in matcher and not _UUID128.match(str(matcher[key]))
    )
    if (
        "manufacturer_id" in matcher
        and not 0 <= int(matcher["manufacturer_id"]) <= 0xFFFF
    ):
        problems.append("manufacturer_id out of range")
    if "connectable" in matcher and not isinstance(matcher["connectable"], bool):
        problems.append("connectable must be a boolean")
    return problems


def validate_hacs(hacs: Mapping[str, Any]) -> list[str]:
    """Return what the HACS validator would reject in hacs.json."""
    problems = [f"unknown key {key!r}" for key in hacs if key not in HACS_KEYS]
    if not hacs.get("name"):
        problems.append("name is required")
    if "homeassistant" in hacs and not AwesomeVersion(str(hacs["homeassistant"])).valid:
        problems.append("homeassistant must be a version")
    return problems


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Yield every dotted key path of a translation tree."""
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, f"{path}.")
        else:
            yield path


def translation_keys_used(source: str) -> set[str]:
    """Translation paths a module's code refers to, found through its syntax tree."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            for keyword in node.keywords:
                value = keyword.value
                if not isinstance(value, ast.Constant) or not isinstance(
                    value.value, str
                ):
                    continue
                if keyword.arg == "translation_key" and func.endswith(
                    ("Error", "NotReady", "Failed")
                ):
                    used.add(f"exceptions.{value.value}.message")
                elif keyword.arg == "reason" and func == "async_abort":
                    used.add(f"config.abort.{value.value}")
                elif keyword.arg == "step_id":
                    # A config flow's or an options flow's step.
                    used.add(f"step.{value.value}")
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and any(
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                for target in node.targets
            )
        ):
            used.add(f"config.error.{node.value.value}")
    return used


def missing_translations(strings: Mapping[str, Any], used: set[str]) -> set[str]:
    """Paths used in code with no text in strings.json (prefix match for steps)."""
    known = set(flatten(strings))

    def has(path: str) -> bool:
        return any(k == path or k.startswith(f"{path}.") for k in known)

    return {
        path
        for path in used
        if not (
            has(f"config.{path}") or has(f"options.{path}")
            if path.startswith("step.")
            else has(path)
        )
    }

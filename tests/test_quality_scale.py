"""quality_scale.yaml grades every rule of Home Assistant's integration quality scale.

The rule list is hassfest's (script/hassfest/quality_scale.py in Home Assistant
core, which the wheel does not ship). It is kept here and cross-checked against
the quality_scale.yaml files of the core integrations installed with Home
Assistant, which hassfest makes list every rule.
"""

from __future__ import annotations

from collections import Counter
import json
from pathlib import Path
import re
from typing import Any

import homeassistant
from homeassistant.const import Platform
import pytest
import yaml

INTEGRATION = Path(__file__).parent.parent / "custom_components" / "tuya_bluetooth"
QUALITY_SCALE = INTEGRATION / "quality_scale.yaml"
HA_COMPONENTS = Path(homeassistant.__file__).parent / "components"

# Home Assistant 2026.10's rules, per tier, as hassfest lists them.
RULES_BY_TIER: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}
ALL_RULES: frozenset[str] = frozenset(
    rule for rules in RULES_BY_TIER.values() for rule in rules
)
STATUSES = frozenset({"done", "exempt", "todo"})
ISSUE = re.compile(r"#\d+\b")


def rule_occurrences(text: str) -> Counter[str]:
    """How often each key appears under `rules:` (a plain load keeps only the last)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode), "the file must be a mapping"
    rules = next((value for key, value in root.value if key.value == "rules"), None)
    assert isinstance(rules, yaml.MappingNode), "`rules:` must be a mapping"
    return Counter(str(key.value) for key, _ in rules.value)


def _status_and_comment(value: Any) -> tuple[Any, Any]:
    if isinstance(value, dict):
        return value.get("status"), value.get("comment")
    return value, None


def problems(text: str) -> list[str]:
    """Everything wrong with a quality_scale.yaml text; empty when it is fine."""
    found: list[str] = []
    counts = rule_occurrences(text)
    found += [f"missing rule {rule}" for rule in sorted(ALL_RULES - set(counts))]
    found += [f"unknown rule {rule}" for rule in sorted(set(counts) - ALL_RULES)]
    found += [
        f"rule {rule} appears {count} times"
        for rule, count in sorted(counts.items())
        if count > 1
    ]
    data = yaml.safe_load(text)
    if set(data) != {"rules"}:
        found.append(f"top-level keys must be just `rules`, not {sorted(data)}")
    for rule, value in data["rules"].items():
        if isinstance(value, dict) and not set(value) <= {"status", "comment"}:
            found.append(
                f"{rule}: unexpected keys {sorted(set(value) - {'status', 'comment'})}"
            )
        status, comment = _status_and_comment(value)
        if status not in STATUSES:
            found.append(f"{rule}: status {status!r} is not done/exempt/todo")
            continue
        if status == "done":
            continue
        if not isinstance(comment, str) or not comment.strip():
            found.append(f"{rule}: {status} needs a comment")
        elif status == "todo" and not ISSUE.search(comment):
            found.append(f"{rule}: todo comment names no issue (#N)")
    return found


def _ha_rule_names() -> set[str]:
    """Every rule named by the core integrations' quality_scale.yaml files."""
    names: set[str] = set()
    for path in sorted(HA_COMPONENTS.glob("*/quality_scale.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= set(data.get("rules") or {})
    return names


@pytest.fixture(scope="module")
def text() -> str:
    return QUALITY_SCALE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)["rules"]
    return data


def _status(rules: dict[str, Any], rule: str) -> Any:
    return _status_and_comment(rules[rule])[0]


def test_rule_list_has_every_tier() -> None:
    """The constant holds 54 distinct rules, none in two tiers."""
    listed = [rule for tier in RULES_BY_TIER.values() for rule in tier]
    assert len(listed) == len(set(listed)) == len(ALL_RULES) == 54


def test_rule_list_matches_installed_home_assistant() -> None:
    """The installed core integrations grade exactly these rules."""
    names = _ha_rule_names()
    if not names:
        pytest.skip("the installed Home Assistant ships no quality_scale.yaml")
    assert names == ALL_RULES, (
        f"new in Home Assistant: {sorted(names - ALL_RULES)}, "
        f"gone from it: {sorted(ALL_RULES - names)}"
    )


def test_quality_scale_is_valid(text: str) -> None:
    """Every rule once, a known status, comments where needed, issues for todos."""
    assert problems(text) == []


def _read(name: str) -> str:
    return (INTEGRATION / name).read_text(encoding="utf-8")


def has_evidence(rule: str) -> bool:
    """Whether the code behind a rule graded done is there (a light hassfest)."""
    match rule:
        case "brands":
            return (INTEGRATION / "brand" / "icon.png").is_file()
        case "config-flow":
            return bool(json.loads(_read("manifest.json")).get("config_flow"))
        case "diagnostics":
            return "async_get_config_entry_diagnostics" in _read("diagnostics.py")
        case "discovery":
            return bool(json.loads(_read("manifest.json")).get("bluetooth"))
        case "runtime-data":
            return "entry.runtime_data =" in _read("__init__.py")
        case "reauthentication-flow":
            return "async_step_reauth" in _read("config_flow.py")
        case "reconfiguration-flow":
            # The config flow is split into mixins: config_flow*.py.
            return any(
                "async_step_reconfigure" in path.read_text(encoding="utf-8")
                for path in INTEGRATION.glob("config_flow*.py")
            )
        case "repair-issues":
            return "issues" in json.loads(_read("strings.json"))
        case "icon-translations":
            return (INTEGRATION / "icons.json").is_file()
        case "parallel-updates":
            platforms = [p for p in Platform if (INTEGRATION / f"{p}.py").is_file()]
            return bool(platforms) and all(
                "PARALLEL_UPDATES" in _read(f"{p}.py") for p in platforms
            )
    raise AssertionError(rule)


@pytest.mark.parametrize(
    "rule",
    [
        "brands",
        "config-flow",
        "diagnostics",
        "discovery",
        "runtime-data",
        "reauthentication-flow",
        "reconfiguration-flow",
        "repair-issues",
        "icon-translations",
        "parallel-updates",
    ],
)
def test_done_rules_have_evidence(rules: dict[str, Any], rule: str) -> None:
    """A rule graded done is backed by the code one would look at for it."""
    if _status(rules, rule) != "done":
        pytest.skip(f"{rule} is not graded done")
    assert has_evidence(rule), f"{rule} is graded done but its code is missing"


# ---- self-checks: the validation catches what it is for -----------------------------


def _without(text: str, rule: str) -> str:
    """The text with one rule's entry (its key line and indented body) removed."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {rule}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return "".join(lines[:start] + lines[end:])


def test_a_missing_rule_fails(text: str) -> None:
    """Removing any entry is reported as that rule missing."""
    for rule in ("action-setup", "reauthentication-flow", "strict-typing"):
        assert problems(_without(text, rule)) == [f"missing rule {rule}"]


def test_a_duplicated_or_unknown_rule_fails(text: str) -> None:
    extra = text + "  brands: todo\n  made-up-rule: done\n"
    assert problems(extra) == [
        "unknown rule made-up-rule",
        "rule brands appears 2 times",
        "brands: todo needs a comment",
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "  strict-typing: finished\n",
            "strict-typing: status 'finished' is not done/exempt/todo",
        ),
        (
            "  strict-typing:\n    status: exempt\n",
            "strict-typing: exempt needs a comment",
        ),
        (
            "  strict-typing:\n    status: todo\n    comment: '  '\n",
            "strict-typing: todo needs a comment",
        ),
        (
            "  strict-typing:\n    status: todo\n    comment: Needs work.\n",
            "strict-typing: todo comment names no issue (#N)",
        ),
        (
            "  strict-typing:\n    status: done\n    note: x\n",
            "strict-typing: unexpected keys ['note']",
        ),
    ],
)
def test_a_bad_entry_fails(text: str, entry: str, problem: str) -> None:
    assert problems(_without(text, "strict-typing") + entry) == [problem]


def test_a_todo_naming_an_issue_passes(text: str) -> None:
    entry = "  strict-typing:\n    status: todo\n    comment: >-\n      In #12.\n"
    assert problems(_without(text, "strict-typing") + entry) == []

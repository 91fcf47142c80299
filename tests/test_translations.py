"""Every translation has the English key structure, placeholders and no blanks.

strings.json is the source of the English texts; translations/en.json ships it as
is, and each other language must translate every string (same key paths, same
`{placeholder}` names) without adding or dropping any.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import copy
import json
from pathlib import Path
import re
from typing import Any

import pytest

INTEGRATION = Path(__file__).parent.parent / "custom_components" / "tuya_bluetooth"
STRINGS = INTEGRATION / "strings.json"
TRANSLATIONS = INTEGRATION / "translations"
# The languages shipped besides English; a new file must be added here too.
LANGUAGES = ("de", "es", "fr", "zh-Hans")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _load(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (dotted key path, leaf) for every leaf of a translation tree."""
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from flatten(value, path)
        else:
            yield path, value


def key_differences(
    reference: Mapping[str, Any], other: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """(paths missing from `other`, paths only in `other`), both sorted."""
    expected = {path for path, _ in flatten(reference)}
    actual = {path for path, _ in flatten(other)}
    return sorted(expected - actual), sorted(actual - expected)


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of one string."""
    return set(PLACEHOLDER.findall(text))


def placeholder_mismatches(
    reference: Mapping[str, Any], other: Mapping[str, Any]
) -> dict[str, tuple[set[str], set[str]]]:
    """Paths whose placeholders differ: path -> (English set, translated set)."""
    english = dict(flatten(reference))
    return {
        path: (placeholders(english[path]), placeholders(text))
        for path, text in flatten(other)
        if path in english and placeholders(english[path]) != placeholders(text)
    }


def _bad_leaves(tree: Mapping[str, Any]) -> list[str]:
    """Paths whose leaf is not a string or is blank."""
    return sorted(
        path
        for path, value in flatten(tree)
        if not isinstance(value, str) or not value.strip()
    )


@pytest.fixture(scope="module")
def strings() -> dict[str, Any]:
    return _load(STRINGS)


def test_en_json_is_strings_json(strings: dict[str, Any]) -> None:
    """translations/en.json is strings.json (custom integrations ship it as is)."""
    assert _load(TRANSLATIONS / "en.json") == strings


def test_every_language_file_is_known() -> None:
    """The shipped files are exactly English plus LANGUAGES."""
    shipped = {path.stem for path in TRANSLATIONS.glob("*.json")}
    assert shipped == {"en", *LANGUAGES}


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_same_key_paths_as_strings_json(language: str, strings: dict[str, Any]) -> None:
    """Each language has every key path of strings.json and no other."""
    missing, extra = key_differences(strings, _load(TRANSLATIONS / f"{language}.json"))
    assert (missing, extra) == ([], []), (
        f"{language}.json: missing {missing}, extra {extra}"
    )


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_same_placeholders_as_english(language: str, strings: dict[str, Any]) -> None:
    """Every string keeps exactly the English string's `{placeholder}` names."""
    mismatches = placeholder_mismatches(
        strings, _load(TRANSLATIONS / f"{language}.json")
    )
    assert mismatches == {}, (
        f"{language}.json: placeholders differ (English, translated): {mismatches}"
    )


@pytest.mark.parametrize("language", ["strings", "en", *LANGUAGES])
def test_no_empty_strings(language: str) -> None:
    """Every leaf is a non-blank string."""
    path = STRINGS if language == "strings" else TRANSLATIONS / f"{language}.json"
    assert _bad_leaves(_load(path)) == [], f"{path.name}: empty or non-string leaves"


def test_strings_json_has_placeholders_to_check(strings: dict[str, Any]) -> None:
    """The placeholder check has something to compare (the regex finds them)."""
    found = set().union(*(placeholders(text) for _, text in flatten(strings)))
    assert {"name", "address", "dp_id", "value"} <= found


def test_key_comparison_catches_a_missing_and_an_extra_key(
    strings: dict[str, Any],
) -> None:
    """Self-check: a translation that lost one key and gained another is caught."""
    translated = copy.deepcopy(strings)
    del translated["config"]["step"]["keys"]["data"]["local_key"]
    translated["config"]["abort"]["invented"] = "Nicht in strings.json"
    assert key_differences(strings, translated) == (
        ["config.step.keys.data.local_key"],
        ["config.abort.invented"],
    )
    assert key_differences(strings, copy.deepcopy(strings)) == ([], [])


def test_key_comparison_catches_a_missing_section(strings: dict[str, Any]) -> None:
    """Self-check: dropping a whole subtree reports each of its leaves."""
    translated = copy.deepcopy(strings)
    dropped = translated.pop("selector")
    missing, extra = key_differences(strings, translated)
    assert missing == sorted(f"selector.{path}" for path, _ in flatten(dropped))
    assert extra == []


def test_placeholder_check_catches_a_changed_placeholder(
    strings: dict[str, Any],
) -> None:
    """Self-check: a translated placeholder name and a dropped one are caught."""
    translated = copy.deepcopy(strings)
    exceptions = translated["exceptions"]
    exceptions["unknown_dp"]["message"] = "{nom} n'a pas de DP {dp_id}."
    exceptions["entry_not_loaded"]["message"] = "Nicht geladen."
    assert placeholder_mismatches(strings, translated) == {
        "exceptions.unknown_dp.message": ({"name", "dp_id"}, {"nom", "dp_id"}),
        "exceptions.entry_not_loaded.message": ({"name"}, set()),
    }


def test_empty_check_catches_a_blank_string(strings: dict[str, Any]) -> None:
    """Self-check: a blank or non-string leaf is reported."""
    translated = copy.deepcopy(strings)
    translated["config"]["flow_title"] = "  "
    translated["entity"]["binary_sensor"]["connection"]["name"] = None
    assert _bad_leaves(translated) == [
        "config.flow_title",
        "entity.binary_sensor.connection.name",
    ]

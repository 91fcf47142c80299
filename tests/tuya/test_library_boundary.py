"""The protocol library stays free of Home Assistant, so it could ship on PyPI."""

from __future__ import annotations

import ast
from pathlib import Path

LIBRARY = (
    Path(__file__).parent.parent.parent
    / "custom_components"
    / "tuya_bluetooth"
    / "tuya"
)


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_library_does_not_import_home_assistant() -> None:
    """No module below tuya/ imports homeassistant (or the integration above it)."""
    files = sorted(LIBRARY.rglob("*.py"))
    assert len(files) > 3
    offenders = {
        f"{path.relative_to(LIBRARY)}: {module}"
        for path in files
        for module in _imported_modules(path)
        if module.split(".")[0] in {"homeassistant", "custom_components"}
    }
    assert offenders == set()


def test_boundary_check_detects_an_import(tmp_path: Path) -> None:
    """The check itself sees both import forms."""
    module = tmp_path / "m.py"
    module.write_text("import homeassistant.core\nfrom homeassistant.const import X\n")
    assert _imported_modules(module) == {"homeassistant.core", "homeassistant.const"}

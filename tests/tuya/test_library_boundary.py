"""Import boundaries (docs/architecture.md):

- the protocol library (`tuya/`) imports neither Home Assistant nor the integration
  around it, so it could ship on PyPI unchanged;
- the simulator shares only the byte-level primitives with the library, so a
  mistake in a codec, the envelope or key derivation cannot agree with itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
LIBRARY = ROOT / "custom_components" / "tuya_bluetooth" / "tuya"
SIMULATOR = ROOT / "simulator"
LIBRARY_PACKAGE = "custom_components.tuya_bluetooth.tuya"
SHARED_WITH_SIMULATOR = {f"{LIBRARY_PACKAGE}.primitives"}


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module `path` imports, with relative imports resolved to full names."""
    modules: set[str] = set()
    package = list(path.relative_to(root).parent.parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                # `from .. import x` climbs level-1 packages from the module's own.
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if node.module:
                modules.add(base)
            else:
                modules.update(f"{base}.{alias.name}" for alias in node.names)
    return modules


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_library_does_not_import_home_assistant() -> None:
    """No module below tuya/ imports homeassistant or the integration above it."""
    files = sorted(LIBRARY.rglob("*.py"))
    assert len(files) > 3
    offenders = {
        f"{path.relative_to(LIBRARY)}: {module}"
        for path in files
        for module in imported_modules(path)
        if _inside(module, "homeassistant")
        or (
            _inside(module, "custom_components")
            and not _inside(module, LIBRARY_PACKAGE)
        )
    }
    assert offenders == set()


def test_simulator_shares_only_the_byte_primitives() -> None:
    """The emulator, link and fake cloud import nothing else from the integration."""
    files = sorted(SIMULATOR.rglob("*.py"))
    assert len(files) > 10
    offenders = {
        f"{path.relative_to(SIMULATOR)}: {module}"
        for path in files
        for module in imported_modules(path)
        if _inside(module, "custom_components") and module not in SHARED_WITH_SIMULATOR
    }
    assert offenders == set()


def test_boundary_check_sees_every_import_form(tmp_path: Path) -> None:
    """Absolute, relative and climbing imports are all resolved to full names."""
    module = tmp_path / LIBRARY.relative_to(ROOT) / "_boundary_probe" / "m.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import homeassistant.core\n"
        "from homeassistant.const import X\n"
        "from .. import const\n"
        "from ...config_flow import Flow\n"
        "from .sibling import y\n",
        encoding="utf-8",
    )
    assert imported_modules(module, tmp_path) == {
        "homeassistant.core",
        "homeassistant.const",
        f"{LIBRARY_PACKAGE}.const",
        "custom_components.tuya_bluetooth.config_flow",
        f"{LIBRARY_PACKAGE}._boundary_probe.sibling",
    }


def test_catalog_and_resolver_are_pure_data_and_logic() -> None:
    """The entity catalog and its resolver import no Home Assistant (property
    tests hit them without one); the catalog imports nothing of the integration."""
    integration = ROOT / "custom_components" / "tuya_bluetooth"
    files = [
        *sorted((integration / "catalog").rglob("*.py")),
        integration / "resolver.py",
    ]
    assert len(files) > 2
    offenders = {
        f"{path.relative_to(integration)}: {module}"
        for path in files
        for module in imported_modules(path)
        if _inside(module, "homeassistant")
        or (
            path.parent.name == "catalog"
            and _inside(module, "custom_components")
            and not _inside(module, "custom_components.tuya_bluetooth.catalog")
        )
    }
    assert offenders == set()

"""Print every benchmark as one table: `script/bench` or `python -m benchmarks`."""

from __future__ import annotations

import importlib
import platform
import sys

MODULES = [
    "benchmarks.advertisement",
    "benchmarks.frames",
    "benchmarks.session",
    "benchmarks.device",
    "benchmarks.entities",
]


def main() -> None:
    """Run each benchmark module and print its rows."""
    print(f"Python {sys.version.split()[0]} on {platform.machine()}")
    print(f"{'measurement':<58} {'value':>12}  unit")
    print("-" * 78)
    for name in MODULES:
        for label, value, unit in importlib.import_module(name).run():
            print(f"{label:<58} {value:>12.2f}  {unit}")


if __name__ == "__main__":
    main()

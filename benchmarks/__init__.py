"""Reproducible measurements; run with `script/bench` (prints a table)."""

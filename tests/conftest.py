"""Shared fixtures for every suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI runs the property tests at full strength; locally a developer may lower it.
settings.register_profile(
    "ci",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=500, deadline=None)
# HYPOTHESIS_PROFILE=dev makes a local run quicker.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

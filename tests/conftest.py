"""Shared fixtures for every suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI (the CI environment variable set, as .ci/run makes sure) runs the property
# tests at full strength; elsewhere a quick profile keeps a local run short.
# HYPOTHESIS_PROFILE=ci or =dev picks one explicitly.
settings.register_profile(
    "ci",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=500, deadline=None)
_ON_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ON_CI else "dev")
)

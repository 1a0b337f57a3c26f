"""Suite-wide settings. Under CI=true a skipped test counts as a failure: nothing may be skipped there."""

from __future__ import annotations

import os

import pytest

# The local Supabase stack (PostgreSQL + PostgREST + gateway): fixtures start it on first use.
pytest_plugins = ["tests.stack.harness"]

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

if os.environ.get("FLUX_TEST_CLOCK"):  # the suite run at a time of day: tests/clock.py
    from tests.clock import shift_for

    os.environ["FLUX_CLOCK_SHIFT"] = str(shift_for(os.environ["FLUX_TEST_CLOCK"]))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed: {report.longrepr}"


@pytest.fixture
def flux_home(tmp_path, monkeypatch):
    """An empty data directory for one test: the store and settings go here."""
    home = tmp_path / "flux-home"
    home.mkdir()
    monkeypatch.setenv("FLUX_HOME", str(home))
    return home

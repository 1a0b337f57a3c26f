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


@pytest.fixture(autouse=True)
def _environment_restored():
    """Code under test may put FLUX's keys from a .env file into os.environ (settings.load_dotenv_files),
    which monkeypatch does not undo: without this, a sync test's SUPABASE_URL reached later UI tests."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def flux_home(tmp_path, monkeypatch):
    """An empty data directory for one test: the store and settings go here."""
    home = tmp_path / "flux-home"
    home.mkdir()
    monkeypatch.setenv("FLUX_HOME", str(home))
    return home

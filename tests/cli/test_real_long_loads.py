"""Loads from the first day on real, whole histories (tests/fixtures/real_long, provenance there).

Issue 17: on a store with a real imported history at least 80% of the forecast's weighted slots
carry a load, in each history by itself; the rest are exercises of patterns the user never
trained, and their slots say so.
Through the CLI, as a user does it: `import`, then `plan --days 28 --json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flux_tui.engine.progression import NO_HISTORY
from tests.reliability.helpers import cli

LONG = Path(__file__).resolve().parents[1] / "fixtures" / "real_long"
EXPORTS = sorted(LONG.glob("*.csv"))
TARGET = 0.80


def forecast_after_import(home: Path, export: Path) -> tuple[list[dict], dict[str, dict]]:
    home.mkdir()
    kind = export.name.split("-", 1)[0]  # strong-….csv, fitnotes-….csv
    imported = cli(home, "import", kind, str(export))
    assert imported.status == 0, imported
    days = cli(home, "plan", "--days", "28", "--json")
    assert days.status == 0, days
    catalog = {e["id"]: e for e in json.loads(cli(home, "exercises", "--json").out)}
    return json.loads(days.out), catalog


def weighted_slots(days: list[dict], catalog: dict[str, dict]) -> list[dict]:
    return [slot for day in days for slot in day["slots"] if catalog[slot["exercise"]]["tracking"].startswith("weight_")]


@pytest.fixture(scope="module")
def forecasts(tmp_path_factory) -> dict[str, tuple[list[dict], dict[str, dict]]]:
    assert len(EXPORTS) >= 2, "the long real exports are missing"
    return {e.name: forecast_after_import(tmp_path_factory.mktemp("long") / "home", e) for e in EXPORTS}


def test_most_weighted_slots_carry_a_load_from_the_first_day_in_every_history(forecasts):
    """Per export, not pooled: one long history that reaches the target cannot hide another that does not."""
    for name, (days, catalog) in forecasts.items():
        assert len(days) == 28
        slots = weighted_slots(days, catalog)
        assert len(slots) > 150, name
        loaded = sum(slot["load"] is not None for slot in slots)
        assert loaded / len(slots) >= TARGET, f"{name}: {loaded} of {len(slots)} weighted slots carry a load"


def test_a_slot_without_a_load_says_why_and_is_a_pattern_the_user_never_trained(forecasts):
    for name, (days, catalog) in forecasts.items():
        bare = [slot for slot in weighted_slots(days, catalog) if slot["load"] is None]
        loaded_patterns = {slot["pattern"] for slot in weighted_slots(days, catalog) if slot["load"] is not None}
        for slot in bare:
            assert slot.get("note") == NO_HISTORY, (name, slot)
            assert slot["pattern"] not in loaded_patterns, (name, slot["pattern"])

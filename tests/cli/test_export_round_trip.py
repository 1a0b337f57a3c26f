"""Exporting, then importing the export again, changes nothing in the store: every layout, every origin.

The histories are real published exports (Strong, Hevy with supersets, FitNotes) and one logged in
FLUX itself (warm-ups, a drop set, an interval set with its results, a Tokyo offset); the store is
compared table by table, byte for byte, before and after the re-import.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tests.importers.real_corpus import ROOT

ORIGINS = {
    "strong": ("strong", ROOT / "strong" / "valterandersson-wdf.csv", "kg"),
    "strong-lb": ("strong", ROOT / "strong" / "crvlwanek-lb-rpe.csv", "lb"),
    "hevy": ("hevy", ROOT / "hevy" / "ajccosta-kg.csv", "kg"),
    "fitnotes": ("fitnotes", ROOT / "fitnotes" / "nakky94-kgs-units.csv", "kg"),
    "flux": None,
}
LAYOUTS = {  # name -> (export arguments, the import kind that reads it)
    "classic": (("--format", "strong"), "strong"),
    "units": (("--format", "strong", "--layout", "units"), "strong"),
    "android": (("--format", "strong", "--layout", "android"), "strong"),
    "hevy": (("--format", "hevy"), "hevy"),
    "csv": (("--format", "csv"), "strong"),
    "json": (("--format", "json"), "flux"),
}
TABLES = ("workout_sessions", "workout_sets", "exercises", "outbox")


def snapshot(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}
    finally:
        conn.close()


def log_in_flux(unit: str) -> None:
    """A session logged in FLUX, far from here: warm-up, working sets, a drop set, intervals."""
    from flux_tui.cli.common import open_training

    training = open_training()
    try:
        start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=2)
        session_id = training.start_session(training.plan(now=start), now=start)
        log = training.log_set
        log(session_id, "back_squat", weight=60.0, reps=5, is_warmup=True, logged_at=start + timedelta(minutes=3))
        log(session_id, "back_squat", weight=102.5, reps=5, logged_at=start + timedelta(minutes=6))
        log(session_id, "back_squat", weight=80.0, reps=8, metadata={"set_type": "dropset"},
            logged_at=start + timedelta(minutes=9))
        log(session_id, "farmers_carry", weight=32.0, distance=40.0, logged_at=start + timedelta(minutes=12))
        log(session_id, "assault_bike", metadata={"rounds_completed": 6, "avg_watts": 250, "peak_hr": 171},
            logged_at=start + timedelta(minutes=20))
        training.finish_session(session_id, now=start + timedelta(minutes=38))
    finally:
        training.close()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("origin", ORIGINS)
def test_re_importing_an_export_changes_nothing(origin, layout, cli, flux_home, tmp_path):
    unit = "kg"
    if ORIGINS[origin] is None:
        assert cli("seed").status == 0
        log_in_flux(unit)
    else:
        kind, path, unit = ORIGINS[origin]
        result = cli("import", kind, str(path), "--unit", unit)
        assert result.status == 0, result.err
    before = snapshot(flux_home / "flux.sqlite3")
    assert before["workout_sets"]
    arguments, kind = LAYOUTS[layout]
    exported = tmp_path / "export.out"
    result = cli("export", *arguments, "--unit", unit, "-o", str(exported))
    assert result.status == 0, result.err
    if layout != "json":
        assert result.err.splitlines()[0].endswith(f"weights in {unit}, distances in {'km' if unit == 'kg' else 'miles'}")
    again = cli("import", kind, str(exported), *(() if kind == "flux" else ("--unit", unit)))
    assert again.status == 0, again.err
    assert "new: 0 sessions, 0 sets" in again.out or '"sessions": 0' in again.out, again.out
    assert snapshot(flux_home / "flux.sqlite3") == before


def test_a_hevy_history_through_strong_s_layout_into_a_new_store_keeps_its_sets(cli, flux_home, tmp_path):
    """Not only recognized: what a new store gets from FLUX's export is the history, warm-ups left out."""
    assert cli("import", "hevy", str(ROOT / "hevy" / "ajccosta-kg.csv")).status == 0
    first = cli("history", "--json", "--limit", "0").json()
    exported = tmp_path / "out.csv"
    assert cli("export", "--format", "strong", "--warmups", "-o", str(exported)).status == 0
    cli("reset", "--yes")
    assert cli("import", "strong", str(exported)).status == 0
    second = cli("history", "--json", "--limit", "0").json()

    def sets(history):
        return sorted((s["date"], x["exercise"], round(x["weight"] or 0, 2), x["reps"] or 0) for s in history
                      for x in s["sets"])

    assert sets(second) == sets(first)


def test_a_layout_is_for_strong_only_and_a_failed_export_leaves_no_file(cli, flux_home, tmp_path):
    result = cli("export", "--format", "hevy", "--layout", "android")
    assert result.status != 0 and "--layout is for --format strong" in result.err and "Traceback" not in result.err
    target = tmp_path / "missing-dir" / "out.csv"
    result = cli("export", "--format", "strong", "-o", str(target))
    assert result.status == 1 and str(target) in result.err
    assert not target.exists() and not target.with_name("out.csv.partial").exists()

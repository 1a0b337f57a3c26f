"""Time as a person sees it: local dates where a session happened, offsets kept, DST, clocks set back,
future dates. None of these depends on the machine's zone or the time of day: each pins what it needs
(tests/test_clocks_and_zones.py runs this file at 23:30 and 00:30 in UTC+14 and UTC-12 as well)."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from flux_tui.cli.main import main

NEW_YORK_LATE = "2026-03-01T23:30:00-05:00"    # 04:30 UTC on 2 March
TOKYO_MORNING = "2026-03-05T07:00:00+09:00"    # 22:00 UTC on 4 March


@pytest.fixture
def zone(monkeypatch):
    """Set the machine's zone for this test (the C library's too), and put it back after."""
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def run(capsys, *args: str):
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def flux_file(path, *starts: str):
    sessions = []
    for n, start in enumerate(starts):
        begun = datetime.fromisoformat(start)
        sessions.append({
            "id": f"6f1c1d52-8a8e-4c53-9a55-4d2b5ad0a{n:03d}", "started_at": start,
            "completed_at": (begun + timedelta(hours=1)).isoformat(), "archetype": "performance",
            "anchor_pattern": "squat", "status": "completed", "notes": "",
            "sets": [{"id": f"6f1c1d52-8a8e-4c53-9a55-4d2b5ad0b{n:03d}", "exercise": "back_squat", "set_index": 0,
                      "weight": 100.0, "reps": 5, "logged_at": (begun + timedelta(minutes=10)).isoformat()}]})
    path.write_text(json.dumps({"version": 1, "sessions": sessions}), encoding="utf-8")
    return path


@pytest.mark.parametrize("machine_zone", ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_history_and_the_import_summary_show_the_local_date_where_it_happened(flux_home, tmp_path, capsys, zone,
                                                                              machine_zone):
    zone(machine_zone)  # wherever the laptop is now, a session keeps the date of the place it was logged
    path = flux_file(tmp_path / "h.json", NEW_YORK_LATE, TOKYO_MORNING)
    status, out, err = run(capsys, "import", "flux", str(path), "--json")
    assert status == 0, err
    summary = json.loads(out)
    assert (summary["first"], summary["last"]) == ("2026-03-01", "2026-03-05")
    status, out, _ = run(capsys, "history", "--json")
    sessions = json.loads(out)
    assert sorted((s["date"], s["started_at"]) for s in sessions) == [("2026-03-01", NEW_YORK_LATE),
                                                                      ("2026-03-05", TOKYO_MORNING)]
    by_date = {s["date"]: s for s in sessions}
    assert by_date["2026-03-01"]["sets"][0]["logged_at"] == "2026-03-01T23:40:00-05:00"  # offsets kept
    assert by_date["2026-03-01"]["completed_at"] == "2026-03-02T00:30:00-05:00"
    status, out, _ = run(capsys, "history")
    assert sorted(line[:10] for line in out.splitlines()) == ["2026-03-01", "2026-03-05"]
    status, out, _ = run(capsys, "history", "--exercise", "back_squat", "--json")
    assert sorted(s["date"] for s in json.loads(out)["sets"]) == ["2026-03-01", "2026-03-05"]
    # Exported and imported again, the offsets (and so the dates) survive.
    exported = tmp_path / "out.json"
    assert run(capsys, "export", "--format", "json", "-o", str(exported))[0] == 0
    starts = sorted(s["started_at"] for s in json.loads(exported.read_text())["sessions"])
    assert starts == sorted([NEW_YORK_LATE, TOKYO_MORNING])


def test_today_shows_the_local_day_of_the_last_session(flux_home, zone):
    from flux_tui.records import SessionRow
    from flux_tui.ui.screens.today import last_text

    zone("UTC")
    started = datetime.fromisoformat(NEW_YORK_LATE).astimezone(timezone.utc)
    row = SessionRow("s", started, None, "performance", "squat", "completed", "", 3, 1500.0, utc_offset=-300)
    assert last_text(row, "kg").startswith("Last session: Sun 01 Mar")


def test_a_session_started_in_the_app_keeps_the_zone_it_was_started_in(tmp_path, zone):
    from flux_tui.timefmt import local_start
    from flux_tui.training import Training

    zone("Asia/Tokyo")
    training = Training.open(tmp_path / "flux.sqlite3")
    try:
        at = datetime(2026, 3, 1, 22, 30, tzinfo=timezone.utc)  # 07:30 on 2 March in Tokyo
        session_id = training.start_session(training.plan(now=at), now=at)
        training.log_set(session_id, "back_squat", weight=100.0, reps=5, logged_at=at)
        training.finish_session(session_id, now=at + timedelta(hours=1))
        zone("America/New_York")  # the laptop flew home: the session still happened on 2 March
        (row,) = training.recent_sessions(5)
        assert row.utc_offset == 540 and local_start(row).date().isoformat() == "2026-03-02"
    finally:
        training.close()


def test_two_sessions_an_hour_apart_in_the_repeated_hour_stay_apart_through_the_csv(zone):
    """When clocks go back, 01:30 happens twice: the export marks the second with its offset."""
    from flux_tui.engine.history import LoggedSet, SessionRecord
    from flux_tui.importers import parse_text
    import io

    from flux_tui.importers.export import exercise_namer, write_strong
    from flux_tui.training import load_shipped_catalog

    zone("America/New_York")
    first = datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc)  # 01:30 EDT
    sessions = [SessionRecord(f"s{n}", start, start + timedelta(minutes=20), "performance", None, "completed", "",
                              (LoggedSet(f"x{n}", "back_squat", 0, 100.0, 5),))
                for n, start in enumerate((first, first + timedelta(hours=1)))]  # then 01:30 EST
    catalog = load_shipped_catalog()
    for tz in (None, ZoneInfo("America/New_York")):
        out = io.StringIO()
        write_strong(out, sessions, exercise_namer(catalog), "kg")  # no utc_offset: the machine's zone
        text = out.getvalue()
        back = parse_text("strong", text, catalog=catalog, tz=tz)
        assert [s.started_at for s in back.sessions] == [s.started_at for s in sessions], text
        assert len({s.id for s in back.sessions}) == 2


def test_a_clock_set_back_never_ends_a_session_before_it_starts(tmp_path):
    from flux_tui.training import Training

    training = Training.open(tmp_path / "flux.sqlite3")
    try:
        start = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
        session_id = training.start_session(training.plan(now=start), now=start)
        training.log_set(session_id, "back_squat", weight=100.0, reps=5, logged_at=start + timedelta(minutes=5))
        done = training.finish_session(session_id, now=start - timedelta(hours=2))  # the clock went back
        assert done.session.completed_at == start + timedelta(minutes=5)
        stored = training.session(session_id)
        assert stored.completed_at >= stored.started_at
    finally:
        training.close()


def test_an_older_session_finished_after_a_newer_one_folds_in_time_order(tmp_path):
    from flux_tui.training import Training

    training = Training.open(tmp_path / "flux.sqlite3")
    try:
        late = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
        early = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
        for start, exercise in ((late, "back_squat"), (early, "deadlift")):  # logged in this order
            session_id = training.start_session(training.plan(now=start), now=start)
            training.log_set(session_id, exercise, weight=100.0, reps=5, logged_at=start)
            training.finish_session(session_id, now=start + timedelta(hours=1))
        assert training.rebuild().matched
    finally:
        training.close()


def test_a_future_dated_row_is_refused_with_its_line_and_the_rest_imported(flux_home, tmp_path, capsys):
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,Distance Unit,"
        "Seconds,Notes,Workout Notes\n"
        "2026-01-05 07:00:00,Legs,1h 0m,Squat (Barbell),1,100,kg,5,,,,,,\n"
        "2099-01-01 10:00:00,Legs,1h 0m,Squat (Barbell),1,100,kg,5,,,,,,\n", encoding="utf-8")
    status, out, err = run(capsys, "import", "strong", str(path), "--json")
    assert status == 0
    assert f"skipped {path}:3: date '2099-01-01 10:00:00' is in the future" in err
    assert json.loads(out)["sessions_added"] == 1
    status, out, _ = run(capsys, "plan", "--json")
    assert "only 0 h since the last session" not in json.loads(out)["reason"]


def test_the_clock_shift_moves_now_for_the_whole_process_and_its_children():
    """What `FLUX_TEST_CLOCK` relies on: every "now" of flux_tui comes from one place."""
    import subprocess
    import sys

    code = "from flux_tui.timefmt import utc_now; print(utc_now().isoformat())"
    env = {**os.environ, "FLUX_CLOCK_SHIFT": str(-86400 * 400)}
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert abs((datetime.now(timezone.utc) - timedelta(days=400) - datetime.fromisoformat(shown.strip()))
               .total_seconds()) < 60

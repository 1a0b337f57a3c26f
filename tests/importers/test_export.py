"""The export writers: Strong's layouts and Hevy's, their conventions, and what a reader reads back."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from flux_tui.engine.bodyweight import PLAIN, working_totals
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.importers import parse_file, parse_text
from flux_tui.importers.export import (
    HEVY_HEADER, STRONG_HEADERS, STRONG_LAYOUTS, exercise_namer, strong_duration, write_hevy, write_strong,
)
from flux_tui.units import KG_PER_LB
from tests.fixtures.imports import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
UTC = timezone.utc
KIND_OF_LAYOUT = {"classic": "strong", "units": "strong", "android": "strong", "hevy": "hevy"}


def export(sessions, catalog, layout, unit="kg", warmups=False) -> str:
    out = io.StringIO()
    if layout == "hevy":
        write_hevy(out, sessions, exercise_namer(catalog), unit)
    else:
        write_strong(out, sessions, exercise_namer(catalog), unit, layout, warmups)
    return out.getvalue()


def rows(text: str, layout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if layout == "android" else ","))


def numbers(result, unit="kg"):
    """Each set's numbers as a file in `unit` carries them (0.01 of the unit; 0 and nothing alike)."""
    factor = KG_PER_LB if unit == "lb" else 1.0
    return sorted((s.exercise_id, round((s.weight or 0) / factor, 2), s.reps or 0, round(s.seconds or 0),
                   round((s.distance or 0) / 1000, 2) if unit == "kg" else round((s.distance or 0) / 1609.344, 2),
                   s.rpe or 0, s.metadata.get("set_type") or "")
                  for session in result.sessions for s in session.sets if not s.is_warmup)


def test_durations_as_strong_writes_them():
    assert [strong_duration(s) for s in (20, 38 * 60, 38 * 60 + 59.4, 3600, 3900, 3900 + 40, 2 * 3600 + 27 * 60)] == [
        "20s", "38m", "38m", "1h", "1h 5m", "1h 5m", "2h 27m"]


STRONG_SAMPLES = [s for s in generate.all_samples() if s.name.startswith("strong")]
OTHER_SAMPLES = [s for s in generate.all_samples() if not s.name.startswith("strong")]


@pytest.mark.parametrize("layout", [*STRONG_LAYOUTS, "hevy"])
@pytest.mark.parametrize("unit", ["kg", "lb"])
@pytest.mark.parametrize("sample", STRONG_SAMPLES + OTHER_SAMPLES, ids=lambda s: s.name)
def test_every_layout_reads_back_as_the_same_sets_in_one_unit(sample, unit, layout, catalog):
    first = parse_text(sample.name.split("-")[0], sample.text, catalog=catalog, unit=sample.unit, tz=UTC)
    text = export(first.sessions, catalog, layout, unit)
    header = text.splitlines()[0]
    if layout == "hevy":
        assert ("weight_lbs" in header) == (unit == "lb")
    else:
        assert header == (";" if layout == "android" else ",").join(STRONG_HEADERS[layout])
    table = rows(text, layout)
    weight_col = next(c for c in table[0] if c.startswith("weight") or c == "Weight")
    for row in table:  # whole hundredths at most, never an exponent or a float's tail
        for column in (weight_col, "Distance", "distance_km", "distance_miles"):
            assert re.fullmatch(r"(\d+(\.\d{1,2})?)?", row.get(column) or ""), (column, row)
        if "Weight Unit" in row:  # one unit for the whole file
            assert row["Weight Unit"] in ("", {"kg": "kg", "lb": "lbs"}[unit])
        assert row.get("Set Order") != "Rest Timer"
    second = parse_text(KIND_OF_LAYOUT[layout], text, catalog=catalog, unit=unit, tz=UTC)
    assert second.errors == []
    assert numbers(second, unit) == numbers(first, unit)
    assert [s.started_at.replace(second=0) for s in second.sessions] == [
        s.started_at.replace(second=0) for s in first.sessions]


def _session(sets, offset=0, notes="", start=datetime(2026, 3, 13, 9, 51, tzinfo=UTC), minutes=38):
    return SessionRecord("s1", start, start + timedelta(minutes=minutes), "performance", None, "completed", notes,
                         tuple(sets), offset)


def test_warm_ups_are_left_out_unless_asked_and_a_readers_volume_is_flux_s(catalog):
    sets = [LoggedSet("a", "back_squat", 0, 60.0, 5, is_warmup=True),
            LoggedSet("b", "back_squat", 1, 100.0, 5),
            LoggedSet("c", "back_squat", 2, 100.0, 5, metadata={"set_type": "failure"}),
            LoggedSet("d", "back_squat", 3, 80.0, 8, metadata={"set_type": "dropset"}),
            LoggedSet("e", "back_squat", 4, 100.0, 4)]
    session = _session(sets)
    for layout in STRONG_LAYOUTS:
        table = rows(export([session], catalog, layout), layout)
        assert [r["Set Order"] for r in table] == ["1", "F", "D", "2"]
        volume = sum(float(r["Weight"]) * int(r["Reps"]) for r in table)  # what a reader sums
        assert volume == working_totals(session.sets, PLAIN)[1]
        kept = rows(export([session], catalog, layout, warmups=True), layout)
        assert [r["Set Order"] for r in kept] == ["W", "1", "F", "D", "2"]
    hevy = rows(export([session], catalog, "hevy"), "hevy")
    assert [(r["set_index"], r["set_type"]) for r in hevy] == [
        ("0", "warmup"), ("1", "normal"), ("2", "failure"), ("3", "dropset"), ("4", "normal")]


def test_strong_zeros_weights_and_quoting(catalog):
    sets = [LoggedSet("a", "back_squat", 0, 100.0, 5, metadata={"rest_seconds": 90}),
            LoggedSet("b", "back_squat", 1, 109.99999999999999, 5, rpe=8.5),
            LoggedSet("c", "pull_up", 2, None, 8),
            LoggedSet("d", "plank", 3, None, None, seconds=59.6)]
    text = export([_session(sets, notes='a "good" one')], catalog, "classic")
    lines = text.splitlines()
    assert lines[1:] == [
        '2026-03-13 09:51:00,"Workout",38m,"Back Squat",1,100.0,5,0,0,"","a ""good"" one",',
        '2026-03-13 09:51:00,"Workout",38m,"Back Squat",2,110.0,5,0,0,,,8.5',
        '2026-03-13 09:51:00,"Workout",38m,"Pull-up",1,0,8,0,0,"",,',
        '2026-03-13 09:51:00,"Workout",38m,"Plank",1,0,0,0,60,"",,',
    ], text  # no Rest Timer row; a float's tail rounded off; whole seconds
    android = export([_session(sets)], catalog, "android", "lb").splitlines()
    assert android[1] == '2026-03-13 09:51:00;"Workout";"Back Squat";1;220.46;lbs;5;;;;0;"";""'
    assert android[3] == '2026-03-13 09:51:00;"Workout";"Pull-up";1;;;8;;;;0;"";'


def test_every_weight_and_distance_in_the_chosen_unit(catalog):
    sets = [LoggedSet("a", "back_squat", 0, 100.0, 5, metadata={"weight_unit": "kg"}),
            LoggedSet("b", "back_squat", 1, 45.359237, 5, metadata={"weight_unit": "lb"}),
            LoggedSet("c", "farmers_carry", 2, 40.0, None, distance=40.0, metadata={"distance_unit": "m"})]
    table = rows(export([_session(sets)], catalog, "units", "lb"), "units")
    assert [(r["Weight"], r["Weight Unit"], r["Distance"], r["Distance Unit"]) for r in table] == [
        ("220.46", "lbs", "0", "mi"), ("100.0", "lbs", "0", "mi"), ("88.18", "lbs", "0.02", "mi")]


def test_interval_results_fill_the_row(catalog):
    done = LoggedSet("a", "assault_bike", 0, metadata={"rounds_completed": 6, "avg_watts": 250, "peak_hr": 171,
                                                    "seconds": 20, "distance": 100})
    (row,) = rows(export([_session([done])], catalog, "classic"), "classic")
    assert (row["Seconds"], row["Distance"], row["Notes"]) == ("120", "0.6", "6 rounds, 250 W avg, peak HR 171")
    (hevy,) = rows(export([_session([done])], catalog, "hevy"), "hevy")
    assert (hevy["duration_seconds"], hevy["distance_km"]) == ("120", "0.6")
    assert "250 W avg" in hevy["exercise_notes"]


@pytest.mark.parametrize("machine", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_a_session_exports_at_the_local_time_it_happened_whatever_the_machine_s_zone(machine, catalog, monkeypatch):
    import time

    monkeypatch.setenv("TZ", machine)
    time.tzset()
    try:
        # 09:51 UTC logged in Tokyo (+09:00): 18:51 there, wherever the export runs.
        session = _session([LoggedSet("a", "back_squat", 0, 100.0, 5)], offset=540)
        for layout in (*STRONG_LAYOUTS, "hevy"):
            (row,) = rows(export([session], catalog, layout), layout)
            assert row.get("Date", row.get("start_time")) in ("2026-03-13 18:51:00", "13 Mar 2026, 18:51")
            assert row.get("end_time", "13 Mar 2026, 19:29") == "13 Mar 2026, 19:29"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_two_sessions_at_one_wall_clock_time_stay_apart(catalog):
    """When clocks go back, 01:30 happens twice: the second carries its offset, so a reader keeps them apart."""
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    sessions = [SessionRecord(f"s{n}", start, start + timedelta(minutes=20), "performance", None, "completed", "",
                              (LoggedSet(f"x{n}", "back_squat", 0, 100.0, 5),), offset)
                for n, (start, offset) in enumerate(((first, -240), (first + timedelta(hours=1), -300)))]
    text = export(sessions, catalog, "classic")
    assert [r["Date"] for r in rows(text, "classic")] == ["2026-11-01 01:30:00", "2026-11-01 01:30:00-05:00"]
    back = parse_text("strong", text, catalog=catalog, tz=timezone(timedelta(hours=-4)))
    assert [s.started_at for s in back.sessions] == [s.started_at for s in sessions]


def test_hevy_superset_ids_and_set_types_survive_the_csv(catalog):
    first = parse_file("hevy", REAL / "hevy" / "ajccosta-kg.csv", catalog=catalog, tz=UTC)
    supersets = [s.metadata.get("superset_id") for r in first.sessions for s in r.sets]
    assert any(supersets)
    for unit in ("kg", "lb"):
        second = parse_text("hevy", export(first.sessions, catalog, "hevy", unit), catalog=catalog, tz=UTC)
        assert [s.metadata.get("superset_id") for r in second.sessions for s in r.sets] == supersets
        assert [(s.is_warmup, s.metadata.get("set_type")) for r in second.sessions for s in r.sets] == [
            (s.is_warmup, s.metadata.get("set_type")) for r in first.sessions for s in r.sets]
        assert second.sessions[0].started_at == first.sessions[0].started_at
    header = export(first.sessions, catalog, "hevy", "lb").splitlines()[0]
    assert header == ",".join(f'"{c}"' for c in HEVY_HEADER).format(w="lbs", d="miles")


def test_a_brain_s_group_letters_are_written_as_hevy_s_numbers_and_read_back_as_letters(catalog):
    """Hevy numbers a workout's supersets (0, 1, ... unquoted, as its own files show); FLUX's groups are
    letters. A is 0, B is 1; an id that is neither is written (quoted) and read back as it is."""
    ids = ["A", "B", "A", "B", "C", "x1", ""]
    sets = [LoggedSet(f"s{n}", exercise, n, 60.0, 8, metadata={"superset_id": i} if i else {})
            for n, (exercise, i) in enumerate(zip(("back_squat", "barbell_row", "back_squat", "barbell_row",
                                                   "pull_up", "bench_press", "deadlift"), ids))]
    text = export([_session(sets)], catalog, "hevy")
    assert [r["superset_id"] for r in rows(text, "hevy")] == ["0", "1", "0", "1", "2", "x1", ""]
    assert ',"Back Squat",0,' in text and ',"Bench Press","x1",' in text
    (back,) = parse_text("hevy", text, catalog=catalog, tz=UTC).sessions
    assert [s.metadata.get("superset_id", "") for s in back.sets] == ids


def test_titles_and_exercise_notes_are_written_and_read_back(catalog):
    sets = [LoggedSet("a", "back_squat", 0, 100.0, 5), LoggedSet("b", "back_squat", 1, 100.0, 5),
            LoggedSet("c", "pull_up", 2, None, 8)]
    session = _session(sets)._replace(title="Push, Day", exercise_notes={"back_squat": 'belt "on"'})
    classic = rows(export([session], catalog, "classic"), "classic")
    assert [(r["Workout Name"], r["Notes"]) for r in classic] == [
        ("Push, Day", 'belt "on"'), ("Push, Day", ""), ("Push, Day", "")]
    hevy = rows(export([session], catalog, "hevy"), "hevy")
    assert [(r["title"], r["exercise_notes"]) for r in hevy] == [
        ("Push, Day", 'belt "on"'), ("Push, Day", 'belt "on"'), ("Push, Day", "")]
    for layout in (*STRONG_LAYOUTS, "hevy"):
        (back,) = parse_text(KIND_OF_LAYOUT[layout], export([session], catalog, layout), catalog=catalog,
                             tz=UTC).sessions
        assert (back.title, dict(back.exercise_notes)) == ("Push, Day", {"back_squat": 'belt "on"'}), layout

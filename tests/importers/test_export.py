from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.importers import parse_file, parse_text
from flux_tui.importers.export import STRONG_IOS_HEADER, format_duration, to_strong_csv
from tests.fixtures.imports import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
UTC = timezone.utc


def titles(result):
    return {sid: meta["title"] for sid, meta in result.session_meta.items() if "title" in meta}


def numbers(result):
    return [(s.exercise_id, s.weight, s.reps, s.seconds, s.distance, s.rpe, s.is_warmup,
             s.metadata.get("set_type"), s.metadata.get("notes"))
            for session in result.sessions for s in session.sets]


STRONG_SAMPLES = [s for s in generate.all_samples() if s.name.startswith("strong")]


@pytest.mark.parametrize("sample", STRONG_SAMPLES, ids=lambda s: s.name)
@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_strong_round_trip_is_identical(sample, unit, catalog):
    first = parse_text("strong", sample.text, catalog=catalog, unit=sample.unit, tz=UTC)
    text = to_strong_csv(first.sessions, catalog, unit, titles=titles(first), tz=UTC)
    assert text.startswith(",".join(STRONG_IOS_HEADER) + "\n")
    second = parse_text("strong", text, catalog=catalog, tz=UTC)
    assert second.errors == []
    assert second.variant == "strong-ios"
    assert second.sessions == first.sessions  # ids, floats, metadata, times: all identical
    assert titles(second) == titles(first)


@pytest.mark.parametrize("name", ["strong_classic.csv", "strong_ios.csv", "strong_android.csv"])
def test_hand_written_strong_files_round_trip(name, catalog):
    first = parse_file("strong", FIXTURES / name, catalog=catalog, tz=UTC)
    for unit in ("kg", "lb"):
        for keep in (True, False):
            text = to_strong_csv(first.sessions, catalog, unit, titles=titles(first), tz=UTC,
                                 keep_original_units=keep)
            second = parse_text("strong", text, catalog=catalog, tz=UTC)
            if keep:
                assert second.sessions == first.sessions
            assert numbers(second) == numbers(first)  # values exact even when re-expressed in other units


@pytest.mark.parametrize("sample", [s for s in generate.all_samples() if not s.name.startswith("strong")],
                         ids=lambda s: s.name)
def test_other_sources_export_to_strong_with_exact_values(sample, catalog):
    kind = sample.name.split("-")[0]
    first = parse_text(kind, sample.text, catalog=catalog, tz=UTC)
    second = parse_text("strong", to_strong_csv(first.sessions, catalog, "lb", tz=UTC), catalog=catalog, tz=UTC)
    assert numbers(second) == numbers(first)
    assert [(s.started_at, s.completed_at, s.notes) for s in second.sessions] == [
        (s.started_at, s.completed_at, s.notes) for s in first.sessions]


def test_export_names_and_local_dates():
    start = datetime(2026, 3, 13, 14, 22, tzinfo=UTC)
    session = SessionRecord("s1", start, start + timedelta(minutes=66, seconds=30), "performance", None,
                            "completed", "ok", (
                                LoggedSet("a", "bench_press", 0, 100.0, 5, is_warmup=True),
                                LoggedSet("b", "bench_press", 1, 100.0, 5, rpe=8.0),
                                LoggedSet("c", "my_thing", 2, None, 10),
                                LoggedSet("d", "gone", 3, None, None, 30.0)))
    catalog = {"bench_press": {"name": "Bench Press"}, "my_thing": type("E", (), {"name": "Thing"})()}
    text = to_strong_csv([session], catalog, "kg", tz=timezone(timedelta(hours=1)))
    lines = text.splitlines()
    assert lines[1] == "2026-03-13 15:22:00,Workout,1h 6m 30s,Bench Press,W,100,kg,5,,,km,,,ok"
    assert lines[2].split(",")[3:9] == ["Bench Press", "1", "100", "kg", "5", "8"]
    assert lines[3].split(",")[3] == "Thing" and lines[4].split(",")[3] == "gone"
    assert format_duration(timedelta(hours=2, minutes=38)) == "2h 38m"
    assert format_duration(timedelta(0)) == ""
    with pytest.raises(ValueError):
        to_strong_csv([session], catalog, "stone")


finite = dict(allow_nan=False, allow_infinity=False)
weight_sets = st.builds(lambda w, r: (w, r, None, None),
                        st.none() | st.floats(0, 1000, **finite), st.none() | st.integers(0, 100))
timed_sets = st.builds(lambda w, r, s, d: (w, r, s, d),
                       st.none() | st.floats(0.001, 500, **finite), st.none() | st.integers(1, 100),
                       # Within the documented bounds of a set (units.py): 6 h, 100 km.
                       st.floats(0.001, 21_600, **finite), st.none() | st.floats(0.001, 1e5, **finite))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=st.lists(weight_sets | timed_sets, min_size=1, max_size=8), unit=st.sampled_from(["kg", "lb"]),
       rpe=st.none() | st.floats(0.5, 10, **finite),
       minutes=st.integers(0, 600))
def test_any_native_values_survive_the_round_trip_exactly(sets, unit, rpe, minutes, catalog):
    start = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    logged = tuple(LoggedSet(f"id{i}", "back_squat", i, w, r, s, d, rpe if i == 0 else None)
                   for i, (w, r, s, d) in enumerate(sets))
    session = SessionRecord("x", start, start + timedelta(minutes=minutes) if minutes else None,
                            "performance", None, "completed", "n, \"q\"\nz", logged)
    result = parse_text("strong", to_strong_csv([session], catalog, unit, tz=UTC), catalog=catalog, tz=UTC)
    assert result.errors == []
    (back,) = result.sessions
    assert (back.started_at, back.completed_at, back.notes) == (session.started_at, session.completed_at,
                                                               session.notes)
    assert [(s.weight, s.reps, s.seconds, s.distance, s.rpe) for s in back.sets] == [
        (s.weight, s.reps, s.seconds, s.distance, s.rpe) for s in logged]

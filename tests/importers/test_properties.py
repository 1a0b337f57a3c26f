"""Any text fed to a parser gives an ImportResult or an ImportFormatError, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flux_tui.importers import ImportFormatError, ImportResult, parse_text
from flux_tui.importers.formats import EXPECTED

HEADERS = {
    "strong": [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;"
        "Notes;Workout Notes;Workout Duration",
        '"Workout #","Date","Workout Name","Duration (sec)","Exercise Name","Set Order","Weight (kg)","Reps",'
        '"Distance (meters)","Seconds","Notes","Workout Notes","RPE"',
    ],
    "hevy": [
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
        "weight_lbs,reps,distance_miles,duration_seconds,rpe",
    ],
    "fitnotes": [
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment",
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
    ],
}
TOKENS = ["", "0", "1", "-1", "8.5", "72,5", "1e308", "1e999", "nan", "inf", "9" * 40, "W", "D", "F", "w",
          "Rest Timer", "kg", "lbs", "km", "mi", "m", "stone", "2026-03-13 15:22:00", "2026-02-30 10:00:00",
          "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2026-03-13", "13 Mar 2026, 15:22", "31 Feb 2026, 10:00",
          "1h 6m", "2h 38m", "99999999h", "0:25:30", "1:2:3:4", "::", "Bench Press (Barbell)", "Übung", "Jalá",
          "warmup", "dropset", "failure", '"', '""', '"a,b"', "\n", "\r\n", ";", ",", "\x00", "\ufeff", " "]


@st.composite
def csv_like(draw, kind):
    header = draw(st.sampled_from(HEADERS[kind]))
    delimiter = ";" if ";" in header else ","
    rows = draw(st.lists(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=16), max_size=8))
    return header + "\n" + "\n".join(delimiter.join(row) for row in rows)


def check(kind, text, catalog):
    for unit in ("kg", "lb"):
        try:
            result = parse_text(kind, text, catalog=catalog, unit=unit)
        except ImportFormatError as exc:
            assert str(exc)
            return
        assert isinstance(result, ImportResult)
        result.summary()
        for error in result.errors:
            assert error.line >= 1 and error.message
        for session in result.sessions:
            for s in session.sets:
                for value in (s.weight, s.seconds, s.distance):
                    assert value is None or 0 <= value < float("inf")
                assert s.reps is None or 0 <= s.reps
                assert s.rpe is None or 0 <= s.rpe <= 10


def _texts(kind):
    return st.text() | csv_like(kind) | st.builds(lambda h, t: h + t, st.sampled_from(HEADERS[kind]), st.text())


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_any_text_gives_a_result_or_a_format_error(kind, catalog):
    @FAST
    @given(text=_texts(kind))
    def run(text):
        check(kind, text, catalog)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_any_text_gives_a_result_or_a_format_error_10k(kind, catalog):
    @SLOW
    @given(text=_texts(kind))
    def run(text):
        check(kind, text, catalog)

    run()


def test_auto_detection_never_crashes(catalog):
    @FAST
    @given(text=st.text() | csv_like("strong") | csv_like("hevy") | csv_like("fitnotes"))
    def run(text):
        check("auto", text, catalog)

    run()

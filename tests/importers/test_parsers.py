from __future__ import annotations

import uuid
from fractions import Fraction
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from flux_tui.importers import ImportFormatError, ImportResult, detect_kind, parse_file, parse_text
from flux_tui.importers._core import NAMESPACE, stable_uuid
from tests.fixtures.imports import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
UTC = timezone.utc
LB = 0.45359237


def parse(kind, source, catalog, **kw):
    kw.setdefault("tz", UTC)
    return parse_file(kind, source, catalog=catalog, **kw)


def all_sets(result: ImportResult):
    return [s for session in result.sessions for s in session.sets]


# --- generated samples: every variant, hundreds of rows, checked value by value ---------

SAMPLES = {s.name: s for s in generate.all_samples()}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_generated_sample_reads_exactly(name, catalog):
    sample = SAMPLES[name]
    kind = name.split("-")[0]
    result = parse_text(kind, sample.text, catalog=catalog, unit=sample.unit, tz=UTC)
    assert result.errors == []
    assert result.session_count == sample.sessions
    got = all_sets(result)
    assert len(got) == len(sample.sets) > 300
    for expected, actual in zip(sample.sets, got):
        assert (actual.weight, actual.reps, actual.seconds, actual.distance) == (
            expected.weight, expected.reps, expected.seconds, expected.distance), (expected, actual)
        assert actual.is_warmup == expected.is_warmup
        assert actual.metadata.get("set_type") == expected.set_type
        assert actual.metadata["original_name"] == expected.name
        assert actual.set_index >= 0
    assert set(result.unmapped_names()) == sample.unmapped
    for session in result.sessions:
        assert session.status == "completed" and session.archetype == "performance"
        assert session.anchor_pattern is None
        assert [s.set_index for s in session.sets] == list(range(len(session.sets)))
        assert session.started_at.tzinfo is not None
    span = result.date_range()
    assert span[1] - span[0] > timedelta(days=60)  # several months


def test_generated_strong_rest_timers_are_not_sets(catalog):
    sample = SAMPLES["strong-ios"]
    result = parse_text("strong", sample.text, catalog=catalog, tz=UTC)
    assert sample.rest_timers > 10
    assert result.rows_read == len(sample.sets) + sample.rest_timers
    rests = [s for s in all_sets(result) if "rest_seconds" in s.metadata]
    assert 0 < len(rests) <= sample.rest_timers


# --- hand-written files that mirror real exports ----------------------------------------

def test_strong_classic_file(catalog):
    result = parse("strong", FIXTURES / "strong_classic.csv", catalog, unit="kg")
    assert result.variant == "strong-classic" and result.errors == []
    push, run, legs = result.sessions
    assert push.started_at == datetime(2022, 8, 2, 17, 52, 43, tzinfo=UTC)
    assert push.completed_at == push.started_at + timedelta(hours=1, minutes=6)
    assert legs.completed_at - legs.started_at == timedelta(hours=2, minutes=38)
    assert (push.title, run.title, legs.title) == ("Evening Workout", "Morning Run", "Leg Day")
    assert result.session_meta == {}
    warm, s1, s2, drop, pull, pull_f, plank = push.sets
    assert (warm.exercise_id, warm.weight, warm.reps, warm.is_warmup) == ("bench_press", 20.0, 10, True)
    assert (s1.weight, s1.reps, s1.seconds, s1.distance, s1.rpe) == (60.0, 8, None, None, None)
    assert s2.rpe == 8.5 and "notes" not in s2.metadata  # Strong's Notes are the exercise's: kept on the session
    assert push.exercise_notes == {"bench_press": "Paused, 1s"} and run.exercise_notes == {}
    assert s2.metadata["rest_seconds"] == 90.0  # the Rest Timer row after it
    assert drop.metadata["set_type"] == "dropset" and not drop.is_warmup
    assert (pull.exercise_id, pull.weight, pull.reps) == ("pull_up", 0.0, 10)
    assert pull_f.metadata["set_type"] == "failure"
    assert (plank.exercise_id, plank.weight, plank.reps, plank.seconds) == ("plank", None, None, 60.0)
    (running,) = run.sets
    assert run.notes == 'Easy pace, "zone 2"'
    assert (running.exercise_id, running.weight, running.reps) == ("run", None, None)
    assert running.distance == 5200.0 and running.seconds == 1860.0
    assert running.metadata["distance_unit"] == "km"
    custom = {c.id: c for c in result.custom_exercises}
    jala = custom["custom_dumbbell_jala_curl"]  # no catalog name, but a curl: its own exercise, elbow flexion
    assert (jala.name, jala.tracking, jala.load_type, jala.pattern, jala.primary_muscles) == (
        "Jalá Curl (Dumbbell)", "weight_reps", "dumbbell", "elbow_flexion", ("biceps",))
    assert legs.sets[-1].exercise_id == "custom_dumbbell_jala_curl"
    assert result.unmapped_names() == []
    assert result.matched_by_movement() == {"Jalá Curl (Dumbbell)": "elbow_flexion"}
    assert result.summary()["sets"] == 11


def test_strong_classic_in_pounds(catalog):
    result = parse("strong", FIXTURES / "strong_classic.csv", catalog, unit="lb", distance_unit="mi")
    squat = result.sessions[2].sets[0]
    assert squat.weight == 45.359237 and squat.metadata["weight_unit"] == "lb"
    assert result.sessions[1].sets[0].distance == float(Fraction("5.2") * Fraction("1609.344"))
    assert result.sessions[1].sets[0].metadata["distance_unit"] == "mi"


@pytest.mark.parametrize("weight, distance, kg, metres", [("kg", "km", 70.0, 1500.0),
                                                           ("lbs", "mi", 70 * LB, 1.5 * 1609.344)])
def test_strong_2016_names_its_columns_by_the_unit_alone(catalog, weight, distance, kg, metres):
    """As tests/fixtures/real/strong/mlahoz-2016.csv: `kg` and `km` were read as no column at all,
    and every set came in without its weight."""
    text = (f"Date,Workout Name,Exercise Name,Set Order,{weight},Reps,{distance},Seconds,Notes\r\n"
            '2016-10-03 19:30:55,"W1D1","Squat",0,70.0,5,0.0,0,""\r\n'
            '2016-10-03 19:30:55,"W1D1","Running",1,0.0,0,1.5,600,""\r\n')
    result = parse_text("strong", text, catalog=catalog, tz=UTC)
    assert result.errors == []
    squat, run = all_sets(result)
    assert (squat.exercise_id, squat.weight, squat.reps) == ("back_squat", pytest.approx(kg), 5)
    assert run.distance == pytest.approx(metres)


def test_strong_ios_units_crlf_multiline_note(catalog):
    result = parse("strong", FIXTURES / "strong_ios.csv", catalog)
    assert result.variant == "strong-ios" and result.errors == []
    ohp_lb, ohp_kg, row, run, pulldown = result.sessions[0].sets
    assert ohp_lb.weight == 61.23496995 and ohp_lb.metadata["weight_unit"] == "lb"  # 135 lb, exactly
    assert ohp_kg.weight == 61.5 and ohp_kg.rpe == 9.0 and ohp_kg.metadata["weight_unit"] == "kg"
    assert (row.exercise_id, row.distance, row.seconds, row.weight, row.reps) == ("rowing_erg", 2000.0, 480.0,
                                                                                  None, None)
    assert run.distance == 4988.9664 and run.metadata["distance_unit"] == "mi"  # 3.1 mi
    assert result.sessions[0].exercise_notes[pulldown.exercise_id] == 'multi\nline, "quoted" note'
    assert result.sessions[0].notes == "Felt good"


def test_strong_android_semicolon_bom_decimal_comma(catalog):
    result = parse("strong", FIXTURES / "strong_android.csv", catalog)
    assert result.variant == "strong-android" and result.errors == []
    (session,) = result.sessions
    assert session.completed_at - session.started_at == timedelta(hours=1, minutes=12)
    kreuz, warm, dl = session.sets
    assert kreuz.weight == 102.5 and kreuz.rpe == 8.5
    assert session.exercise_notes == {"custom_ubung_kreuzheben": "Gürtel, Magnesia"}
    assert kreuz.exercise_id == "custom_ubung_kreuzheben"
    assert warm.is_warmup and dl.weight == 140.0
    assert dl.metadata["rest_seconds"] == 180.0
    assert session.title == "Ganzkörper"


def test_hevy_file(catalog):
    result = parse("hevy", FIXTURES / "hevy.csv", catalog)
    assert result.variant == "hevy-kg-km" and result.errors == []
    upper, cardio = result.sessions
    assert upper.started_at == datetime(2026, 3, 13, 15, 22, tzinfo=UTC)
    assert upper.completed_at == datetime(2026, 3, 13, 16, 31, tzinfo=UTC)
    assert upper.notes == 'Good one, "solid"'
    warm, top, drop, row, pull, plank = upper.sets
    assert warm.is_warmup and "set_type" not in warm.metadata
    assert top.rpe == 8.0 and drop.metadata["set_type"] == "dropset"
    assert row.metadata == {"original_name": "Bent Over Row (Barbell)", "weight_unit": "kg", "superset_id": "A"}
    assert upper.exercise_notes == {row.exercise_id: "slow eccentric"}  # on every row of it in the file: once
    assert (pull.weight, pull.reps, pull.metadata["set_type"], pull.metadata["superset_id"]) == (
        None, 9, "failure", "A")  # Hevy's superset 0 is FLUX's group A
    assert (plank.seconds, plank.weight, plank.reps) == (75.0, None, None)
    (run,) = cardio.sets
    assert (run.exercise_id, run.distance, run.seconds) == ("run", 5250.0, 1830.0)


def test_hevy_pounds_and_miles(catalog):
    text = (FIXTURES / "hevy.csv").read_text(encoding="utf-8").replace("weight_kg", "weight_lbs").replace(
        "distance_km", "distance_miles")
    result = parse_text("hevy", text, catalog=catalog, tz=UTC)
    assert result.variant == "hevy-lbs-miles"
    assert result.sessions[0].sets[1].weight == 36.2873896  # 80 lb
    assert result.sessions[1].sets[0].distance == 8449.056  # 5.25 mi


def test_fitnotes_files(catalog):
    result = parse("fitnotes", FIXTURES / "fitnotes.csv", catalog)
    assert result.variant == "fitnotes-kgs" and result.errors == []
    day1, day2 = result.sessions
    assert day1.started_at == datetime(2026, 2, 1, tzinfo=UTC) and day1.completed_at is None
    bench1, bench2, squat, run = day1.sets
    assert bench2.metadata["notes"] == "Spotter, finally" and bench2.metadata["category"] == "Chest"
    assert (run.distance, run.seconds, run.weight, run.reps) == (5000.0, 1530.0, None, None)
    plank, pull = day2.sets
    assert (plank.seconds, plank.weight) == (90.0, None)
    assert (pull.weight, pull.reps) == (0.0, 8)

    newer = parse("fitnotes", FIXTURES / "fitnotes_weight_unit.csv", catalog)
    assert newer.variant == "fitnotes-weight-unit" and newer.errors == []
    lbs, kgs, row, carry = newer.sessions[0].sets
    assert lbs.weight == 61.23496995 and lbs.metadata["weight_unit"] == "lb"
    assert kgs.weight == 60.0
    assert (row.exercise_id, row.distance, row.seconds, row.weight, row.reps) == ("rowing_erg", 2000.0, 485.0,
                                                                                  None, None)
    assert (carry.exercise_id, carry.weight, carry.distance, carry.reps) == ("farmers_carry", 32.0, 40.0, None)


# --- malformed input: row errors with line numbers, the rest imports -------------------

def test_malformed_rows_are_reported_and_the_rest_imports(catalog):
    result = parse("strong", FIXTURES / "strong_malformed.csv", catalog)
    assert [(e.line, e.message.split(":")[0]) for e in result.errors] == [
        (3, "Date"), (4, "Weight"), (5, "truncated line"), (6, "wrong column count"), (7, "Set Order"),
        (8, "Reps"), (9, "RPE"), (12, "Reps")]
    assert "'sixty' is not a number" in result.errors[1].message
    assert "expected 12 fields, got 6" in result.errors[2].message
    assert [s.weight for s in all_sets(result)] == [60.0, 62.5]
    assert str(result.errors[0]).startswith("line 3: ")


@pytest.mark.parametrize("kind", ["strong", "hevy", "fitnotes"])
def test_empty_file_fails_as_a_whole(kind, catalog):
    for text in ("", "\n\n", "\ufeff", "   \r\n"):
        with pytest.raises(ImportFormatError, match="empty"):
            parse_text(kind, text, catalog=catalog)


def test_wrong_header_names_the_expected_one(catalog):
    with pytest.raises(ImportFormatError) as info:
        parse_text("strong", "foo,bar\n1,2\n", catalog=catalog)
    message = str(info.value)
    assert "not a Strong export" in message and "Exercise Name,Set Order" in message and "foo,bar" in message
    with pytest.raises(ImportFormatError, match="weight_kg"):
        parse_text("hevy", "Date,Exercise\n", catalog=catalog)
    with pytest.raises(ImportFormatError, match="Weight \\(kgs\\)"):
        parse_text("fitnotes", "a;b;c\n", catalog=catalog)


def test_wrong_kind_gets_a_hint(catalog):
    text = (FIXTURES / "hevy.csv").read_text(encoding="utf-8")
    with pytest.raises(ImportFormatError, match="looks like a Hevy export: import it as 'hevy'"):
        parse_text("strong", text, catalog=catalog)
    assert detect_kind(text) == "hevy"
    assert detect_kind((FIXTURES / "strong_android.csv").read_text(encoding="utf-8-sig")) == "strong"
    assert detect_kind((FIXTURES / "fitnotes.csv").read_text(encoding="utf-8")) == "fitnotes"
    assert parse_text("auto", text, catalog=catalog).source == "hevy"


def test_header_only_file_is_an_empty_import(catalog):
    result = parse_text("strong", (FIXTURES / "strong_classic.csv").read_text().splitlines()[0], catalog=catalog)
    assert result.sessions == [] and result.errors == [] and result.date_range() is None


def test_unknown_units_and_nonfinite_numbers_are_row_errors(catalog):
    head = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,Distance Unit," \
           "Seconds,Notes,Workout Notes\n"
    rows = ["2026-01-01 10:00:00,A,1h,Squat (Barbell),1,100,stone,5,,,,,,",
            "2026-01-01 10:00:00,A,1h,Squat (Barbell),2,nan,kg,5,,,,,,",
            "2026-01-01 10:00:00,A,1h,Squat (Barbell),3,1e999,lbs,5,,,,,,",
            "2026-01-01 10:00:00,A,1h,Running,1,,,,,5,furlong,600,,",
            "1066-10-14 09:00:00,A,1h,Running,1,,,,,5,km,600,,",
            "2026-01-01 10:00:00,A,1h,Squat (Barbell),4,100,kg,5,,,,,,"]
    result = parse_text("strong", head + "\n".join(rows), catalog=catalog, tz=UTC)
    assert [e.line for e in result.errors] == [2, 3, 4, 5, 6]
    assert "unknown unit 'stone'" in result.errors[0].message
    assert "out of range" in result.errors[4].message
    assert result.set_count == 1


def test_bad_duration_keeps_the_workout_without_end(catalog):
    text = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
            "2026-01-01 10:00:00,A,forever,Squat (Barbell),1,100,5,0,0,,,\n")
    result = parse_text("strong", text, catalog=catalog, tz=UTC)
    assert result.set_count == 1 and result.sessions[0].completed_at is None
    assert result.errors[0].line == 2 and "without an end time" in result.errors[0].message


# --- units, ids, sources, time zones, progress ---------------------------------------

def test_unit_conversions_are_exact(catalog):
    head = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type," \
           "weight_lbs,reps,distance_miles,duration_seconds,rpe\n"
    rows = [f"T,1 Jan 2026 10:00,,,Squat (Barbell),,,{i},normal,{w},5,,," for i, w in enumerate(
        ["1", "2.5", "135", "225", "315", "0.1", "2000"])]  # 2000 lb: near the bound of 1000 kg
    rows.append("T,1 Jan 2026 10:00,,,Running,,,0,normal,,,26.2,3600,")
    result = parse_text("hevy", head + "\n".join(rows), catalog=catalog, tz=UTC)
    weights = [s.weight for s in all_sets(result)][:-1]
    assert weights == [0.45359237, 1.133980925, 61.23496995, 102.05828325, 142.88159655, 0.045359237, 907.18474]
    assert all_sets(result)[-1].distance == 42164.8128
    assert 1 * LB == weights[0]


def test_ids_are_deterministic_and_follow_the_scheme(catalog):
    a = parse("strong", FIXTURES / "strong_classic.csv", catalog)
    b = parse("strong", (FIXTURES / "strong_classic.csv").read_bytes(), catalog)
    c = parse("strong", str(FIXTURES / "strong_classic.csv"), catalog, tz=timezone(timedelta(hours=5)))
    ids = lambda r: [(s.id, [x.id for x in s.sets]) for s in r.sessions]  # noqa: E731
    assert ids(a) == ids(b) == ids(c)  # the time zone moves started_at, not the ids
    assert a.sessions == b.sessions
    assert c.sessions[0].started_at == a.sessions[0].started_at - timedelta(hours=5)
    session = a.sessions[0]
    assert session.id == str(uuid.uuid5(NAMESPACE, "strong|2022-08-02T17:52:43"))
    assert session.sets[1].id == str(uuid.uuid5(NAMESPACE, "strong|2022-08-02T17:52:43|bench press (barbell)|1"))
    all_ids = [x.id for s in a.sessions for x in s.sets] + [s.id for s in a.sessions]
    assert len(set(all_ids)) == len(all_ids)
    assert stable_uuid("x") == str(uuid.uuid5(NAMESPACE, "x"))


def test_same_workout_different_sources_do_not_collide(catalog):
    strong = parse("strong", FIXTURES / "strong_classic.csv", catalog)
    again = parse_text("strong", (FIXTURES / "strong_classic.csv").read_text(), catalog=catalog, tz=UTC)
    assert [s.id for s in strong.sessions] == [s.id for s in again.sessions]
    hevy = parse("hevy", FIXTURES / "hevy.csv", catalog)
    assert not {s.id for s in strong.sessions} & {s.id for s in hevy.sessions}


def test_default_time_zone_is_local(catalog):
    result = parse_file("strong", FIXTURES / "strong_classic.csv", catalog=catalog)
    expected = datetime(2022, 8, 2, 17, 52, 43).astimezone(UTC)
    assert result.sessions[0].started_at == expected


def test_progress_is_reported(catalog):
    calls = []
    sample = SAMPLES["strong-classic"]
    result = parse_text("strong", sample.text * 1, catalog=catalog, progress=lambda d, t: calls.append((d, t)))
    # The rows are read as they come: the total is the file's line count until the last call says
    # how many records there were (a quoted note may span lines).
    assert calls[0] == (0, sample.text.count("\n") - 1) and calls[-1] == (result.rows_read, result.rows_read)
    assert result.rows_read <= calls[0][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and all(d <= t for d, t in calls)


def test_catalog_of_exercise_objects(catalog):
    from flux_tui.brain.models import Exercise

    objects = {k: Exercise(k, v["name"], v["pattern"], v["tracking"], v["load_type"], v["increment"],
                           v.get("modality"), tuple(v.get("aliases", ()))) for k, v in catalog.items()}
    result = parse("strong", FIXTURES / "strong_classic.csv", objects)
    assert result.sessions == parse("strong", FIXTURES / "strong_classic.csv", catalog).sessions


def test_custom_exercise_tracking_is_guessed(catalog):
    head = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
    rows = ["2026-01-01,Sled Drag Thing,Conditioning,80.0,,20.0,m,,",
            "2026-01-01,Weighted Wall Sit,Legs,20.0,,,,0:01:00,",
            "2026-01-01,Jalá Hops,Legs,,15,,,,",
            "2026-01-01,Bike Sprint,Cardio,,,1.0,km,0:02:00,",
            "2026-01-01,Jalá Swing (Dumbbell),Arms,10.0,12,,,,",
            "2026-01-01,Jalá Hang,Back,,,,,0:00:45,"]
    result = parse_text("fitnotes", head + "\n".join(rows), catalog=catalog, tz=UTC)
    tracking = {c.name: (c.tracking, c.load_type, c.pattern) for c in result.custom_exercises}
    assert tracking == {
        "Sled Drag Thing": ("weight_distance", "sled", "unassigned"),  # equipment named outside parentheses too
        "Weighted Wall Sit": ("weight_seconds", "bodyweight", "squat"),  # a wall sit, weighted
        "Jalá Hops": ("reps", "bodyweight", "unassigned"),
        "Bike Sprint": ("distance_seconds", "none", "conditioning"),  # FitNotes' Cardio category
        "Jalá Swing (Dumbbell)": ("weight_reps", "dumbbell", "unassigned"),
        "Jalá Hang": ("seconds", "none", "unassigned"),
    }
    row = result.custom_exercises[0].as_row()
    assert set(row) == {"id", "name", "pattern", "modality", "tracking", "load_type", "increment", "aliases",
                        "primary_muscles", "secondary_muscles"}


def test_spellings_sharing_a_custom_id_become_aliases(catalog):
    head = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
    rows = ["2026-01-01,Zercher Squat,Legs,80.0,5,,,,", "2026-01-02,zercher squats,Legs,80.0,5,,,,"]
    result = parse_text("fitnotes", head + "\n".join(rows), catalog=catalog, tz=UTC)
    (custom,) = result.custom_exercises
    assert (custom.id, custom.name, custom.aliases) == ("custom_zercher_squat", "Zercher Squat", ("zercher squats",))


def test_text_that_looks_like_a_missing_path_is_text(catalog):
    with pytest.raises(ImportFormatError):
        parse_file("strong", "no/such/file.csv", catalog=catalog)


def test_cp1252_bytes_are_read(catalog):
    data = (FIXTURES / "fitnotes.csv").read_text(encoding="utf-8").replace("Spotter", "Spött").encode("cp1252")
    result = parse("fitnotes", data, catalog)
    assert result.sessions[0].sets[1].metadata["notes"] == "Spött, finally"

"""`flux-tui import strong|hevy|fitnotes` end to end: parse, map, store, rebuild."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.imports.generate import all_samples

SAMPLES = {sample.name: sample for sample in all_samples()}


def _kind(name: str) -> str:
    return name.split("_")[0].split("-")[0]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_imports_once_and_state_matches(cli, tmp_path, name):
    sample = SAMPLES[name]
    path = tmp_path / f"{name}.csv"
    path.write_text(sample.text, encoding="utf-8")
    kind = _kind(name)
    dry = cli("import", kind, str(path), "--dry-run", "--unit", sample.unit, "--json")
    assert dry.status == 0, dry.err
    assert dry.json()["sets"] == len(sample.sets)
    assert cli("history", "--json").json() == [], "--dry-run changed nothing"

    first = cli("import", kind, str(path), "--unit", sample.unit, "--json").json()
    assert first["sets_added"] == len(sample.sets)
    assert first["sessions_added"] == sample.sessions
    again = cli("import", kind, str(path), "--unit", sample.unit, "--json").json()
    assert (again["sessions_added"], again["sets_added"]) == (0, 0)

    customs = [e for e in cli("exercises", "--json").json() if e["is_custom"]]
    assert {e["name"] for e in customs if e["pattern"] == "unassigned"} == sample.unmapped
    assert all(re.fullmatch(r"custom_[0-9a-f]{32}", e["id"]) for e in customs)
    # A name the catalog lacks but whose movement is known keeps its own id and gets the pattern
    by_name = {e["name"]: e for e in customs}
    if "Jalá Curl (Dumbbell)" in by_name:
        curl = by_name["Jalá Curl (Dumbbell)"]
        assert (curl["pattern"], curl["load_type"], curl["primary_muscles"]) == ("elbow_flexion", "dumbbell", ["biceps"])
    assert cli("state", "--rebuild", "--json").json()["matched"] is True


def test_unreadable_rows_are_reported_with_their_line_and_the_rest_imports(cli):
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "imports" / "strong_malformed.csv"
    result = cli("import", "strong", str(path), "--json")
    assert result.status == 0
    report = result.json()
    assert report["sets_added"] > 0
    assert any(line.startswith(f"{path}:3:") for line in report["skipped_rows"]), report["skipped_rows"]
    assert f"{path}:3:" in result.err


def test_a_file_of_another_format_is_refused_whole(cli, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("when,what,how much\n2026-01-01,squat,100\n", encoding="utf-8")
    result = cli("import", "strong", str(path))
    assert result.status == 1 and str(path) in result.err
    assert cli("history", "--json").json() == []


def test_csv_export_reads_back_as_the_same_history(cli, tmp_path):
    sample = SAMPLES["strong-ios"]
    source = tmp_path / "in.csv"
    source.write_text(sample.text, encoding="utf-8")
    cli("import", "strong", str(source), "--unit", sample.unit)
    before = cli("history", "--json", "--limit", "0").json()
    exported = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "-o", str(exported)).status == 0
    assert exported.read_text(encoding="utf-8").startswith("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit")
    cli("reset", "--yes")
    assert cli("import", "strong", str(exported)).status == 0
    after = cli("history", "--json", "--limit", "0").json()

    def weights(history):
        # The CSV rounds to 0.01 of its unit, as Strong does.
        return sorted((s["date"], x["exercise"], round(x["weight"] or 0, 2), x["reps"]) for s in history
                      for x in s["sets"] if not x["exercise"].startswith("custom_"))

    assert weights(after) == weights(before)


def test_state_after_an_import_into_an_empty_store_equals_a_full_rebuild(cli, tmp_path):
    """An import into an empty store folds the records it holds; they must give what the store gives."""
    for name in ("hevy-lbs-miles", "strong-ios", "fitnotes-kgs"):
        sample = SAMPLES[name]
        path = tmp_path / f"{name}.csv"
        path.write_text(sample.text, encoding="utf-8")
        cli("reset", "--yes")
        assert cli("import", _kind(sample.name), str(path), "--unit", sample.unit).status == 0
        assert cli("state", "--rebuild", "--json").json()["matched"] is True, name


def test_the_summary_lists_names_matched_by_movement_apart_from_unknown_ones(cli, tmp_path):
    head = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    rows = ['2026-03-02 18:00:00,"Legs",1h,"Romanian Deadlift (Kettlebell)",1,24,10,0,0,"","",',
            '2026-03-02 18:00:00,"Legs",1h,"Zercher Squat",1,80,5,0,0,"","",',
            '2026-03-02 18:00:00,"Legs",1h,"Leg Extension (Machine)",1,40,12,0,0,"","",']
    path = tmp_path / "strong.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    text = cli("import", "strong", str(path), "--dry-run").out
    assert "Romanian Deadlift (Kettlebell) → hinge" in text and "  Zercher Squat" in text
    report = cli("import", "strong", str(path), "--json").json()
    assert report["matched_by_movement"] == {"Romanian Deadlift (Kettlebell)": "hinge"}
    assert report["unmapped_exercises"] == ["Zercher Squat"]
    again = cli("import", "strong", str(path), "--json").json()  # the names are the user's own exercises now
    assert (again["matched_by_movement"], again["unmapped_exercises"], again["sets_added"]) == ({}, [], 0)
    (session,) = cli("history", "--json").json()
    by_name = {s["metadata"]["original_name"]: s for s in session["sets"]}
    assert by_name["Romanian Deadlift (Kettlebell)"]["metadata"]["equipment"] == "kettlebell"
    assert "equipment" not in by_name["Leg Extension (Machine)"]["metadata"]
    own = {e["name"]: e for e in cli("exercises", "--json").json() if e["is_custom"]}
    rdl = own["Romanian Deadlift (Kettlebell)"]
    assert (rdl["pattern"], rdl["load_type"], rdl["primary_muscles"]) == ("hinge", "kettlebell", ["hamstrings", "glutes"])
    assert own["Zercher Squat"]["pattern"] == "unassigned"


def test_a_file_whose_rows_all_fail_exits_non_zero_with_the_first_reasons(cli, tmp_path):
    """Never "imported 0 sessions" and exit 0: the file's first problems, and nothing stored."""
    path = tmp_path / "hevy.csv"
    rows = "".join(f'"A","{day} Foo 2026, 15:22","","","Squat",,"",0,"normal",100,5,,,\n' for day in range(1, 9))
    path.write_text("title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,"
                    "set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n" + rows, encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        result = cli("import", "hevy", str(path), *extra)
        assert result.status == 1, result.out
        assert "imported 0" not in result.out + result.err
        assert f"{path}: none of its 8 rows could be imported" in result.err
        assert f"{path}:2: start_time: '1 Foo 2026, 15:22' is not a date" in result.err
        assert "… and 3 more" in result.err and f"{path}:7:" not in result.err  # the first five, then a count
    assert cli("history", "--json").json() == []


def test_a_file_without_unit_columns_says_the_unit_taken_and_the_flag(cli):
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "real" / "strong" / "hipml-lb.csv"
    result = cli("import", "strong", str(path), "--dry-run", "--json")
    assert result.status == 0 and result.json()["assumed_units"] == {"weight": "kg"}
    assert "names no unit: weights read as kg" in result.err and "--unit lb" in result.err
    pounds = cli("import", "strong", str(path), "--unit", "lb", "--json")
    assert pounds.json()["assumed_units"] == {"weight": "lb"} and "--unit kg" in pounds.err
    with_units = Path(__file__).parents[1] / "fixtures" / "real" / "strong_android" / "dstanek-lbs.csv"
    said = cli("import", "strong", str(with_units), "--json")
    assert "assumed_units" not in said.json() and "names no unit" not in said.err

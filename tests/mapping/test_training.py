"""Mapping the user's own exercises through Training, on a real SQLite store holding a real export."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from flux_tui.errors import StoreRefused
from flux_tui.training import ExerciseMapping, Training
from tests.mapping.real_history import UNMAPPED, by_name, import_real


@pytest.fixture
def training(tmp_path):
    opened = Training.open(tmp_path / "flux.sqlite3")
    import_real(opened)
    yield opened
    opened.close()


def _sets_of(training, exercise_id):
    with sqlite3.connect(training.path) as conn:
        return {r[0] for r in conn.execute(
            "SELECT id FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL", (exercise_id,))}


def test_unmapped_lists_the_real_names_with_their_sets_most_first(training):
    rows = training.unmapped()
    assert [(r.name, r.sets) for r in rows] == sorted(UNMAPPED.items(), key=lambda item: -item[1])
    assert all(r.pattern == "unassigned" for r in rows)
    # every custom exercise, mapped or not, with --all
    every = training.unmapped(all_custom=True)
    assert {r.name for r in rows} < {r.name for r in every}
    assert [r.sets for r in every] == sorted((r.sets for r in every), reverse=True)


def test_merging_moves_the_history_and_makes_the_name_an_alias(training):
    custom = by_name(training)["Lat Pulldown (Custom)"]
    moved = _sets_of(training, custom)
    before = training.exercise_set_count("lat_pulldown")
    training.apply_mappings([ExerciseMapping(custom, into="lat_pulldown")])
    assert _sets_of(training, custom) == set()
    assert moved <= _sets_of(training, "lat_pulldown")
    assert training.exercise_set_count("lat_pulldown") == before + 18
    assert custom not in training.catalog  # no longer an exercise of its own ...
    assert "Lat Pulldown (Custom)" in training.catalog["lat_pulldown"].aliases  # ... but a name of the target
    assert "Lat Pulldown (Custom)" not in {r.name for r in training.unmapped(all_custom=True)}
    # the changed sets are queued for sync as ordinary row changes, the merged row with them
    with sqlite3.connect(training.path) as conn:
        queued = {r[0] for r in conn.execute("SELECT row_id FROM outbox WHERE table_name = 'workout_sets'")}
        assert moved <= queued
        assert conn.execute("SELECT merged_into FROM exercises WHERE id = ?", (custom,)).fetchone()[0] == "lat_pulldown"


def test_a_second_import_of_the_same_file_finds_the_merged_name(training, tmp_path):
    custom = by_name(training)["Lat Pulldown (Custom)"]
    training.apply_mappings([ExerciseMapping(custom, into="lat_pulldown")])
    other = Training.open(tmp_path / "other.sqlite3")
    try:
        from flux_tui.importers import parse_file
        from tests.mapping.real_history import FILE

        result = parse_file("strong", FILE.read_text(encoding="utf-8"), unit="lb", catalog=training.catalog)
        assert "Lat Pulldown (Custom)" not in {e.name for e in result.custom_exercises}
    finally:
        other.close()


def test_a_set_arriving_later_for_a_merged_exercise_follows_the_merge(training):
    """A set logged on another device before it saw the merge (pulled later), or imported again."""
    custom = by_name(training)["Lat Pulldown (Custom)"]
    training.apply_mappings([ExerciseMapping(custom, into="lat_pulldown")])
    with sqlite3.connect(training.path) as conn:
        session = conn.execute("SELECT id FROM workout_sessions LIMIT 1").fetchone()[0]
        conn.execute("INSERT INTO workout_sets (id, session_id, exercise_id, set_index, reps, is_warmup, metadata,"
                     " logged_at, created_at, updated_at) VALUES ('late', ?, ?, 99, 5, 0, '{}', '2015-10-05T10:00:00Z',"
                     " '2015-10-05T10:00:00Z', '2015-10-05T10:00:00Z')", (session, custom))
        assert conn.execute("SELECT exercise_id FROM workout_sets WHERE id = 'late'").fetchone()[0] == "lat_pulldown"


def test_a_pattern_keeps_the_name_and_counts_in_the_state(training):
    custom = by_name(training)["Incline Press"]
    debt_before = training.state.pattern_debts["vertical_push"]
    training.apply_mappings([ExerciseMapping(custom, pattern="vertical_push")])
    assert training.catalog[custom].name == "Incline Press"
    assert training.catalog[custom].pattern == "vertical_push"
    assert "Incline Press" not in {r.name for r in training.unmapped()}
    assert training.state.pattern_debts["vertical_push"] < debt_before
    assert training.rebuild().matched  # the stored state is the fold of the mapped history


def test_merging_pays_the_target_pattern_s_debt(training):
    debt_before = training.state.pattern_debts["vertical_pull"]
    training.apply_mappings([ExerciseMapping(by_name(training)["Lat Pulldown (Custom)"], into="lat_pulldown")])
    assert training.state.pattern_debts["vertical_pull"] < debt_before
    assert training.rebuild().matched


def test_after_mapping_the_plan_follows_the_mapped_pattern_s_debt(training):
    """The day after the history's last session the plan is a Recovery anchored on the pattern
    owing the largest share of its cap (horizontal_pull, all of it); giving it the 18 sets of `Lat Pulldown (Custom)` (a
    wrong pattern, picked for the arithmetic: the last of them came two days before) pays part of
    that debt, and the anchor moves to the candidate owed most after it."""
    day = training.state.as_of + timedelta(hours=30)
    before = training.plan(day)
    owed = before.anchor_pattern
    candidates = getattr(training.brain.sessions, before.archetype).anchor_patterns
    caps = {p: training.brain.logic.patterns[p].cap for p in candidates}
    assert owed == max(candidates, key=lambda p: before.debts[p] / caps[p])
    training.apply_mappings([ExerciseMapping(by_name(training)["Lat Pulldown (Custom)"], pattern=owed)])
    after = training.plan(day)
    assert after.debts[owed] < before.debts[owed]
    assert after.anchor_pattern == max(candidates, key=lambda p: after.debts[p] / caps[p]) != owed
    assert {p: d for p, d in after.debts.items() if p != owed} == {p: d for p, d in before.debts.items() if p != owed}


@pytest.mark.parametrize("mapping, problem", [
    (ExerciseMapping("lat_pulldown", pattern="squat"), "not one of your own exercises"),
    (ExerciseMapping("CUSTOM", pattern="squatt"), "unknown pattern 'squatt'"),
    (ExerciseMapping("CUSTOM", into="lat_pulldwn"), "no catalog exercise 'lat_pulldwn'"),
    (ExerciseMapping("CUSTOM"), "either a pattern or an exercise"),
])
def test_a_bad_mapping_is_refused_and_nothing_changes(training, mapping, problem):
    custom = by_name(training)["Leg Press (Custom)"]
    mapping = mapping._replace(exercise_id=custom) if mapping.exercise_id == "CUSTOM" else mapping
    good = ExerciseMapping(by_name(training)["Incline Press"], pattern="horizontal_push")
    version = training.history_version()
    with pytest.raises(StoreRefused, match=problem):
        training.apply_mappings([good, mapping])
    assert training.history_version() == version
    assert training.catalog[good.exercise_id].pattern == "unassigned"  # the good one was not applied either


def test_merging_twice_or_into_your_own_exercise_is_refused(training):
    names = by_name(training)
    with pytest.raises(StoreRefused, match="no catalog exercise"):
        training.apply_mappings([ExerciseMapping(names["Leg Press (Custom)"], into=names["Incline Press"])])
    training.apply_mappings([ExerciseMapping(names["Leg Press (Custom)"], into="leg_press")])
    with pytest.raises(StoreRefused, match="not one of your own exercises"):
        training.apply_mappings([ExerciseMapping(names["Leg Press (Custom)"], into="leg_press")])


@pytest.mark.parametrize("history_before", [True, False], ids=["into-a-history", "into-a-new-store"])
def test_an_imported_set_naming_a_merged_exercise_follows_the_merge(tmp_path, history_before):
    """A FLUX JSON file names exercises by id: one merged here since the export is re-pointed as the
    import adds it, queued for sync and tallied under the exercise it was merged into, and the state
    (derived as the import commits, by a shortcut into a store without history) counts it there."""
    from datetime import datetime, timezone

    from flux_tui.engine.history import LoggedSet, SessionRecord

    training = Training.open(tmp_path / "flux.sqlite3")
    try:
        if history_before:
            import_real(training)
            custom = by_name(training)["Lat Pulldown (Custom)"]
        else:
            custom = "custom_" + "0" * 31 + "1"
        # the exported file's own exercise, as a FLUX JSON file carries it
        row = {"id": custom, "name": "Lat Pulldown (Custom)", "pattern": "unassigned", "tracking": "weight_reps",
               "load_type": "cable", "increment": 2.5, "is_custom": True}
        if not history_before:
            training._store.exercises.add_custom([row])
        training.apply_mappings([ExerciseMapping(custom, into="lat_pulldown")])
        started = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
        set_id, session_id = "40000000-0000-4000-8000-000000000001", "40000000-0000-4000-8000-000000000002"
        training.import_sessions([SessionRecord(
            id=session_id, started_at=started, completed_at=started + timedelta(hours=1), archetype="performance",
            anchor_pattern="vertical_pull", status="completed", utc_offset=0,
            sets=(LoggedSet(set_id, custom, 0, weight=50.0, reps=10, logged_at=started),))], [row])
        with sqlite3.connect(training.path) as conn:
            assert conn.execute("SELECT exercise_id FROM workout_sets WHERE id = ?", (set_id,)).fetchone() == \
                ("lat_pulldown",)
            assert conn.execute("SELECT count(*) FROM outbox WHERE table_name = 'workout_sets' AND row_id = ?",
                                (set_id,)).fetchone() == (1,)
            assert conn.execute("SELECT exercise_id, working_sets FROM exercise_volume WHERE session_id = ?",
                                (session_id,)).fetchall() == [("lat_pulldown", 1)]
        assert training.rebuild().matched, "the stored state is the fold of the re-pointed set"
    finally:
        training.close()

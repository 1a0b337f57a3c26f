"""The store queries behind the History screens: same rows as the plain queries, from either end, on indexes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flux_tui.engine.records import e1rm
from flux_tui.training import Training
from flux_tui.ui.screens.history_exercise import best_e1rm_per_session, week_starts
from flux_tui.ui.widgets.plots import downsample_max

from .test_history import copy_of, realistic_template  # noqa: F401  (fixture)


@pytest.fixture
def store(flux_home, realistic_template):
    training = Training.open(copy_of(realistic_template, flux_home))
    yield training.store
    training.close()


def test_history_pages_match_the_plain_query_from_both_ends(store):
    total = store.count_history_sessions()
    assert total == store.count_sessions() == 31
    plain = [r.id for r in store.sessions_page(100)]
    for offset in (0, 5, 14, 16, 25, 30, 31):
        for total_given in (None, total):
            page = store.history_sessions(7, offset, total=total_given)
            assert [r.id for r in page] == plain[offset:offset + 7]
    rows = {r.id: r for r in store.sessions_page(100)}
    assert all(rows[r.id] == r for r in store.history_sessions(40))  # same tallies (sets, volume)


def test_exercise_pages_match_from_both_ends(store):
    total = store.count_exercise_sets("assault_bike")
    plain = [s.id for _, s in store.exercise_sets("assault_bike", 1000)]
    assert len(plain) == total > 100
    for offset in (0, 60, 75, total - 10):
        page = store.exercise_history_sets("assault_bike", 20, offset, total=total)
        assert [s.id for _, s in page] == plain[offset:offset + 20]


def test_filter_ids_are_the_sessions_with_the_exercise(store):
    ids = store.history_session_ids("deadlift")
    assert ids == [r.id for r in store.sessions_page(100, exercise_id="deadlift")]


@pytest.mark.parametrize("sql", [
    "SELECT id FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {w}"
    " ORDER BY started_at DESC, id DESC LIMIT 5 OFFSET 10",
    "SELECT id FROM workout_sets INDEXED BY workout_sets_exercise_history_idx WHERE exercise_id = 'x'"
    " AND deleted_at IS NULL ORDER BY logged_at DESC, id DESC LIMIT 5 OFFSET 10",
])
def test_page_queries_walk_an_index_without_sorting(store, sql):
    plan = " ".join(row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN " + sql.format(w=store.HISTORY_SESSIONS)))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_best_e1rm_per_session_uses_the_engine_formula(store):
    working = store.exercise_working_sets("back_squat")
    dates, values = best_e1rm_per_session(working)
    assert dates == sorted(dates) and len(dates) == len({r[0] for r in working})
    session_id = working[-1][0]
    best = max(e1rm(s.weight, s.reps) for s in store.session(session_id).sets
               if s.exercise_id == "back_squat" and not s.is_warmup)
    assert values[-1] == pytest.approx(best)


def test_weekly_pattern_sets_count_working_sets_by_monday(store):
    latest = store.history_sessions(1)[0].started_at
    weeks = week_starts(latest)
    assert len(weeks) == 16 and datetime.fromisoformat(weeks[-1]).weekday() == 0
    since = datetime.fromisoformat(weeks[0]).replace(tzinfo=timezone.utc)
    rows = store.weekly_pattern_sets(since)
    assert {w for w, _, _ in rows} <= set(weeks)
    expected = sum(1 for record in store.completed_sessions() if record.started_at >= since
                   for s in record.sets if not s.is_warmup and s.exercise_id in ("back_squat", "front_squat",
                                                                                  "safety_bar_squat"))
    assert sum(n for _, p, n in rows if p == "squat") == expected


def test_downsample_keeps_the_best_of_each_run():
    dates = [f"d{i}" for i in range(10)]
    values = [1, 5, 2, 2, 9, 3, 1, 1, 4, 0]
    assert downsample_max(dates, values, 20) == (dates, values)
    assert downsample_max(dates, values, 5) == (["d1", "d2", "d4", "d6", "d8"], [5, 2, 9, 1, 4])

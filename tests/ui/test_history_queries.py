"""The store queries behind the History screens: same rows as the plain queries, from either end, on indexes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flux_tui.engine.records import e1rm
from flux_tui.store.history import HISTORY_SESSIONS
from flux_tui.training import Training
from flux_tui.ui.widgets.plots import downsample_max

from .test_history import copy_of, realistic_template  # noqa: F401  (fixture)


@pytest.fixture
def training(flux_home, realistic_template):
    training = Training.open(copy_of(realistic_template, flux_home))
    yield training
    training.close()


@pytest.fixture
def store(training):
    return training._store


def test_history_pages_match_the_plain_query_from_both_ends(store):
    total = store.history.count_sessions()
    assert total == store.db.value("SELECT count(*) FROM workout_sessions WHERE status != 'active'") == 31
    plain = [r.id for r in store.history.sessions_page(100)]
    for offset in (0, 5, 14, 16, 25, 30, 31):
        for total_given in (None, total):
            page = store.history.sessions(7, offset, total=total_given)
            assert [r.id for r in page] == plain[offset:offset + 7]
    rows = {r.id: r for r in store.history.sessions_page(100)}
    assert all(rows[r.id] == r for r in store.history.sessions(40))  # same tallies (sets, volume)


def test_exercise_pages_match_from_both_ends(store):
    total = store.history.count_exercise_sets("assault_bike")
    plain = [r[0] for r in store.db.rows(
        "SELECT w.id FROM workout_sets w JOIN workout_sessions s ON s.id = w.session_id WHERE w.exercise_id = ?"
        " AND w.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY w.logged_at DESC, w.id DESC", ("assault_bike",))]
    assert len(plain) == total > 100
    for offset in (0, 60, 75, total - 10):
        page = store.history.exercise_sets("assault_bike", 20, offset, total=total)
        assert [s.id for _, s in page] == plain[offset:offset + 20]


def test_filter_ids_are_the_sessions_with_the_exercise(store):
    ids = store.history.session_ids_with("deadlift")
    assert ids == [r.id for r in store.history.sessions_page(100, exercise_id="deadlift")]


@pytest.mark.parametrize("sql", [
    "SELECT id FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {w}"
    " ORDER BY started_at DESC, id DESC LIMIT 5 OFFSET 10",
    "SELECT id FROM workout_sets INDEXED BY workout_sets_exercise_history_idx WHERE exercise_id = 'x'"
    " AND deleted_at IS NULL ORDER BY logged_at DESC, id DESC LIMIT 5 OFFSET 10",
])
def test_page_queries_walk_an_index_without_sorting(store, sql):
    plan = " ".join(row[3] for row in store.db.conn.execute(
        "EXPLAIN QUERY PLAN " + sql.format(w=HISTORY_SESSIONS)))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_best_e1rm_per_session_uses_the_engine_formula(training, store):
    working = store.history.exercise_working_sets("back_squat")
    series = training.e1rm_series("back_squat")
    dates = [started for started, _ in series]
    values = [value for _, value in series]
    assert dates == sorted(dates) and len(dates) == len({r[0] for r in working})
    session_id = working[-1][0]
    best = max(e1rm(s.weight, s.reps) for s in store.sessions.get(session_id).sets
               if s.exercise_id == "back_squat" and not s.is_warmup)
    assert values[-1] == pytest.approx(best)


def test_weekly_pattern_sets_count_working_sets_by_monday(training, store):
    latest = store.history.sessions(1)[0].started_at
    weeks, weekly = training.weekly_pattern_sets()
    assert len(weeks) == 16 and datetime.fromisoformat(weeks[-1]).weekday() == 0
    assert datetime.fromisoformat(weeks[-1]).date() <= latest.date() < datetime.fromisoformat(weeks[-1]).date() + timedelta(days=7)
    since = datetime.fromisoformat(weeks[0]).replace(tzinfo=timezone.utc)
    rows = [(w, p, n) for (w, p), n in weekly.items()]
    assert {w for w, _, _ in rows} <= set(weeks)
    expected = sum(1 for record in store.sessions.completed() if record.started_at >= since
                   for s in record.sets if not s.is_warmup and s.exercise_id in ("back_squat", "front_squat",
                                                                                  "safety_bar_squat"))
    assert sum(n for _, p, n in rows if p == "squat") == expected


def test_downsample_keeps_the_best_of_each_run():
    dates = [f"d{i}" for i in range(10)]
    values = [1, 5, 2, 2, 9, 3, 1, 1, 4, 0]
    assert downsample_max(dates, values, 20) == (dates, values)
    assert downsample_max(dates, values, 5) == (["d1", "d2", "d4", "d6", "d8"], [5, 2, 9, 1, 4])

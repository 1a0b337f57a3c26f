"""Plans after importing a real export (tests/fixtures/real): loads wherever the history allows,
a plain "no history" elsewhere, and a first reason that holds for the history.

The sessions get their archetype from `classify_session`, as the import path should give them
(see docs/brain.md, "Imported sessions"); the fold ends a Performance streak at a rest gap.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.brain.validate import load_brain_text
from flux_tui.engine import classify_session, daily, forecast, rebuild_state
from flux_tui.engine.progression import NO_HISTORY
from flux_tui.importers import ImportFormatError, parse_text
from flux_tui.training import default_brain_text, load_shipped_catalog
from tests.importers.real_corpus import entries


@pytest.fixture(scope="module")
def catalog():
    return load_shipped_catalog()


@pytest.fixture(scope="module")
def brain(catalog):
    return load_brain_text(default_brain_text(), "brain.yaml", catalog)


def imported(export, brain, catalog):
    try:
        result = parse_text(export.kind, export.text(), unit=export.weight_unit_guess or "kg", catalog=catalog)
    except ImportFormatError:
        return []  # a whole-file refusal (the importers' tests cover it)
    return [s._replace(**classify_session(brain, catalog, s.sets)._asdict()) for s in result.sessions]


def streak_of(brain, sessions):
    """Performance sessions at the end of the history, counted back to a Recovery one or a rest gap."""
    gap = timedelta(hours=brain.logic.archetype.streak_gap_hours)
    ordered = sorted(sessions, key=lambda s: (s.completed_at or s.started_at, s.id))
    streak = 0
    for n in range(len(ordered) - 1, -1, -1):
        if ordered[n].archetype != "performance":
            break
        streak += 1
        before = ordered[n - 1] if n else None
        if before is not None and ordered[n].started_at - (before.completed_at or before.started_at) >= gap:
            break
    return streak


def check_plans(export, brain, catalog, sessions):
    state = rebuild_state(brain, catalog, sessions)
    assert state.performance_streak == streak_of(brain, sessions)
    start = max(s.completed_at or s.started_at for s in sessions) + timedelta(days=1)
    days = forecast(brain, catalog, state, daily(start, 28))
    assert len(days) == 28
    if "Performance sessions in a row" in days[0].plan.reason:
        assert days[0].plan.reason == f"Recovery: {state.performance_streak} Performance sessions in a row"
    # A load whenever the exercise, or a related one with a ratio (both ways), was done with a load
    # before that day; otherwise the slot says there is no history.
    known = {k for k, lift in state.lifts.items() if lift.e1rm or lift.load}
    loaded = weighted = 0
    for day in days:
        for slot in day.plan.slots:
            exercise = catalog[slot.exercise]
            if not exercise.tracking.startswith("weight_"):
                continue
            weighted += 1
            if slot.load is not None:
                loaded += 1
                continue
            related = [k for k in known if k in catalog and catalog[k].pattern == exercise.pattern
                       and catalog[k].ratio is not None]
            assert slot.exercise not in known and not (exercise.ratio is not None and related), (day.at, slot)
            assert slot.note.endswith(NO_HISTORY), (day.at, slot)
        known |= {s.exercise for s in day.plan.slots if s.load is not None}
    return loaded, weighted


def test_plans_after_each_real_import(brain, catalog):
    planned, loaded, weighted, streaks = [], 0, 0, []
    for export in entries():
        sessions = imported(export, brain, catalog)
        if sessions:  # else the importer refuses the whole file (its own tests cover that)
            got, out_of = check_plans(export, brain, catalog, sessions)
            # As imported today, every session labelled Performance: the rest gaps still end the streak.
            unlabelled = [s._replace(archetype="performance", anchor_pattern=None) for s in sessions]
            streak = rebuild_state(brain, catalog, unlabelled).performance_streak
            assert streak == streak_of(brain, unlabelled)
            streaks.append((len(sessions), streak))
            planned.append(export.file)
            loaded, weighted = loaded + got, weighted + out_of
    assert len(planned) >= 20
    assert weighted > 1000 and loaded > 0
    long = [(n, streak) for n, streak in streaks if n >= 20]  # not "97 Performance sessions in a row"
    assert long and all(streak < n // 2 for n, streak in long)


def test_the_first_plan_after_importing_each_real_history_holds_for_it(tmp_path):
    """Through the import path itself (Training.import_sessions into a real store): each session is
    classified from its sets, the stored streak is the history's, and the first plan's reason is true
    of it — never "N Performance sessions in a row" for a history that has none such."""
    from flux_tui.training import Training

    checked = classified_both_ways = 0
    for n, export in enumerate(entries()):
        training = Training.open(tmp_path / f"{n}.sqlite3")
        try:
            try:
                result = parse_text(export.kind, export.text(), unit=export.weight_unit_guess or "kg",
                                    catalog=training.catalog)
            except ImportFormatError:
                continue
            if not result.sessions:
                continue
            training.import_sessions(result.sessions, [c.as_row() for c in result.custom_exercises],
                                     source=export.kind)
            stored = list(training._store.sessions.completed())
            # the stored archetypes are those the Brain's rule gives each session's own sets
            expected = [classify_session(training.brain, training.catalog, s.sets) for s in stored]
            assert [(s.archetype, s.anchor_pattern) for s in stored] == [tuple(c) for c in expected], export.file
            kinds = {s.archetype for s in stored}
            classified_both_ways += kinds == {"performance", "recovery"}
            streak = training.state.performance_streak
            assert streak == streak_of(training.brain, stored), export.file
            last = max(s.completed_at or s.started_at for s in stored)
            reason = training.plan(now=last + timedelta(hours=20)).reason
            if "Performance sessions in a row" in reason:
                assert reason == f"Recovery: {streak} Performance sessions in a row", export.file
                assert streak >= training.brain.logic.archetype.performance_streak_limit
            checked += 1
        finally:
            training.close()
    assert checked >= 20
    assert classified_both_ways >= 10  # heavy and light days told apart in real histories

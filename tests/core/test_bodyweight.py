"""engine/bodyweight.py: the bodyweight at a moment, a set's load, its e1RM, working volume; and the
records of a bodyweight exercise ranked set by set (engine/stats.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flux_tui.engine.bodyweight import PLAIN, BodyweightLog, Loads, Weighing, bodyweight_share, working_totals
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.records import e1rm
from flux_tui.engine.stats import Best, bests_of_sets, records, session_side

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)
LOG = BodyweightLog([Weighing("b", T0 + timedelta(days=7), 78.0), Weighing("a", T0, 80.0)])
LOADS = Loads({"weighted_pull_up", "weighted_dip", "dip"}, LOG)


def _set(exercise: str, weight: float | None, reps: int | None, day: float, warmup: bool = False) -> LoggedSet:
    return LoggedSet(f"{exercise}-{day}-{weight}", exercise, 0, weight=weight, reps=reps, is_warmup=warmup,
                     logged_at=T0 + timedelta(days=day))


def test_the_bodyweight_at_a_moment_is_the_latest_weighing_by_then():
    assert LOG.at(T0 + timedelta(days=3)) == 80.0
    assert LOG.at(T0 + timedelta(days=7)) == 78.0, "a weighing at that very moment counts"
    assert LOG.at(T0 + timedelta(days=30)) == 78.0
    assert LOG.at(T0 - timedelta(days=30)) == 80.0, "before the first weighing: the first"
    assert LOG.at(None) == 78.0
    assert BodyweightLog([]).at(T0) is None and not BodyweightLog([])


def test_a_bodyweight_exercise_moves_the_lifter_plus_the_added_weight():
    assert LOADS.load(_set("weighted_pull_up", 20.0, 5, 1)) == 100.0
    assert LOADS.load(_set("weighted_pull_up", 20.0, 5, 8)) == 98.0, "the weighing in effect at the set's time"
    assert LOADS.load(_set("dip", None, 10, 1)) == 80.0, "no weight typed: the lifter alone"
    assert LOADS.load(_set("back_squat", 100.0, 5, 1)) == 100.0, "a barbell's load is the bar's"
    no_log = Loads({"weighted_pull_up"}, BodyweightLog([]))
    assert no_log.load(_set("weighted_pull_up", 20.0, 5, 1)) == 20.0, "no bodyweight logged: the weight typed"
    assert no_log.e1rm(_set("dip", None, 10, 1)) is None


def test_e1rm_of_a_weighted_pull_up_counts_the_bodyweight():
    assert LOADS.e1rm(_set("weighted_pull_up", 20.0, 5, 1)) == e1rm(100.0, 5)
    assert LOADS.e1rm(_set("weighted_pull_up", 20.0, 5, 1, warmup=True)) is None
    assert LOADS.e1rm(_set("dip", None, 0, 1)) is None
    assert PLAIN.e1rm(_set("weighted_pull_up", 20.0, 5, 1)) == e1rm(20.0, 5)


def test_working_volume_counts_the_bodyweight_and_leaves_warm_ups_out():
    sets = [_set("weighted_dip", 10.0, 5, 1), _set("dip", None, 10, 8), _set("back_squat", 100.0, 5, 8),
            _set("back_squat", 60.0, 5, 8, warmup=True)]
    assert working_totals(sets, LOADS) == (3, 90.0 * 5 + 78.0 * 10 + 100.0 * 5)
    assert working_totals(sets, PLAIN) == (3, 10.0 * 5 + 100.0 * 5)
    assert bodyweight_share(sets, LOADS) == 80.0 * 5 + 78.0 * 10, "what the store's Σ weight × reps lacks"


def test_bodyweight_records_are_ranked_by_the_load_with_the_bodyweight():
    # 80 kg + 20 × 5 on day 1 beats 78 kg + 21 × 5 on day 8 (99 kg), though 21 kg is more weight typed.
    rows = [("s1", T0 + timedelta(days=1), _set("weighted_pull_up", 20.0, 5, 1)),
            ("s1", T0 + timedelta(days=1), _set("weighted_pull_up", 20.0, 5, 1.01)),
            ("s2", T0 + timedelta(days=8), _set("weighted_pull_up", 21.0, 5, 8)),
            ("s2", T0 + timedelta(days=8), _set("weighted_pull_up", None, 8, 8.01)),
            ("s3", T0 + timedelta(days=9), _set("weighted_pull_up", 22.0, 5, 9))]
    bests, volume = bests_of_sets("weighted_pull_up", rows[:4], LOADS)
    assert bests == [Best("weighted_pull_up", 5, 100.0, "s1", T0 + timedelta(days=1)),
                     Best("weighted_pull_up", 8, 78.0, "s2", T0 + timedelta(days=8))]
    assert volume == Best("weighted_pull_up", None, 99.0 * 5 + 78.0 * 8, "s2", T0 + timedelta(days=8))
    bests, volume = bests_of_sets("weighted_pull_up", rows, LOADS)
    pull_up = records(bests, [volume])["weighted_pull_up"]
    assert (pull_up.e1rm.value, pull_up.e1rm.session_id) == (e1rm(100.0, 5), "s1")
    assert (pull_up.loads[5].value, pull_up.loads[5].session_id) == (100.0, "s1"), "s3's 78 + 22 ties: the first stays"
    assert (pull_up.volume.value, pull_up.volume.session_id) == (99.0 * 5 + 78.0 * 8, "s2")


def test_compare_counts_the_bodyweight():
    side = session_side("s", T0, [_set("weighted_pull_up", 20.0, 5, 1), _set("weighted_pull_up", 10.0, 5, 1,
                                                                              warmup=True)], LOADS)
    assert (side.working_sets, side.volume_kg, side.best_e1rm, side.top_weight) == (1, 500.0, e1rm(100.0, 5), 100.0)

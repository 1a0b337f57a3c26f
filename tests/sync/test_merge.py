"""A merge made on one laptop reaches the other, through the real stack, with a set the other logged
to the merged exercise before it heard of the merge (docs/import.md, "Mapping")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.engine.state import state_to_dict
from flux_tui.training import ExerciseMapping
from tests.mapping.real_history import by_name, import_real
from tests.sync.conftest import assert_converged

pytestmark = pytest.mark.stack


def live_sets(device, exercise_id):
    return {r[0] for r in device.store.db.rows(
        "SELECT id FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL", (exercise_id,))}


@pytest.mark.parametrize("late_set_first", [False, True], ids=["merge-first", "late-set-first"])
def test_a_merge_reaches_the_other_laptop_and_so_does_a_set_logged_before_it(stack, user, devices, late_set_first):
    email, password, uid = user
    a, b = devices("a").login(email, password), devices("b").login(email, password)
    import_real(a.training)
    a.sync()
    b.sync()
    custom = by_name(b.training)["Lat Pulldown (Custom)"]
    assert len(live_sets(b, custom)) == 18

    # b, before it hears of the merge, logs one more set of its `Lat Pulldown (Custom)` ...
    when = b.training.state.as_of + timedelta(days=1)
    session = b.training.start_session(b.training.plan(when), now=when)
    late, _ = b.training.log_set(session, custom, weight=50.0, reps=10, logged_at=when + timedelta(minutes=2))
    b.training.finish_session(session, now=when + timedelta(minutes=10))
    if late_set_first:
        b.sync()   # the server has the late set under the merged id before the merge
    # ... while a merges it into the catalog's Lat Pulldown
    a.training.apply_mappings([ExerciseMapping(custom, into="lat_pulldown")])
    a.sync()
    if late_set_first:
        # a pulled the late set with the old id and re-pointed it; its next sync sends it so
        a.sync()
        assert_converged(stack, uid, a)
    b.sync()   # pulls the merge: its sets, the late one too, follow it and are sent
    a.sync()
    b.sync()

    for device in (a, b):
        assert live_sets(device, custom) == set(), device.home.name
        assert late.id in live_sets(device, "lat_pulldown") and len(live_sets(device, "lat_pulldown")) == 19
        assert custom not in device.training.catalog
        assert "Lat Pulldown (Custom)" in device.training.catalog["lat_pulldown"].aliases
        assert device.training.rebuild().matched
    assert state_to_dict(a.training.state) == state_to_dict(b.training.state)
    assert_converged(stack, uid, a, b)   # the server holds the re-pointed sets too
    merged = stack.psql(f"select merged_into from public.exercises where id = '{custom}'").strip()
    assert merged == "lat_pulldown"

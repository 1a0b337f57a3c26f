"""The store's bounds (flux_tui/store/bounds.py) are the server's: every probe tests/supabase/test_limits.py
sends to PostgREST (the value at each edge of each limit, and the one just past it) gets the same answer
from the local store's check, with a message naming the field and the limit. And every write path applies
them: typing a set, notes, a session, a custom exercise, a Brain, an import."""

from __future__ import annotations

import json
import math
import uuid
from datetime import datetime, timezone

import pytest

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.errors import StoreRefused
from flux_tui.limits import LIMITS
from flux_tui.training import Training
from flux_tui.store import bounds
from tests.supabase.test_limits import probes


def as_stored(value):
    """A probe as the store holds it: JSON columns as text (NaN as the text Python writes for it)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return float(value) if value in ("NaN", "Infinity", "-Infinity") else value


@pytest.mark.parametrize("table,column", sorted(LIMITS), ids=[f"{t}.{c}" for t, c in sorted(LIMITS)])
def test_the_store_answers_every_server_probe_the_same(table, column):
    wrong = []
    for what, value, accepted in probes(LIMITS[(table, column)]):
        found = bounds.problems(table, {column: as_stored(value)})
        if accepted and found:
            wrong.append(f"{what}: refused locally ({found})")
        elif not accepted and not (found and found[0].startswith(f"{table}.{column}: ")):
            wrong.append(f"{what}: accepted locally, the server refuses it")
    assert not wrong, f"{table}.{column}:\n  " + "\n  ".join(wrong)


def test_json_sizes_are_measured_as_postgresql_prints_jsonb():
    # keys by length then bytes, ', ' and ': ', numbers in plain notation: what octet_length(x::text) counts
    assert bounds.pg_json_text({"bb": 1, "a": [1.5, True, None], "c": "ü"}) == \
        '{"a": [1.5, true, null], "c": "ü", "bb": 1}'
    assert bounds.pg_json_text({"x": 1e300}) == '{"x": 1' + "0" * 300 + "}"
    assert bounds.pg_json_text({"x": 1.5e-7}) == '{"x": 0.00000015}'
    small_but_wide = {"k": [1e300] * 60}      # 600 bytes compact, ~18 KiB as jsonb: over the 16 KiB limit
    assert "16,384" in bounds.problems("workout_sets", {"metadata": json.dumps(small_but_wide)})[0]


def test_messages_name_the_field_the_value_and_the_limit():
    found = bounds.problems("workout_sessions", {"anchor_pattern": "Back Squat", "notes": "x" * 20001})
    assert found == ["workout_sessions.anchor_pattern: 'Back Squat' is not lower-case words of a-z0-9 joined by '_'"
                     " (a movement pattern name)",
                     "workout_sessions.notes: is 20001 characters long (at most 20000; a long page of text)"]
    assert bounds.problems("workout_sets", {"weight": math.nan}) == ["workout_sets.weight: nan is not a finite number"]
    assert "not one of performance, recovery" in bounds.problems("workout_sessions", {"archetype": "x"})[0]
    assert "custom_ and 32 hex digits" in bounds.problems("exercises", {"id": "custom_x", "is_custom": 1})[0]
    assert bounds.problems("workout_sets", {"metadata": '{"note": "a\\u0000b"}'}) == \
        ["workout_sets.metadata: holds a NUL character"]


@pytest.fixture
def store(tmp_path):
    training = Training.open(tmp_path / "flux.sqlite3")      # seeded: the catalog the sets name
    yield training._store
    training.close()


def test_every_write_path_applies_the_bounds(store):
    now = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    with pytest.raises(StoreRefused, match=r"workout_sessions\.anchor_pattern"):
        store.sessions.start("performance", "", None, now)
    sid = store.sessions.start("performance", "squat", {"slots": []}, now)
    with pytest.raises(StoreRefused, match=r"workout_sets\.weight: 5000\.5 is out of range \(0 to 5000"):
        store.sessions.log_set(sid, "back_squat", weight=5000.5, reps=5)
    with pytest.raises(StoreRefused, match=r"workout_sets\.metadata: is 16,\d+ bytes"):
        store.sessions.log_set(sid, "back_squat", weight=50.0, reps=5, metadata={"note": "x" * 16400})
    with pytest.raises(StoreRefused, match=r"workout_sessions\.notes"):
        store.sessions.set_notes(sid, "x" * 20001)
    with pytest.raises(StoreRefused, match=r"exercises\.aliases: holds 51 names"):
        store.exercises.add_custom([{"id": "custom_" + uuid.uuid4().hex, "name": "Odd lift", "tracking": "reps",
                                     "aliases": [f"a{i}" for i in range(51)]}])
    with pytest.raises(StoreRefused, match=r"exercises\.pattern"):
        store.exercises.assign_pattern("back_squat", "Not A Slug")
    with pytest.raises(StoreRefused, match=r"user_configs\.logic: is 1,0\d\d,\d+ bytes"), store.transaction() as conn:
        store.configs.save(1, {"logic": {"x": "y" * (1024 * 1024)}, "selections": {}, "sessions": {},
                               "conditioning": {}}, {}, conn)
    assert store.db.value("SELECT count(*) FROM workout_sets") == 0


def test_an_import_out_of_bounds_is_refused_whole_naming_the_session_and_field(store):
    started = datetime(2025, 3, 4, 18, tzinfo=timezone.utc)
    good = SessionRecord(str(uuid.uuid4()), started, started, "performance", "squat", "completed",
                         sets=(LoggedSet(str(uuid.uuid4()), "back_squat", 0, weight=100.0, reps=5),))
    bad = good._replace(id=str(uuid.uuid4()), anchor_pattern="", sets=())
    with pytest.raises(StoreRefused) as caught:
        store.bulk.import_sessions([good, bad])
    assert "nothing was imported" in str(caught.value) and "session of 2025-03-04" in str(caught.value)
    assert "workout_sessions.anchor_pattern" in str(caught.value)
    # the refused set comes after others the insert has taken already: they go with it
    queued = store.db.value("SELECT count(*) FROM outbox")
    wide = good._replace(sets=(*(good.sets[0]._replace(id=str(uuid.uuid4()), set_index=i) for i in range(3)),
                               good.sets[0]._replace(id=str(uuid.uuid4()), set_index=3, rpe=11.0)))
    with pytest.raises(StoreRefused, match=r"set 4 of the session of 2025-03-04.*workout_sets\.rpe: 11\.0 is out") \
            as caught:
        store.bulk.import_sessions([good._replace(id=str(uuid.uuid4()), started_at=started.replace(hour=8)), wide])
    assert str(caught.value).count("nothing was imported") == 1
    assert store.db.value("SELECT count(*) FROM workout_sessions") == 0
    assert store.db.value("SELECT count(*) FROM workout_sets") == 0
    assert store.db.value("SELECT count(*) FROM outbox") == queued
    assert store.bulk.import_sessions([good]).sessions_added == 1

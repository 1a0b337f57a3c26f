"""A session's title and the notes on its exercises: imported, stored, read back, edited, and carried
by FLUX JSON (real exports: Hevy `title`/`exercise_notes`, Strong `Workout Name`/`Notes`)."""

from __future__ import annotations

import json
import pytest

from flux_tui.errors import StoreRefused
from flux_tui.importers import flux_json, parse_file
from flux_tui.training import Training
from tests.importers.real_corpus import entries

REAL = {e.file: e for e in entries()}


@pytest.fixture
def training(tmp_path):
    opened = Training.open(tmp_path / "flux.sqlite3")
    yield opened
    opened.close()


def _import(training, name):
    export = REAL[name]
    result = parse_file(export.kind, export.path, unit=export.weight_unit_guess, catalog=training.catalog)
    training.import_sessions(result.sessions, [c.as_row() for c in result.custom_exercises], source=export.kind)
    return result


def _stored(training):
    return {s.id: s for s in training._store.sessions.all()}


def test_a_real_hevy_history_keeps_every_title_and_exercise_note(training):
    result = _import(training, "hevy/feliperuizm-pt-notes.csv")
    stored = _stored(training)
    assert {s.title for s in result.sessions} >= {"escape the BACKrooms", "BACK to the future"}
    noted = [s for s in result.sessions if s.exercise_notes]
    assert noted, "the file has exercise notes"
    for session in result.sessions:
        kept = stored[session.id]
        assert kept.title == session.title
        # custom exercises got their store-wide ids: the notes follow them
        assert set(kept.exercise_notes) <= {s.exercise_id for s in kept.sets}
        assert sorted(kept.exercise_notes.values()) == sorted(session.exercise_notes.values())
    pull_up_note = next(s for s in noted if s.title == "BACK to the future").exercise_notes["pull_up"]
    assert pull_up_note.startswith("closed grip\\n\\nue agr")  # the file's literal backslash-n, as written


def test_a_real_strong_history_keeps_its_workout_names_and_notes(training):
    result = _import(training, "strong/hipml-lb.csv")
    stored = _stored(training)
    assert all(stored[s.id].title == s.title for s in result.sessions)
    assert all(s.title for s in result.sessions)  # every Strong workout has a name
    (noted,) = [s for s in stored.values() if s.exercise_notes]
    assert list(noted.exercise_notes.values()) == ["3x 8-10 RPE7"]
    # the sets do not carry the exercise's note once more
    assert not any("notes" in s.metadata for s in noted.sets)


def test_title_and_notes_are_edited_and_queued_for_sync(training):
    _import(training, "strong/dubbe-tiny.csv")
    (session,) = _stored(training).values()
    assert session.title == "Strong 5x5 - Workout B"
    store = training._store
    store.db.conn.execute("DELETE FROM outbox")
    training.set_title(session.id, "  Leg day  ")
    exercise = session.sets[0].exercise_id
    training.set_exercise_note(session.id, exercise, "belt on")
    kept = _stored(training)[session.id]
    assert (kept.title, dict(kept.exercise_notes)) == ("Leg day", {exercise: "belt on"})
    assert store.db.rows("SELECT table_name, row_id FROM outbox") == [("workout_sessions", session.id)]
    training.set_exercise_note(session.id, exercise, "")
    assert dict(_stored(training)[session.id].exercise_notes) == {}


def test_the_store_refuses_a_title_over_its_limit(training):
    _import(training, "strong/dubbe-tiny.csv")
    (session,) = _stored(training).values()
    with pytest.raises(StoreRefused, match=r"title refused by the store: workout_sessions\.title"):
        training.set_title(session.id, "x" * 501)
    training.set_title(session.id, "x" * 500)  # the limit itself goes in
    training.set_title(session.id, "Strong 5x5 - Workout B")
    assert _stored(training)[session.id].title == "Strong 5x5 - Workout B"


def test_flux_json_carries_titles_and_notes_and_reads_older_files(training):
    _import(training, "hevy/feliperuizm-pt-notes.csv")
    sessions = list(training._store.sessions.all())
    text = flux_json.dump(sessions, [], None)
    back = flux_json.load(text, "export.json")
    assert [(s.title, dict(s.exercise_notes)) for s in back.sessions] == [
        (s.title, dict(s.exercise_notes)) for s in sessions]
    older = json.loads(text)
    for s in older["sessions"]:
        del s["title"], s["exercise_notes"]
    assert {s.title for s in flux_json.load(json.dumps(older), "old.json").sessions} == {""}
    too_long = json.loads(text)
    too_long["sessions"][0]["title"] = "x" * 501
    with pytest.raises(flux_json.FluxJsonError, match=r"sessions\[0\]\.title"):
        flux_json.load(json.dumps(too_long), "bad.json")

"""An import recognizes the sessions the store holds under other ids (a re-imported export), and only those.

The round trips themselves are in tests/cli/test_export_round_trip.py; these are the edges of the
rule (store/bulk.py `BulkImport._not_held`): what must still come in.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.training import Training

START = datetime(2026, 3, 13, 9, 51, 20, tzinfo=timezone.utc)


@pytest.fixture
def training(tmp_path):
    opened = Training.open(tmp_path / "flux.sqlite3")
    yield opened
    opened.close()


def session(sid, start=START, offset=540, sets=((100.0, 5), (100.0, 5), (60.0, 5))):
    return SessionRecord(sid, start, start + timedelta(minutes=40), "performance", None, "completed", "",
                         tuple(LoggedSet(f"{sid}-{n}", "back_squat", n, w, r) for n, (w, r) in enumerate(sets)),
                         offset)


def added(training, *records):
    return training.import_sessions(list(records)).sessions_added


def test_the_same_session_under_another_id_is_recognized(training):
    assert added(training, session("a")) == 1
    # Read back on a machine nine hours away: another instant, the same wall clock (18:51 in Tokyo),
    # seconds gone (Hevy), a weight through 0.01 lb, the warm-up left out.
    elsewhere = session("b", START.replace(second=0) + timedelta(hours=9), offset=0,
                        sets=((100.0 + 0.002, 5), (100.0, 5)))
    assert added(training, elsewhere) == 0
    assert training.history_count() == 1


@pytest.mark.parametrize("other", [
    session("c", sets=((102.5, 5), (100.0, 5))),                  # another weight
    session("d", sets=((100.0, 5), (100.0, 4))),                  # other reps
    session("e", sets=((100.0, 5), (100.0, 5), (100.0, 5))),      # more sets than the stored one has
    session("f", START + timedelta(minutes=1)),                   # another minute
    session("g", offset=480),                                     # the same instant, another wall clock
])
def test_a_different_session_still_comes_in(training, other):
    assert added(training, session("a")) == 1
    assert added(training, other) == 1
    assert training.history_count() == 2


def test_one_stored_session_answers_for_one_record(training):
    """Two sessions at one wall-clock minute (the repeated hour): each re-imported one matches one."""
    first, second = session("a", offset=-240), session("b", START + timedelta(hours=1), offset=-300)
    assert added(training, first, second) == 2
    again = [session("x", offset=-240), session("y", START + timedelta(hours=1), offset=-300),
             session("z", START + timedelta(hours=2), offset=-360)]  # a third at that wall clock is new
    assert added(training, *again) == 1
    assert training.history_count() == 3

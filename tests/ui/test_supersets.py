"""Supersets in a session (issue 16 item 5): the one cursor alternates within a Brain group, the rest
starts after the round, and every set keeps the group as its Hevy superset id. Real store, Pilot."""

from __future__ import annotations

import io
from datetime import timezone

from flux_tui.importers import parse_text
from flux_tui.importers.export import exercise_namer, write_hevy
from flux_tui.training import Training, default_brain_text
from flux_tui.ui.screens.session import SessionScreen
from flux_tui.ui.screens.set_entry import SetEntryScreen
from flux_tui.ui.screens.timer import TimerScreen

from .conftest import screen_text, settle
from .test_flows import field, read_store, start
from .test_session_logging import app_for, cursor_row

ANCHOR = "      - {pattern: anchor, sets: 4, reps: [4, 6], rest_seconds: 180, rpe: 8}\n"
PULL = "      - {pattern: horizontal_pull, sets: 3, reps: [6, 10]}\n"


def group_anchor_and_pull(path) -> None:
    text = default_brain_text()
    assert ANCHOR in text and PULL in text, "test bug: the default Brain's Performance slots moved"
    text = text.replace(ANCHOR, ANCHOR.replace("}", ", group: A}")).replace(PULL, PULL.replace("}", ", group: A}"))
    training = Training.open(path)
    try:
        assert training.seed(text)
    finally:
        training.close()


async def log_row(app, pilot) -> None:
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, SetEntryScreen)
    if "weight" in app.screen.form.values and not field(app, "weight").value:
        await pilot.press(*"60")
    await pilot.press("enter")
    await settle(app, pilot)


async def test_the_cursor_alternates_within_a_group_and_rest_starts_after_the_round(store_path, clock):
    group_anchor_and_pull(store_path)
    app = app_for(store_path, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await start(app, pilot)
        session = app.screen
        squat, pull = session.model.blocks[0], session.model.blocks[1]
        assert (squat.group, pull.group, session.model.blocks[2].group) == ("A", "A", "")
        assert f"A · {squat.exercise_name}" in screen_text(app) and f"A · {pull.exercise_name}" in screen_text(app)
        order = []
        for expected, rests in ((0, False), (1, True), (0, False), (1, True)):
            row = cursor_row(session)
            order.append((row.block, row.label))
            assert row.block == expected
            await log_row(app, pilot)
            assert isinstance(app.screen, TimerScreen) == rests, f"after {order[-1]}: rest only after the round"
            if rests:
                assert app.screen.seconds == session.rest_for(1), "the rest of the round's last exercise"
                await pilot.press("escape")
                await settle(app, pilot)
            assert isinstance(app.screen, SessionScreen)
        assert order == [(0, "1"), (1, "1"), (0, "2"), (1, "2")], "A1, B1, A2, B2"
        # B has one set left, A two: B3 alternates with A3; then A4 alone ends each round and rests.
        for expected, rests in ((0, False), (1, True), (0, True)):
            assert cursor_row(session).block == expected
            await log_row(app, pilot)
            assert isinstance(app.screen, TimerScreen) == rests
            if rests:
                await pilot.press("escape")
                await settle(app, pilot)
        assert cursor_row(session).block == 2, "the group done, the cursor goes on to the next exercise"
        await log_row(app, pilot)
        assert isinstance(app.screen, TimerScreen), "an ungrouped exercise rests after every set"

    training = read_store(store_path)
    try:
        record, _plan = training.active_session()
        catalog = training.catalog
    finally:
        training.close()
    ids = [(s.exercise_id, s.metadata.get("superset_id")) for s in record.sets]
    assert ids == [(squat.exercise_id, "A"), (pull.exercise_id, "A")] * 3 + [(squat.exercise_id, "A"),
                                                                              (session.model.blocks[2].exercise_id,
                                                                               None)]
    out = io.StringIO()
    write_hevy(out, [record], exercise_namer(catalog), "kg")
    again = parse_text("hevy", out.getvalue(), catalog=catalog, tz=timezone.utc)
    assert again.errors == []
    assert [s.metadata.get("superset_id") for r in again.sessions for s in r.sets] == [i for _, i in ids], \
        "a Hevy export and re-import keeps the group"

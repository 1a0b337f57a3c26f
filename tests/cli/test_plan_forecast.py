"""`flux-tui plan --days N [--json] [--brain FILE]` end to end: a real store, a real import, each scheme."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from flux_tui.training import default_brain_text, load_shipped_catalog

def default_lifts():
    """Every exercise the default Brain selects, with a set of it as its catalog tracking records one."""
    import yaml

    catalog = load_shipped_catalog()
    selections = yaml.safe_load(default_brain_text())["selections"]
    lifts = []
    for n, exercise_id in enumerate(e for ids in selections.values() for e in ids):
        exercise = catalog[exercise_id]
        weight = round((40.0 + n % 7 * 5) * (exercise.ratio or 0.5), 1)
        lifts.append((exercise_id, {
            "weight_reps": {"weight": weight, "reps": 8}, "reps": {"reps": 8}, "seconds": {"seconds": 40.0},
            "weight_distance": {"weight": weight, "distance": 40.0}, "weight_seconds": {"weight": weight, "seconds": 30.0},
        }[exercise.tracking]))
    return lifts


def history_file(tmp_path):
    start = datetime(2026, 1, 5, 7, 30, tzinfo=timezone.utc)
    sessions = []
    # Main lifts last: each pattern's block is then on its first selection.
    for n, (exercise, values) in enumerate(reversed(default_lifts())):
        began = start + timedelta(days=n)
        sets = [{"id": str(uuid.UUID(int=(n << 16) + k + 1)), "exercise": exercise, "set_index": k, "rpe": 8,
                 "is_warmup": False, "metadata": {}, "logged_at": (began + timedelta(minutes=4 * k)).isoformat(),
                 **values} for k in range(3)]
        sessions.append({"id": str(uuid.UUID(int=(n << 64) + 7)), "started_at": began.isoformat(),
                         "completed_at": (began + timedelta(hours=1)).isoformat(), "archetype": "recovery",
                         "anchor_pattern": None, "status": "completed", "notes": "", "sets": sets})
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"version": 1, "sessions": sessions}), encoding="utf-8")
    return path


def brain_file(tmp_path, name, old, new):
    text = default_brain_text()
    assert old in text, "test bug: the default Brain changed"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def forecast(cli, days, *extra):
    result = cli("plan", "--days", str(days), "--json", *extra)
    assert result.status == 0, result.err
    return result.json()


def weighted_slots(days, catalog):
    return [slot for day in days for slot in day["slots"] if catalog[slot["exercise"]].tracking.startswith("weight_")]


@pytest.fixture(scope="module")
def catalog():
    return load_shipped_catalog()


@pytest.fixture
def imported(cli, tmp_path):
    assert cli("import", "flux", str(history_file(tmp_path))).status == 0


def test_28_days_every_weighted_slot_with_a_load(cli, imported, catalog):
    days = forecast(cli, 28)
    assert len(days) == 28
    dates = [date.fromisoformat(d["date"]) for d in days]
    assert dates == [dates[0] + timedelta(days=n) for n in range(28)]
    assert {d["archetype"] for d in days} == {"performance", "recovery"}
    slots = weighted_slots(days, catalog)
    assert len(slots) > 60
    assert [s["exercise"] for s in slots if s["load"] is None] == []
    # The forecast is the plan today, and writes nothing: the plan and the state are unchanged after it.
    today = cli("plan", "--json").json()
    assert {k: v for k, v in days[0].items() if k not in ("date", "at", "debts")} == \
           {k: v for k, v in today.items() if k != "debts"}
    assert cli("state", "--rebuild", "--json").json()["matched"] is True


def test_each_day_is_dated_where_the_user_lives_and_its_time_keeps_the_offset(cli):
    """`date` is the local date (issue 20): at 00:30 in Kiritimati (UTC+14) it is still the day
    before in UTC; `at` keeps the local offset (tests/test_clocks_and_zones.py runs this so)."""
    import time

    from flux_tui.timefmt import utc_now

    days = forecast(cli, 2)
    offset = timedelta(seconds=time.localtime().tm_gmtoff)
    for n, day in enumerate(days):
        at = datetime.fromisoformat(day["at"])
        assert at.utcoffset() == offset
        assert day["date"] == at.date().isoformat()
        assert abs(at - (utc_now() + timedelta(days=n))) < timedelta(minutes=5)
    assert days[0]["date"] == utc_now().astimezone().date().isoformat()


def test_without_history_the_weighted_slots_ask_for_a_weight(cli):
    days = forecast(cli, 3)
    first = days[0]["slots"][0]
    assert (first["load"], first["note"]) == (None, "no history: enter a working weight")
    text = cli("plan", "--days", "3").out
    assert text.count("\n") > 10 and "no history: enter a working weight" in text


def test_double_by_default(cli, imported):
    days = forecast(cli, 28)
    squat = [s for d in days for s in d["slots"] if s["exercise"] == "back_squat"]
    assert squat and all(s["scheme"] == "double" for s in squat)
    # A rep a session up the range at one load, then the increment and back to the bottom.
    steps = [(s["load"], s["target_reps"]) for s in squat]
    assert steps[0][1] == 4 and steps[1] == (steps[0][0], 5) and steps[2] == (steps[0][0], 6)
    assert steps[3] == (steps[0][0] + 2.5, 4)


def test_linear(cli, tmp_path, imported):
    path = brain_file(tmp_path, "linear.yaml", "    scheme: double\n", "    scheme: linear\n")
    assert cli("seed", "--brain", str(path)).status == 0
    squat = [s for d in forecast(cli, 14) for s in d["slots"] if s["exercise"] == "back_squat"]
    assert [s["scheme"] for s in squat] == ["linear"] * len(squat)
    assert all(s["target_reps"] == 6 and {w["reps"] for w in s["work"]} == {6} for s in squat)
    loads = [s["load"] for s in squat]
    assert loads == [loads[0] + 2.5 * n for n in range(len(loads))]


def test_rpe(cli, tmp_path, imported):
    path = brain_file(tmp_path, "rpe.yaml", "{pattern: anchor, sets: 4, reps: [4, 6], rest_seconds: 180, rpe: 8}",
                      "{pattern: anchor, sets: 4, reps: [4, 6], rest_seconds: 180, rpe: 8, scheme: rpe}")
    # Chin-ups (no load) can fill the anchor slot too: validation asks for a scheme of their own.
    refused = cli("seed", "--brain", str(path))
    assert refused.status == 1 and "'chin_up' (a selection this slot can pick) is tracked as reps" in refused.err
    path.write_text(path.read_text().replace("    scheme: double\n", "    scheme: double\n    exercises: {chin_up: double}\n"))
    assert cli("seed", "--brain", str(path)).status == 0
    anchors = [d["slots"][0] for d in forecast(cli, 7) if d["archetype"] == "performance"]
    assert anchors and all(s["scheme"] == ("double" if s["exercise"] == "chin_up" else "rpe") for s in anchors)
    barbell = [s for s in anchors if s["exercise"] in ("back_squat", "deadlift", "bench_press", "overhead_press")]
    assert barbell
    for slot in barbell:
        top, *backoffs = slot["work"]
        assert top["reps"] == 6 and top["load"] == slot["load"] and len(backoffs) == 3
        backoff = int(top["load"] * 0.9 / 2.5 + 0.5) * 2.5  # 10% lighter, to the barbell's 2.5 kg
        assert [b["load"] for b in backoffs] == [backoff] * 3 and backoff < top["load"]
    text = cli("plan", "--days", "7").out
    assert " @ " in text and ", 6 @ " in text  # the top set and back-offs are written out one by one


def test_percent(cli, tmp_path, imported):
    path = brain_file(tmp_path, "percent.yaml", "    scheme: double\n",
                      "    scheme: double\n    exercises: {back_squat: percent, deadlift: percent}\n")
    assert cli("seed", "--brain", str(path)).status == 0
    squat = [s for d in forecast(cli, 28) for s in d["slots"] if s["exercise"] == "back_squat"]
    assert len(squat) >= 4
    assert [s["note"].split(",")[0] for s in squat[:4]] == ["week 1 of 4", "week 2 of 4", "week 3 of 4", "week 4 of 4"]
    assert [[w["reps"] for w in s["work"]] for s in squat[:4]] == [[5, 5, 5], [3, 3, 3], [5, 3, 1], [5, 5, 5]]
    assert [s["work"][-1]["amrap"] for s in squat[:4]] == [True, True, True, False]
    assert "5+" in cli("plan", "--days", "28").out


def test_a_changed_brain_side_by_side(cli, tmp_path, imported):
    path = brain_file(tmp_path, "candidate.yaml", "    squat: 6\n", "    squat: 1\n")
    result = cli("plan", "--days", "10", "--brain", str(path), "--json")
    assert result.status == 0, result.err
    pairs = result.json()
    assert len(pairs) == 10 and {"date", "current", "candidate"} <= pairs[0].keys()
    squat_day = next(p for p in pairs if p["current"]["anchor_pattern"] == "squat")
    assert squat_day["current"]["slots"][0]["exercise"] == "back_squat"  # a block of 6: one session done
    assert squat_day["candidate"]["slots"][0]["exercise"] == "front_squat"  # every session: the next one
    text = cli("plan", "--days", "10", "--brain", str(path)).out
    lines = text.splitlines()
    assert lines[0].startswith("current Brain") and lines[0].rstrip().endswith(str(path))
    assert any("≠" in line and "Back Squat" in line and "Front Squat" in line for line in lines)
    assert any("│" in line for line in lines)
    # Nothing was stored: the current Brain still forecasts as before.
    assert [d["slots"] for d in forecast(cli, 10)] == [p["current"]["slots"] for p in pairs]


def test_a_broken_brain_file_is_reported_with_positions(cli, tmp_path):
    path = brain_file(tmp_path, "broken.yaml", "    deload: 0.1\n", "    deload: 0.9\n")
    result = cli("plan", "--days", "3", "--brain", str(path))
    line, text = next((n, text) for n, text in enumerate(path.read_text().splitlines(), 1) if "deload: 0.9" in text)
    assert result.status == 1
    assert result.err.strip() == f"{path}:{line}:{text.index('0.9') + 1}: logic.progression.deload: must be at most 0.5"


@pytest.mark.parametrize("args, message", [
    (("--days", "0"), "--days must be 1-366, not 0"),
    (("--days", "400"), "--days must be 1-366, not 400"),
    (("--brain", "x.yaml"), "--brain compares forecasts: give --days N too"),
    (("--days", "2", "--brain", "/nonexistent/brain.yaml"), "/nonexistent/brain.yaml: No such file or directory"),
])
def test_bad_arguments(cli, args, message):
    result = cli("plan", *args)
    assert result.status != 0 and result.err.strip() == f"flux-tui: {message}"


def test_a_state_stored_by_the_previous_version_is_rebuilt_on_open(cli, flux_home, tmp_path):
    from flux_tui.store import Store

    assert cli("import", "flux", str(history_file(tmp_path))).status == 0
    expected = forecast(cli, 3)
    store = Store.open(flux_home / "flux.sqlite3")
    try:
        # What FLUX stored before loads per rep range: one (load, reps) per exercise, no version.
        old = {"pattern_debts": {"squat": 1.0}, "conditioning_levels": {}, "conditioning_failures": {},
               "performance_streak": 411, "last_session_at": None, "rotation": {"squat": 2},
               "prescriptions": {"back_squat": [100.0, 5]}, "records": {}, "as_of": None, "conditioning_rotation": {}}
        with store.db.transaction() as conn:  # as that FLUX wrote it (the state alone, the history as it is)
            store.configs.save_state(old, conn)
    finally:
        store.close()
    assert [d["slots"] for d in forecast(cli, 3)] == [d["slots"] for d in expected]
    assert cli("state", "--rebuild", "--json").json()["matched"] is True

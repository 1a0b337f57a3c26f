"""`flux-tui stats` against a history small enough to count by hand (the numbers below were)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.settings import STORE_FILENAME
from flux_tui.training import Training

TODAY = date(2026, 3, 4)  # a Wednesday: the weeks are those of Monday 02-23 and Monday 03-02


def _set(i: str, exercise: str, index: int, weight=None, reps=None, warmup=False, **extra) -> LoggedSet:
    return LoggedSet(id=f"00000000-0000-4000-8000-0000000000{i}", exercise_id=exercise, set_index=index,
                     weight=weight, reps=reps, is_warmup=warmup, **extra)


def _session(i: str, started: datetime, offset: int, status: str, archetype: str, sets) -> SessionRecord:
    return SessionRecord(id=f"10000000-0000-4000-8000-0000000000{i}", started_at=started,
                         completed_at=started.replace(hour=started.hour + 1), archetype=archetype,
                         anchor_pattern="squat", status=status, sets=tuple(sets), utc_offset=offset)


SESSION = {k: f"10000000-0000-4000-8000-0000000000{k}" for k in ("0a", "0b", "0c", "0d")}


@pytest.fixture
def history(flux_home, monkeypatch):
    """A: Monday 02:00 UTC, which is Sunday 03-01 21:00 where it happened (UTC-5): counts for the week
    of 02-23. B: Tuesday 03-03 (UTC+1). C: abandoned (counts for nothing). D: June 2025."""
    monkeypatch.setattr("flux_tui.timefmt.local_today", lambda: TODAY)
    training = Training.open(flux_home / STORE_FILENAME)
    training.import_sessions([
        _session("0a", datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc), -300, "completed", "recovery", [
            _set("01", "back_squat", 0, 60.0, 5, warmup=True),
            _set("02", "back_squat", 1, 100.0, 5), _set("03", "back_squat", 2, 100.0, 5),
            _set("04", "back_squat", 3, 105.0, 3),
            _set("05", "assault_bike", 4, seconds=20.0, metadata={"rounds_completed": 1, "avg_watts": 250.0}),
        ]),
        _session("0b", datetime(2026, 3, 3, 17, 0, tzinfo=timezone.utc), 60, "completed", "performance", [
            _set("06", "back_squat", 0, 102.5, 5),
            _set("07", "bench_press", 1, 80.0, 8), _set("08", "bench_press", 2, 80.0, 8),
            _set("09", "bench_press", 3, 200.0, 8),  # deleted below: counts for nothing
        ]),
        _session("0c", datetime(2026, 3, 3, 20, 0, tzinfo=timezone.utc), 60, "abandoned", "performance", [
            _set("10", "back_squat", 0, 200.0, 1),
        ]),
        _session("0d", datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc), 0, "completed", "performance", [
            _set("11", "back_squat", 0, 110.0, 3),
        ]),
    ])
    training.delete_set("00000000-0000-4000-8000-000000000009")
    training.close()


def _record(kg, date_, session, reps=None, weight=None):
    return {"kg": kg, "reps": reps, "weight_kg": weight, "date": date_, "session": SESSION[session]}


def test_stats_json_is_the_hand_count(cli, history):
    result = cli("stats", "--weeks", "2", "--json")
    assert result.status == 0, result.err
    out = result.json()
    assert out["today"] == "2026-03-04"
    volume = out["weekly_volume"]
    assert volume["weeks"] == ["2026-02-23", "2026-03-02"] and volume["secondary_counts"] == 0.5
    patterns = {p: v["hard_sets"] for p, v in volume["patterns"].items() if any(v["hard_sets"])}
    assert patterns == {"squat": [3, 1], "horizontal_push": [0, 2]}
    assert volume["patterns"]["squat"]["target"] == 8 and volume["patterns"]["horizontal_push"]["target"] == 8
    muscles = {m: v["hard_sets"] for m, v in volume["muscles"].items() if any(v["hard_sets"])}
    assert muscles == {"quads": [3, 1], "glutes": [3, 1], "adductors": [1.5, 0.5], "lower_back": [1.5, 0.5],
                       "chest": [0, 2], "triceps": [0, 1], "front_delts": [0, 1]}
    assert volume["muscles"]["chest"]["target"] == 10 and volume["muscles"]["adductors"]["target"] is None

    assert out["records"] == {
        "back_squat": {
            "e1rm": _record(121.0, "2025-06-01", "0d", 3, 110.0),  # 110 × (1 + 3/30)
            "loads": {"3": _record(110.0, "2025-06-01", "0d", 3, 110.0),
                      "5": _record(102.5, "2026-03-03", "0b", 5, 102.5)},
            "volume": _record(1315.0, "2026-03-01", "0a"),  # 2 × 500 + 315; the warm-up left out
        },
        "bench_press": {
            "e1rm": _record(101.3333, "2026-03-03", "0b", 8, 80.0),  # 80 × (1 + 8/30)
            "loads": {"8": _record(80.0, "2026-03-03", "0b", 8, 80.0)},
            "volume": _record(1280.0, "2026-03-03", "0b"),
        },
    }
    assert [(r["date"], r["exercise"], r["kind"], r["reps"]) for r in out["recent_records"]] == [
        ("2026-03-03", "back_squat", "load", 5), ("2026-03-03", "bench_press", "e1rm", 8),
        ("2026-03-03", "bench_press", "load", 8), ("2026-03-03", "bench_press", "volume", None),
        ("2026-03-01", "back_squat", "volume", None),
    ]
    calendar = out["calendar"]
    assert (calendar["first"], calendar["last"]) == ("2025-03-10", "2026-03-04")
    assert calendar["days"] == [
        {"date": "2025-06-01", "hard_sets": 1, "sessions": 1, "archetypes": ["performance"]},
        {"date": "2026-03-01", "hard_sets": 3, "sessions": 1, "archetypes": ["recovery"]},
        {"date": "2026-03-03", "hard_sets": 3, "sessions": 1, "archetypes": ["performance"]},
    ]
    assert (calendar["sessions"], calendar["hard_sets"]) == (3, 7)


def test_stats_text_follows_the_unit(cli, history):
    assert cli("unit", "lb").status == 0
    out = cli("stats", "--weeks", "2").out
    assert "Back Squat: e1RM 266.8 lb (242.5 × 3) 2025-06-01" in out  # 121 kg, 110 kg
    assert "2026-03-03  Bench Press: 8 reps 176.4 lb" in out
    assert "Calendar 2025-03-10 to 2026-03-04: 3 sessions on 3 days, 7 hard sets" in out


def test_bad_weeks_is_one_clear_line(cli_process):
    result = cli_process("stats", "--weeks", "0")
    assert result.status != 0 and result.out == ""
    assert result.err.strip() == "flux-tui: --weeks must be between 1 and 520 (got 0)"

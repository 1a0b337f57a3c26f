"""Time rebuild_state over ~100,000 sets in ~3,000 sessions (run by hand, not by pytest).

    .venv/bin/python tests/core/bench_rebuild.py
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flux_tui.brain.validate import load_brain_text, load_catalog_text
from flux_tui.engine import LoggedSet, SessionRecord, rebuild_state

DATA = Path(__file__).resolve().parents[2] / "flux_tui" / "data"


def synthetic_history(brain, catalog, sessions: int, sets_per_session: int, seed: int = 1) -> list[SessionRecord]:
    rng = random.Random(seed)
    strength = [e for e in catalog.values() if e.pattern != "conditioning"]
    protocols = list(brain.conditioning.values())
    at = datetime(2020, 1, 1, tzinfo=timezone.utc)
    history = []
    for n in range(sessions):
        at += timedelta(hours=rng.uniform(12, 60))
        sets = []
        exercises = rng.sample(strength, 6)
        for i in range(sets_per_session - 1):
            exercise = exercises[i % len(exercises)]
            sets.append(
                LoggedSet(
                    id=f"{n}-{i}",
                    exercise_id=exercise.id,
                    set_index=i,
                    weight=rng.choice([None, 20.0, 40.0, 60.0, 80.0, 100.0]),
                    reps=rng.randint(1, 15),
                    rpe=rng.choice([None, 7.0, 8.0, 9.5]),
                    is_warmup=i % 8 == 0,
                )
            )
        protocol = rng.choice(protocols)
        sets.append(
            LoggedSet(
                id=f"{n}-c",
                exercise_id=protocol.exercise,
                set_index=sets_per_session,
                metadata={"rounds_completed": rng.randint(4, 10), protocol.success.metric: rng.uniform(100, 400)},
            )
        )
        history.append(
            SessionRecord(
                id=f"s{n}",
                started_at=at - timedelta(hours=1),
                completed_at=at,
                archetype=rng.choice(["performance", "recovery"]),
                anchor_pattern=rng.choice(["squat", "hinge", None]),
                status="completed",
                sets=tuple(sets),
            )
        )
    return history


def main() -> None:
    catalog = load_catalog_text((DATA / "catalog.yaml").read_text(), "catalog.yaml")
    brain = load_brain_text((DATA / "brain.yaml").read_text(), "brain.yaml", catalog)
    history = synthetic_history(brain, catalog, sessions=3000, sets_per_session=34)
    print(f"{len(history)} sessions, {sum(len(s.sets) for s in history)} sets")
    best = float("inf")
    for _ in range(7):
        started = time.perf_counter()
        rebuild_state(brain, catalog, history)
        best = min(best, time.perf_counter() - started)
    print(f"rebuild_state: best of 7 = {best * 1000:.1f} ms")


if __name__ == "__main__":
    main()

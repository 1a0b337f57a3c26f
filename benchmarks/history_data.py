"""A deterministic, realistic training history of any size, for benchmarks and UI tests.

`generate_sessions(n_sets)` yields SessionRecords, newest last, about 33 sets each:
warm-ups ramping up to the working sets, RPE on working sets, a rotating anchor
pattern (Performance days) or a lighter day (Recovery), supporting patterns,
carries with distance, core holds in seconds and conditioning intervals with
per-round metadata (rounds_completed plus the protocol's metric). Loads climb
slowly over the years with day-to-day noise; about 2% of sessions are abandoned.

The same (n_sets, seed) always gives the same ids, times and numbers.

    from benchmarks.history_data import populate
    populate(store, 100_000)          # a Store with the catalog already upserted

Run as a script to build a store file:  python -m benchmarks.history_data 100000 /tmp/flux-100k.sqlite3
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from flux_tui.engine.history import LoggedSet, SessionRecord

SETS_PER_SESSION = 33
END = datetime(2026, 3, 1, 18, 0, tzinfo=timezone.utc)

# (exercise id, starting working load in kg) by pattern: what the generated lifter rotates through.
LIFTS: dict[str, list[tuple[str, float]]] = {
    "squat": [("back_squat", 100.0), ("front_squat", 80.0), ("safety_bar_squat", 95.0)],
    "hinge": [("deadlift", 130.0), ("romanian_deadlift", 90.0), ("trap_bar_deadlift", 140.0)],
    "horizontal_push": [("bench_press", 80.0), ("incline_dumbbell_press", 28.0), ("dumbbell_bench_press", 32.0)],
    "horizontal_pull": [("barbell_row", 70.0), ("chest_supported_row", 26.0), ("seated_cable_row", 60.0)],
    "vertical_push": [("overhead_press", 50.0), ("dumbbell_shoulder_press", 22.0), ("landmine_press", 30.0)],
    "vertical_pull": [("weighted_pull_up", 10.0), ("lat_pulldown", 60.0)],
    "single_leg": [("bulgarian_split_squat", 20.0), ("reverse_lunge", 22.0), ("step_up", 18.0)],
    "carry": [("farmers_carry", 32.0), ("suitcase_carry", 24.0)],
}
PERFORMANCE_ANCHORS = ("squat", "hinge", "horizontal_push", "vertical_push", "vertical_pull")
RECOVERY_ANCHORS = ("horizontal_pull", "vertical_pull", "single_leg")
CORE_SECONDS = ("plank", "side_plank", "hollow_hold")
# conditioning exercise, metadata metric, base value
INTERVALS = {
    "performance": [("assault_bike", "avg_watts", 260.0), ("row_intervals", "distance", 260.0)],
    "recovery": [("ski_intervals", "avg_watts", 160.0), ("run_intervals", "seconds", 110.0)],
}


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


class _Session:
    """Builds one session's sets in order, with logged_at one to three minutes apart."""

    def __init__(self, rng: random.Random, started_at: datetime) -> None:
        self.rng = rng
        self.at = started_at
        self.sets: list[LoggedSet] = []

    def add(self, exercise_id: str, **values) -> None:
        self.at += timedelta(seconds=self.rng.randint(60, 180))
        self.sets.append(LoggedSet(id=_uuid(self.rng), exercise_id=exercise_id, set_index=len(self.sets),
                                   logged_at=self.at, **values))

    def lift(self, exercise_id: str, load: float, warmups: int, working: int, reps: tuple[int, int],
             rpe: tuple[float, float]) -> None:
        rng = self.rng
        step = 2.5 if load >= 40 else 2.0
        for i in range(warmups):
            fraction = 0.4 + 0.5 * i / max(warmups, 1)
            self.add(exercise_id, weight=_round_to(load * fraction, step), reps=max(reps[1] - i * 2, 2),
                     is_warmup=True)
        for _ in range(working):
            self.add(exercise_id, weight=_round_to(load, step), reps=rng.randint(*reps),
                     rpe=rng.choice([x / 2 for x in range(int(rpe[0] * 2), int(rpe[1] * 2) + 1)]))

    def intervals(self, exercise_id: str, metric: str, base: float, rounds: int) -> None:
        for _ in range(rounds):
            value = round(base * self.rng.uniform(0.9, 1.1), 1)
            meta = {"rounds_completed": 1, metric: value}
            if metric == "seconds":
                self.add(exercise_id, seconds=value, distance=400.0, metadata=meta)
            elif metric == "distance":
                self.add(exercise_id, seconds=60.0, distance=value, metadata=meta)
            else:
                self.add(exercise_id, seconds=20.0, metadata=meta)


def generate_sessions(n_sets: int, seed: int = 7, end: datetime = END) -> Iterator[SessionRecord]:
    """About `n_sets` sets (a whole number of 33-set sessions), oldest session first, the last ending near `end`."""
    rng = random.Random(seed)
    n_sessions = max(1, -(-n_sets // SETS_PER_SESSION))
    # Sessions every ~1.7 days on average, spread back from `end`.
    start = end - timedelta(days=1.7 * n_sessions)
    rotation: dict[str, int] = {}
    streak = 0
    for i in range(n_sessions):
        started_at = start + timedelta(days=1.7 * i, hours=rng.uniform(-3, 3))
        progress = i / max(n_sessions - 1, 1)  # 0 .. 1 over the whole history
        archetype = "recovery" if streak >= 3 or rng.random() < 0.15 else "performance"
        streak = 0 if archetype == "recovery" else streak + 1
        anchors = PERFORMANCE_ANCHORS if archetype == "performance" else RECOVERY_ANCHORS
        anchor = anchors[i % len(anchors)]

        def pick(pattern: str) -> tuple[str, float]:
            options = LIFTS[pattern]
            index = rotation.get(pattern, 0)
            rotation[pattern] = (index + 1) % len(options)
            exercise_id, base = options[index]
            # +40% over the whole history, with a small wave and daily noise.
            return exercise_id, base * (1 + 0.4 * progress) * rng.uniform(0.96, 1.04)

        s = _Session(rng, started_at)
        if archetype == "performance":
            ex, load = pick(anchor)
            s.lift(ex, load, warmups=3, working=4, reps=(4, 6), rpe=(7.0, 9.5))          # 7
            second = "hinge" if anchor != "hinge" else "squat"
            ex, load = pick(second)
            s.lift(ex, load * 0.8, warmups=2, working=3, reps=(6, 8), rpe=(7.0, 8.5))    # 5 -> 12
            ex, load = pick("horizontal_pull")
            s.lift(ex, load, warmups=1, working=3, reps=(6, 10), rpe=(7.0, 9.0))         # 4 -> 16
            ex, load = pick("single_leg")
            s.lift(ex, load, warmups=0, working=3, reps=(8, 12), rpe=(7.0, 9.0))         # 3 -> 19
            ex, load = pick("carry")
            for _ in range(2):                                                           # 2 -> 21
                s.add(ex, weight=_round_to(load, 2.0), distance=40.0, seconds=round(rng.uniform(28, 40), 1))
            for _ in range(2):                                                           # 2 -> 23
                s.add(rng.choice(CORE_SECONDS), seconds=float(rng.choice((30, 45, 60))), rpe=6.0)
            exercise_id, metric, base = INTERVALS["performance"][i % 2]
            s.intervals(exercise_id, metric, base * (1 + 0.2 * progress), rounds=10)     # 10 -> 33
        else:
            ex, load = pick(anchor)
            s.lift(ex, load * 0.75, warmups=2, working=3, reps=(10, 15), rpe=(6.0, 7.5))  # 5
            ex, load = pick("horizontal_push")
            s.lift(ex, load * 0.7, warmups=1, working=2, reps=(10, 15), rpe=(6.0, 7.5))   # 3 -> 8
            ex, load = pick("vertical_pull" if anchor != "vertical_pull" else "horizontal_pull")
            s.lift(ex, load * 0.7, warmups=1, working=3, reps=(10, 12), rpe=(6.0, 7.5))   # 4 -> 12
            for _ in range(3):                                                            # 3 -> 15
                s.add("pull_up" if rng.random() < 0.5 else "push_up", reps=rng.randint(8, 15), rpe=7.0)
            for _ in range(6):                                                            # 6 -> 21
                s.add(rng.choice(CORE_SECONDS), seconds=float(rng.choice((30, 45, 60))), rpe=6.0)
            exercise_id, metric, base = INTERVALS["recovery"][i % 2]
            s.intervals(exercise_id, metric, base, rounds=12)                             # 12 -> 33
        status = "abandoned" if rng.random() < 0.02 else "completed"
        yield SessionRecord(
            id=_uuid(rng), started_at=started_at, completed_at=s.at + timedelta(minutes=5),
            archetype=archetype, anchor_pattern=anchor, status=status,
            notes="felt strong" if rng.random() < 0.05 else "", sets=tuple(s.sets),
        )


def populate(store, n_sets: int, seed: int = 7, chunk_sessions: int = 2000) -> int:
    """Import a generated history into `store` (catalog already there), in chunks; returns sessions added."""
    added = 0
    chunk: list[SessionRecord] = []
    for record in generate_sessions(n_sets, seed):
        chunk.append(record)
        if len(chunk) >= chunk_sessions:
            added += store.bulk.import_sessions(chunk).sessions_added
            chunk = []
    if chunk:
        added += store.bulk.import_sessions(chunk).sessions_added
    return added


def build_store(path: Path, n_sets: int, seed: int = 7):
    """A store file with the shipped catalog and `n_sets` generated sets; returns the open Store.

    No Brain is stored: `Training.open(path)` seeds it (and folds the state over
    this history) on first open.
    """
    from importlib import resources

    import yaml

    from flux_tui.store import Store

    store = Store.open(path)
    store.exercises.upsert_shipped(yaml.safe_load(resources.files("flux_tui.data").joinpath("catalog.yaml").read_text()))
    populate(store, n_sets, seed)
    return store


if __name__ == "__main__":
    count = int(sys.argv[1])
    target = Path(sys.argv[2])
    build_store(target, count).close()
    print(f"{target}: {count} sets")

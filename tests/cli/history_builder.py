"""Deterministic FLUX JSON histories for CLI tests."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

LIFTS = [("back_squat", 100.0), ("bench_press", 70.0), ("deadlift", 140.0), ("pull_up", None), ("plank", None)]


def history_document(sessions: int) -> dict:
    start = datetime(2026, 1, 5, 7, 30, tzinfo=timezone.utc)
    out = []
    for n in range(sessions):
        began = start + timedelta(days=2 * n)
        sets = []
        for k, (exercise, weight) in enumerate(LIFTS[n % 3 : n % 3 + 3]):
            for s in range(3):
                index = len(sets)
                sets.append({
                    "id": str(uuid.UUID(int=(n << 32) + index + 1)),
                    "exercise": exercise, "set_index": index,
                    "weight": weight + 2.5 * n if weight is not None else None,
                    "reps": 5 if exercise != "plank" else None,
                    "seconds": 45.0 if exercise == "plank" else None,
                    "rpe": 7.5 + (s % 2), "is_warmup": s == 0 and k == 0,
                    "metadata": {"note": "ünïcode, \"quoted\""} if s == 2 else {},
                    "logged_at": (began + timedelta(minutes=5 * index)).isoformat(),
                })
        out.append({
            "id": str(uuid.UUID(int=(n << 64) + 7)), "started_at": began.isoformat(),
            "completed_at": (began + timedelta(hours=1)).isoformat(),
            "archetype": "performance" if n % 3 else "recovery", "anchor_pattern": "squat",
            "status": "completed", "notes": f"session {n}", "sets": sets,
        })
    return {"version": 1, "sessions": out}


def write_history(path: Path, sessions: int) -> Path:
    path.write_text(json.dumps(history_document(sessions)), encoding="utf-8")
    return path

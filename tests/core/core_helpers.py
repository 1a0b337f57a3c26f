"""Builders for histories in the core tests ."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flux_tui.engine import LoggedSet, SessionRecord

DATA = Path(__file__).resolve().parents[2] / "flux_tui" / "data"
T0 = datetime(2026, 1, 5, 18, 0, tzinfo=timezone.utc)

_ids = itertools.count()


def at(days: float = 0.0, hours: float = 0.0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def lset(exercise_id, weight=None, reps=None, *, rpe=None, warmup=False, seconds=None, distance=None, **metadata):
    n = next(_ids)
    return LoggedSet(
        id=f"set{n}",
        exercise_id=exercise_id,
        set_index=n,
        weight=weight,
        reps=reps,
        seconds=seconds,
        distance=distance,
        rpe=rpe,
        is_warmup=warmup,
        metadata=metadata,
    )


def session(when, *sets, archetype="performance", anchor=None, status="completed", id=None):
    return SessionRecord(
        id=id or f"session{next(_ids):06d}",
        started_at=when - timedelta(hours=1),
        completed_at=when if status == "completed" else None,
        archetype=archetype,
        anchor_pattern=anchor,
        status=status,
        sets=tuple(sets),
    )

"""The history the engine folds over: plain, immutable records.

These are the only shapes that cross from the shell (store, importers, UI) into
the engine. Units are canonical: kilograms, metres, seconds. Times are aware
datetimes in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Mapping

from flux_tui.brain.frozen import Frozen

Archetype = Literal["performance", "recovery"]
SessionStatus = Literal["active", "completed", "abandoned"]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class LoggedSet(Frozen):
    """One logged set, in canonical units."""

    id: str
    exercise_id: str
    set_index: int
    weight: float | None = None  # kg
    reps: int | None = None
    seconds: float | None = None
    distance: float | None = None  # metres
    rpe: float | None = None
    is_warmup: bool = False
    metadata: Mapping[str, Any] = field(default_factory=dict)
    logged_at: datetime | None = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SessionRecord(Frozen):
    """One session of the history, with its sets."""

    id: str
    started_at: datetime
    completed_at: datetime | None
    archetype: Archetype
    anchor_pattern: str | None
    status: SessionStatus
    notes: str = ""
    sets: tuple[LoggedSet, ...] = ()

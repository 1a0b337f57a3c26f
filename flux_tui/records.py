"""Records the shell hands across the `Training` boundary (beside the engine's own records).

Plain and immutable; shared by the store, which builds them, and the screens and
commands, which show them (they may not import the store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SessionRow:
    """A session as the history list shows it: no sets, just their tallies."""

    id: str
    started_at: datetime
    completed_at: datetime | None
    archetype: str
    anchor_pattern: str | None
    status: str
    notes: str
    set_count: int  # working sets: warm-ups are not counted, on any screen
    volume_kg: float
    utc_offset: int | None = None  # minutes east of UTC where it was started (None: unknown)
    title: str = ""  # the workout's name; "" when none


@dataclass(frozen=True)
class ImportCounts:
    """What an import added."""

    sessions_added: int
    sets_added: int
    exercises_added: int

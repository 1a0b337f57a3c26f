"""The history the engine folds over: plain, immutable records.

These are the only shapes that cross from the shell (store, importers, UI) into
the engine. Units are canonical: kilograms, metres, seconds. Times are aware
datetimes in UTC.
"""

from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, Mapping, NamedTuple

Archetype = Literal["performance", "recovery"]
SessionStatus = Literal["active", "completed", "abandoned"]

# NamedTuples, not dataclasses: an import or a rebuild makes one record per set
# (100k and more), and a NamedTuple is built ~5x faster than a frozen dataclass.
# They are as immutable; `_replace` makes a changed copy.

NO_METADATA: Mapping[str, Any] = MappingProxyType({})
# Metadata value types whose equal values are the same value, when compared with their type
# (1 == True): equal metadata of these may be shared or encoded once. Not floats: 0.0 == -0.0.
SAME_WHEN_EQUAL = frozenset({str, int, bool, type(None)})
NO_NOTES: Mapping[str, str] = MappingProxyType({})


class LoggedSet(NamedTuple):
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
    metadata: Mapping[str, Any] = NO_METADATA
    logged_at: datetime | None = None
    set_type: str | None = None  # "drop" | "failure" | "amrap"; None: working, or a warm-up by is_warmup

    @property
    def kind(self) -> str:
        """The set's type as one of SET_TYPES."""
        return self.set_type or ("warmup" if self.is_warmup else "working")


# A set's kinds, in the order the set form cycles them; only a warm-up is not a working set.
SET_TYPES = ("working", "warmup", "drop", "failure", "amrap")
SET_TYPE_WORDS = {"working": "working", "warmup": "warm-up", "drop": "drop", "failure": "failure", "amrap": "AMRAP"}


class SessionRecord(NamedTuple):
    """One session of the history, with its sets."""

    id: str
    started_at: datetime
    completed_at: datetime | None
    archetype: Archetype
    anchor_pattern: str | None
    status: SessionStatus
    notes: str = ""
    sets: tuple[LoggedSet, ...] = ()
    utc_offset: int | None = None  # minutes east of UTC where it was started (None: unknown)
    title: str = ""  # the workout's name ("Push Day"; Strong "Workout Name", Hevy "title"); "" when none
    # exercise id -> the note written on that exercise in this session (Hevy exercise_notes, Strong Notes)
    exercise_notes: Mapping[str, str] = NO_NOTES


"""What an import produces: records for the store plus what went wrong, per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flux_tui.engine.history import SessionRecord

__all__ = ["ImportFormatError", "RowError", "CustomExercise", "ImportResult"]


class ImportFormatError(ValueError):
    """The file as a whole cannot be read as the asked-for format (empty, unknown header)."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based physical line where the record starts; the header is line 1
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class CustomExercise:
    """An exercise name that did not map onto the catalog; the store adds it as the user's own."""

    id: str  # custom_<slug>, stable for the name (see names.custom_id)
    name: str  # the name as first written in the file
    tracking: str  # weight_reps | reps | seconds | weight_seconds | distance_seconds | weight_distance
    load_type: str = "none"
    pattern: str = "unassigned"
    aliases: tuple[str, ...] = ()  # other spellings in the same file that share the id
    increment: float = 0.0
    # borrowed from the known exercise the name was matched to by its movement (see names.Match)
    primary_muscles: tuple[str, ...] = ()
    secondary_muscles: tuple[str, ...] = ()

    def as_row(self) -> dict[str, Any]:
        """The row `Training.import_sessions` stores for it (its `custom_exercises`)."""
        return {
            "id": self.id,
            "name": self.name,
            "pattern": self.pattern,
            "modality": None,
            "tracking": self.tracking,
            "load_type": self.load_type,
            "increment": self.increment,
            "aliases": list(self.aliases),
            "primary_muscles": list(self.primary_muscles),
            "secondary_muscles": list(self.secondary_muscles),
        }


@dataclass(slots=True)
class ImportResult:
    source: str  # strong | hevy | fitnotes
    variant: str  # which layout the header showed, e.g. "strong-ios", "hevy-lbs-miles"
    sessions: list[SessionRecord] = field(default_factory=list)
    custom_exercises: list[CustomExercise] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # session id -> what SessionRecord has no field for: {"workout_number": ...}
    session_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    # every exercise name in the file -> the id it was given (catalog or custom_...)
    name_map: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0  # data records read (sets, rest timers and rejected rows)
    # "weight" / "distance" -> the unit the file's numbers were read in because it names none
    assumed_units: dict[str, str] = field(default_factory=dict)

    # --- summary helpers (for --dry-run) ------------------------------------
    @property
    def session_count(self) -> int:
        return len(self.sessions)

    @property
    def set_count(self) -> int:
        return sum(len(s.sets) for s in self.sessions)

    def date_range(self) -> tuple[datetime, datetime] | None:
        """(first start, last start) in UTC, or None when nothing was read."""
        if not self.sessions:
            return None
        starts = [s.started_at for s in self.sessions]
        return min(starts), max(starts)

    def unmapped_names(self) -> list[str]:
        """Names in the file that map to no pattern (kept as the user's own, 'unassigned'), sorted."""
        unassigned = {c.id for c in self.custom_exercises if c.pattern == "unassigned"}
        return sorted(name for name, ex_id in self.name_map.items() if ex_id in unassigned)

    def matched_by_movement(self) -> dict[str, str]:
        """Names that are no catalog exercise but were given a pattern by their movement: name -> pattern."""
        patterns = {c.id: c.pattern for c in self.custom_exercises if c.pattern != "unassigned"}
        return {name: patterns[ex_id] for name, ex_id in sorted(self.name_map.items()) if ex_id in patterns}

    def summary(self) -> dict[str, Any]:
        span = self.date_range()
        return {
            "source": self.source,
            "variant": self.variant,
            "sessions": self.session_count,
            "sets": self.set_count,
            "first": span[0].isoformat() if span else None,
            "last": span[1].isoformat() if span else None,
            "unmapped": self.unmapped_names(),
            "matched_by_movement": self.matched_by_movement(),
            "errors": len(self.errors),
        }

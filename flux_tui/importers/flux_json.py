"""FLUX's own lossless JSON: the shape of the tables, metadata included.

    {"version": 1, "sessions": [{"id", "started_at", "completed_at", "archetype", "anchor_pattern",
      "status", "notes", "sets": [{"id", "exercise", "set_index", "weight", "reps", "seconds",
      "distance", "rpe", "is_warmup", "metadata", "logged_at"}]}],
     "custom_exercises": [...], "brain": {...}}

Reading validates everything and names the exact place of each problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated, Any, Iterable, Literal, Mapping

from annotated_types import Ge, Le

from flux_tui.engine.history import LoggedSet, SessionRecord

FORMAT_VERSION = 1


class FluxJsonError(ValueError):
    """The file is not valid FLUX JSON; the message names file, path and problem."""


@dataclass(frozen=True)
class FluxDocument:
    sessions: list[SessionRecord]
    custom_exercises: list[dict[str, Any]]
    brain: dict[str, Any] | None


def dump(sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]],
         brain: Mapping[str, Any] | None) -> str:
    document = {
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(timezone.utc).isoformat(),
        "sessions": [_session_json(record) for record in sessions],
        "custom_exercises": [dict(e) for e in custom_exercises],
        "brain": dict(brain) if brain is not None else None,
    }
    return json.dumps(document, indent=1, ensure_ascii=False)


def _session_json(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "started_at": record.started_at.isoformat(),
        "completed_at": record.completed_at.isoformat() if record.completed_at else None,
        "archetype": record.archetype,
        "anchor_pattern": record.anchor_pattern,
        "status": record.status,
        "notes": record.notes,
        "sets": [
            {
                "id": s.id, "exercise": s.exercise_id, "set_index": s.set_index, "weight": s.weight,
                "reps": s.reps, "seconds": s.seconds, "distance": s.distance, "rpe": s.rpe,
                "is_warmup": s.is_warmup, "metadata": dict(s.metadata),
                "logged_at": s.logged_at.isoformat() if s.logged_at else None,
            }
            for s in record.sets
        ],
    }


def load(text: str, filename: str) -> FluxDocument:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FluxJsonError(f"{filename}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise FluxJsonError(f"{filename}: the top level must be an object with 'version' and 'sessions'")
    if raw.get("version") != FORMAT_VERSION:
        raise FluxJsonError(
            f"{filename}: version: expected {FORMAT_VERSION}, found {raw.get('version')!r}"
            + (" (written by a newer flux-tui?)" if isinstance(raw.get("version"), int) else "")
        )
    from pydantic import TypeAdapter, ValidationError

    try:
        document = TypeAdapter(_Document).validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FluxJsonError(
            f"{filename}: {_path(first['loc'])}: {first['msg'].lower()}"
            + (f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else "")
        ) from None
    sessions = [
        SessionRecord(
            id=s.id, started_at=_aware(s.started_at), completed_at=_aware(s.completed_at) if s.completed_at else None,
            archetype=s.archetype, anchor_pattern=s.anchor_pattern, status=s.status, notes=s.notes,
            sets=tuple(
                LoggedSet(id=x.id, exercise_id=x.exercise, set_index=x.set_index, weight=x.weight, reps=x.reps,
                          seconds=x.seconds, distance=x.distance, rpe=x.rpe, is_warmup=x.is_warmup,
                          metadata=x.metadata, logged_at=_aware(x.logged_at) if x.logged_at else None)
                for x in s.sets
            ),
        )
        for s in document.sessions
    ]
    return FluxDocument(sessions, [dict(e) for e in document.custom_exercises], document.brain)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


# The schema of the file, used only to validate it. Field types mirror the store's checks.
NonNegative = Annotated[float, Ge(0)]


@dataclass
class _Set:
    id: str
    exercise: str
    set_index: Annotated[int, Ge(0)]
    weight: NonNegative | None = None
    reps: Annotated[int, Ge(0)] | None = None
    seconds: NonNegative | None = None
    distance: NonNegative | None = None
    rpe: Annotated[float, Ge(0), Le(10)] | None = None
    is_warmup: bool = False
    metadata: dict[str, Any] | None = None
    logged_at: datetime | None = None

    def __post_init__(self) -> None:
        self.metadata = self.metadata or {}


@dataclass
class _Session:
    id: str
    started_at: datetime
    archetype: Literal["performance", "recovery"]
    status: Literal["active", "completed", "abandoned"]
    completed_at: datetime | None = None
    anchor_pattern: str | None = None
    notes: str = ""
    sets: list[_Set] | None = None

    def __post_init__(self) -> None:
        self.sets = self.sets or []
        self.notes = self.notes or ""


@dataclass
class _Document:
    version: int
    sessions: list[_Session]
    custom_exercises: list[dict[str, Any]] | None = None
    brain: dict[str, Any] | None = None
    exported_at: str | None = None

    def __post_init__(self) -> None:
        self.custom_exercises = self.custom_exercises or []

"""FLUX's own lossless JSON: the shape of the tables, metadata included.

    {"version": 1, "sessions": [{"id", "started_at", "completed_at", "archetype", "anchor_pattern",
      "status", "notes", "title", "exercise_notes": {exercise id: note}, "sets": [{"id", "exercise", "set_index", "weight", "reps", "seconds",
      "distance", "rpe", "is_warmup", "metadata", "logged_at"}]}],
     "custom_exercises": [...], "brain": {...}}

Reading validates everything and names the exact place of each problem. Numbers follow the
importers' one rule (units.py: finite, within documented bounds; `true` is not a number);
timestamps keep their offset, which becomes the session's `utc_offset`; a session may not end
before it starts, nor start in the future. The file is bounded before it is parsed.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated, Any, Iterable, Literal, Mapping, TextIO

from annotated_types import Ge, Le

from flux_tui import units
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.importers._core import FUTURE_SLACK
from flux_tui.timefmt import local_start, utc_now

FORMAT_VERSION = 1
MAX_BYTES = 512 * 1024 * 1024  # a 1M-set history is ~300 MB


class FluxJsonError(ValueError):
    """The file is not valid FLUX JSON; the message names file, path and problem."""


@dataclass(frozen=True)
class FluxDocument:
    sessions: list[SessionRecord]
    custom_exercises: list[dict[str, Any]]
    brain: dict[str, Any] | None


def dump(sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]],
         brain: Mapping[str, Any] | None) -> str:
    out = io.StringIO()
    write(out, sessions, custom_exercises, brain)
    return out.getvalue()


def write(out: TextIO, sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]],
          brain: Mapping[str, Any] | None) -> int:
    """The document to `out`, one session at a time as `sessions` yields them (one a line), so a
    long history is never in memory whole; the number of sessions written."""
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    exported_at = utc_now().astimezone().isoformat()
    out.write(f'{{\n "version": {FORMAT_VERSION},\n "exported_at": {encode(exported_at)},\n "sessions": [')
    count = 0
    for record in sessions:
        out.write(("," if count else "") + "\n  " + encode(_session_json(record)))
        count += 1
    out.write(f'\n ],\n "custom_exercises": {encode([dict(e) for e in custom_exercises])},\n'
              f' "brain": {encode(dict(brain) if brain is not None else None)}\n}}\n')
    return count


def _session_json(record: SessionRecord) -> dict[str, Any]:
    started = local_start(record)  # timestamps at the offset of the place: read back as the same utc_offset
    offset = started.tzinfo
    return {
        "id": record.id,
        "started_at": started.isoformat(),
        "completed_at": record.completed_at.astimezone(offset).isoformat() if record.completed_at else None,
        "archetype": record.archetype,
        "anchor_pattern": record.anchor_pattern,
        "status": record.status,
        "notes": record.notes,
        "title": record.title,
        "exercise_notes": dict(record.exercise_notes),
        "sets": [
            {
                "id": s.id, "exercise": s.exercise_id, "set_index": s.set_index, "weight": s.weight,
                "reps": s.reps, "seconds": s.seconds, "distance": s.distance, "rpe": s.rpe,
                "is_warmup": s.is_warmup, "metadata": dict(s.metadata),
                "logged_at": s.logged_at.astimezone(offset).isoformat() if s.logged_at else None,
            }
            for s in record.sets
        ],
    }


def load(text: str, filename: str) -> FluxDocument:
    if len(text) > MAX_BYTES:
        raise FluxJsonError(f"{filename}: the file is larger than {MAX_BYTES // 2**20} MB; not a FLUX export")
    too_deep = FluxJsonError(f"{filename}: nested too deeply to be a FLUX export")
    try:
        raw = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise FluxJsonError(f"{filename}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except _NotJson as exc:
        raise FluxJsonError(f"{filename}: {exc} is not a JSON number (strict JSON has no NaN or Infinity)") from None
    if not isinstance(raw, dict):
        raise FluxJsonError(f"{filename}: the top level must be an object with 'version' and 'sessions'")
    if raw.get("version") != FORMAT_VERSION:
        raise FluxJsonError(
            f"{filename}: version: expected {FORMAT_VERSION}, found {raw.get('version')!r}"
            + (" (written by a newer flux-tui?)" if isinstance(raw.get("version"), int) else "")
        )
    from pydantic import TypeAdapter, ValidationError

    _number_types()

    try:
        document = TypeAdapter(_Document).validate_python(raw)
    except RecursionError:
        raise too_deep from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FluxJsonError(
            f"{filename}: {_path(first['loc'])}: {first['msg'].lower()}"
            + (f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else "")
        ) from None
    problem = _first_bad_time(document.sessions)
    if problem:
        raise FluxJsonError(f"{filename}: {problem}")
    sessions = [
        SessionRecord(
            id=s.id, started_at=_utc(s.started_at), completed_at=_utc(s.completed_at) if s.completed_at else None,
            archetype=s.archetype, anchor_pattern=s.anchor_pattern, status=s.status, notes=s.notes,
            utc_offset=_offset(s.started_at), title=s.title, exercise_notes=s.exercise_notes,
            sets=tuple(
                LoggedSet(id=x.id, exercise_id=x.exercise, set_index=x.set_index, weight=x.weight, reps=x.reps,
                          seconds=x.seconds, distance=x.distance, rpe=x.rpe, is_warmup=x.is_warmup,
                          metadata=x.metadata, logged_at=_utc(x.logged_at) if x.logged_at else None)
                for x in s.sets
            ),
        )
        for s in document.sessions
    ]
    return FluxDocument(sessions, [dict(e) for e in document.custom_exercises], document.brain)


class _NotJson(ValueError):
    pass


def _no_constant(name: str) -> None:
    raise _NotJson(name)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _utc(moment: datetime) -> datetime:
    return _aware(moment).astimezone(timezone.utc)


def _offset(moment: datetime) -> int | None:
    """The offset a timestamp was written at (minutes east); None for a time without one."""
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def _first_bad_time(sessions: list[Any]) -> str | None:
    latest = utc_now() + FUTURE_SLACK
    for n, s in enumerate(sessions):
        if _aware(s.started_at) > latest:
            return f"sessions[{n}].started_at: {s.started_at.isoformat()} is in the future"
        if s.completed_at is not None and _aware(s.completed_at) < _aware(s.started_at):
            return f"sessions[{n}].completed_at: {s.completed_at.isoformat()} is before its started_at"
        offset = _offset(s.started_at)
        if offset is not None and not -1080 <= offset <= 1080:
            return f"sessions[{n}].started_at: the offset {s.started_at.isoformat()[-6:]} is not a UTC offset"
    return None


def _path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


# The schema of the file, used only to validate it. Field types mirror the store's checks; the numbers'
# bounds are the one rule the importers and the set form share (units.py), strict (`true` is not a
# number). The annotations are text until `load` builds the TypeAdapter: `_number_types` defines the
# bounded types then, so exporting never imports pydantic.
def _number_types() -> None:
    from pydantic import StringConstraints, Strict

    from flux_tui.limits import LIMITS

    def bounded(kind: type, high: float) -> Any:
        return Annotated[kind, Strict(), Ge(0), Le(high)]

    globals().update(
        _Index=bounded(int, units.MAX_SET_INDEX), _Reps=bounded(int, units.MAX_REPS),
        _Weight=bounded(float, units.MAX_WEIGHT_KG), _Seconds=bounded(float, units.MAX_SECONDS),
        _Distance=bounded(float, units.MAX_DISTANCE_M), _Rpe=bounded(float, units.MAX_RPE),
        _Flag=Annotated[bool, Strict()],
        _Title=Annotated[str, StringConstraints(max_length=LIMITS["workout_sessions", "title"].high)],
        _Note=Annotated[str, StringConstraints(max_length=LIMITS["workout_sessions", "notes"].high)])


@dataclass
class _Set:
    id: str
    exercise: str
    set_index: _Index
    weight: _Weight | None = None
    reps: _Reps | None = None
    seconds: _Seconds | None = None
    distance: _Distance | None = None
    rpe: _Rpe | None = None
    is_warmup: _Flag = False
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
    title: _Title = ""  # absent in files written before titles were kept
    exercise_notes: dict[str, _Note] | None = None

    def __post_init__(self) -> None:
        self.sets = self.sets or []
        self.notes = self.notes or ""
        self.title = self.title or ""
        self.exercise_notes = self.exercise_notes or {}


@dataclass
class _Document:
    version: int
    sessions: list[_Session]
    custom_exercises: list[dict[str, Any]] | None = None
    brain: dict[str, Any] | None = None
    exported_at: str | None = None

    def __post_init__(self) -> None:
        self.custom_exercises = self.custom_exercises or []

"""CSV export, pure functions over records (no store).

`to_strong_csv` writes Strong's iOS layout with unit columns, which Strong-
compatible readers (and `strong.parse`) read back. Numbers are written as the
shortest decimal that reads back to exactly the same float, so a FLUX -> CSV ->
FLUX round trip drifts by nothing, in kg or in lb.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Iterable, Mapping

from flux_tui.engine.history import SessionRecord
from flux_tui.importers._core import DISTANCE_UNITS, WEIGHT_UNITS, format_exact, to_aware

STRONG_IOS_HEADER = ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Weight Unit",
                     "Reps", "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes")
_WEIGHT_LABEL = {"kg": "kg", "lb": "lbs"}


def _name_of(exercise: Any, fallback: str) -> str:
    if exercise is None:
        return fallback
    if isinstance(exercise, Mapping):
        return exercise.get("name") or fallback
    return getattr(exercise, "name", None) or fallback


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def date_text(moment: datetime, tz: tzinfo | None) -> str:
    """The Date column: the wall time in `tz` (the machine's zone by default), as Strong writes it.

    A wall time that would not read back as the same instant — the repeated hour when clocks go
    back, when two sessions an hour apart share a wall time — gets its UTC offset appended
    (`2026-11-01 01:30:00-05:00`), so a re-import keeps them apart (the importers read it).
    """
    local = _local(moment, tz)
    wall = local.replace(tzinfo=None, microsecond=0, fold=0)  # as a reader parses the text
    text = wall.strftime("%Y-%m-%d %H:%M:%S")
    # Compared in UTC: two times of one zone compare by wall time alone, fold or not.
    if to_aware(wall, tz).astimezone(timezone.utc) != local.replace(microsecond=0).astimezone(timezone.utc):
        text += local.isoformat()[-6:]
    return text


def format_duration(length: timedelta) -> str:
    """'1h 6m', or '1h 6m 30s' when there are seconds left (read back by strong.parse)."""
    total = length.total_seconds()
    if total <= 0:
        return ""
    hours = int(total // 3600)
    minutes = int((total - hours * 3600) // 60)
    rest = total - hours * 3600 - minutes * 60
    text = f"{hours}h {minutes}m"
    if rest:
        text += f" {format_exact(rest, None)}s"
    return text


def to_strong_csv(sessions: Iterable[SessionRecord], exercises_by_id: Mapping[str, Any], unit: str = "kg", *,
                  titles: Mapping[str, str] | None = None, tz: tzinfo | None = None,
                  keep_original_units: bool = True) -> str:
    """Strong iOS CSV (comma, `Weight Unit` / `Distance Unit` columns) for `sessions`.

    unit: 'kg' | 'lb' for weights (distances: km, or mi for 'lb'). With
    keep_original_units, a set imported in other units (metadata weight_unit /
    distance_unit) is written in those, so a re-import gives identical records.
    titles: session id -> workout name (e.g. ImportResult.session_meta titles);
    default "Workout". tz: the zone for the Date column (default: this machine's).
    """
    if unit not in ("kg", "lb"):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    default_distance = "mi" if unit == "lb" else "km"
    titles = titles or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_IOS_HEADER)
    for session in sessions:
        if not session.sets:
            continue
        date = date_text(session.started_at, tz)
        title = titles.get(session.id) or "Workout"
        length = format_duration(session.completed_at - session.started_at) if session.completed_at else ""
        counters: dict[str, int] = {}
        for s in sorted(session.sets, key=lambda s: s.set_index):
            meta = s.metadata or {}
            name = meta.get("original_name") or _name_of(exercises_by_id.get(s.exercise_id), s.exercise_id)
            set_type = meta.get("set_type")
            if s.is_warmup:
                order = "W"
            elif set_type == "dropset":
                order = "D"
            elif set_type == "failure":
                order = "F"
            else:
                counters[name] = counters.get(name, 0) + 1
                order = str(counters[name])
            w_unit = meta.get("weight_unit") if keep_original_units else None
            if w_unit not in WEIGHT_UNITS or w_unit not in _WEIGHT_LABEL:
                w_unit = unit
            d_unit = meta.get("distance_unit") if keep_original_units else None
            if d_unit not in DISTANCE_UNITS:
                d_unit = default_distance
            weight = "" if s.weight is None else format_exact(s.weight, WEIGHT_UNITS[w_unit][0])
            distance = "" if s.distance is None else format_exact(s.distance, DISTANCE_UNITS[d_unit][0])
            writer.writerow((
                date, title, length, name, order, weight, _WEIGHT_LABEL[w_unit],
                "" if s.reps is None else str(s.reps),
                "" if s.rpe is None else format_exact(s.rpe, None),
                distance, DISTANCE_UNITS[d_unit][1],
                "" if s.seconds is None else format_exact(s.seconds, None),
                meta.get("notes", ""), session.notes,
            ))
            rest = meta.get("rest_seconds")
            if rest:
                writer.writerow((date, title, length, name, "Rest Timer", "", _WEIGHT_LABEL[w_unit], "", "", "",
                                 DISTANCE_UNITS[d_unit][1], format_exact(float(rest), None), "", session.notes))
    return out.getvalue()

"""CSV exports other tools read as their own: Strong's layouts and Hevy's, written as they stream.

The writers take the sessions one at a time (`Training.all_sessions()` streams them from the
store) and write each row as it comes, so a long history never sits in memory as text.

Strong's conventions, as its own published exports show them (tests/importers/test_conformance.py
derives them from the files in tests/fixtures/real/ and checks each):

* `Date` is the session's wall-clock start where it happened (its `utc_offset`), `YYYY-MM-DD
  HH:MM:SS`, whatever zone the exporting machine is in; text fields are quoted, numbers are not;
* every number cell is filled: an unused weight, reps, distance or seconds is `0` (the Android
  layout leaves weight, reps and distance empty, as Strong's Android files do); RPE is empty when
  there is none;
* weights and distances in one unit for the whole file, rounded to 0.01; weights as Strong writes
  them (`110.0`, `57.5`; `0` for none), whole reps and whole seconds;
* `Duration` as `7m`, `1h`, `2h 27m` or `20s` (Strong drops the seconds of a workout over a minute);
* `Set Order` numbers the normal sets of an exercise 1, 2, 3…; drop and failure sets are `D` and
  `F` (they count in FLUX's volume, and a reader that sums every row counts them too); warm-ups,
  which FLUX's volume leaves out, are left out unless asked for (then `W`);
* no `Rest Timer` rows (no comma-format Strong file has them);
* an interval set's result (rounds, watts, calories, heart rate) goes into Distance, Seconds and
  Notes, so the row is never empty.

Hevy's layout carries every set type and superset ids in their own columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, TextIO

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.importers.hevy import superset_number
from flux_tui.timefmt import local_start
from flux_tui.units import KG_PER_LB

KM_PER_MILE = 1.609344
STRONG_LAYOUTS = ("classic", "units", "android")
STRONG_HEADERS = {
    "classic": ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance",
                "Seconds", "Notes", "Workout Notes", "RPE"),
    "units": ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
              "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes"),
    # As Strong's Android files are (tests/fixtures/real/strong_android): no duration column.
    "android": ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE",
                "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes"),
}
HEVY_HEADER = ("title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes",
               "set_index", "set_type", "weight_{w}", "reps", "distance_{d}", "duration_seconds", "rpe")
DEFAULT_TITLE = "Workout"
_WEIGHT_LABEL = {"kg": "kg", "lb": "lbs"}
_DISTANCE_UNIT = {"kg": "km", "lb": "mi"}  # a file in kg gives distances in km, one in lb in miles
_HEVY_UNITS = {"kg": ("kg", "km"), "lb": ("lbs", "miles")}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class ExportCounts:
    sessions: int = 0
    sets: int = 0
    warmups_left_out: int = 0


def exercise_namer(catalog: Mapping[str, Any]) -> Callable[[LoggedSet], str]:
    """A set's exercise name: as the file it came from wrote it, else the catalog's, else its id."""

    def name_of(logged: LoggedSet) -> str:
        written = (logged.metadata or {}).get("original_name")
        if written:
            return written
        exercise = catalog.get(logged.exercise_id)
        if isinstance(exercise, Mapping):
            return exercise.get("name") or logged.exercise_id
        return getattr(exercise, "name", None) or logged.exercise_id

    return name_of


# --- numbers, times, text ------------------------------------------------------------------


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def rounded(value: float) -> float:
    """To 0.01, as Strong shows numbers (0.0 for -0.0)."""
    return round(value, 2) + 0.0


def weight_in(kg: float, unit: str) -> float:
    return rounded(kg / KG_PER_LB if unit == "lb" else kg)


def distance_in(metres: float, unit: str) -> float:
    return rounded(metres / 1000 / (KM_PER_MILE if unit == "lb" else 1.0))


def shortest(value: float) -> str:
    """`90`, `18.14`: no trailing `.0` (Strong's Android files, Hevy's)."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def decimal(value: float) -> str:
    """`110.0`, `57.5`, and `0` for nothing (Strong's comma files)."""
    return "0" if value == 0 else repr(value)


def whole(value: float | None) -> int:
    return int(round(value)) if value else 0


def strong_duration(seconds: float) -> str:
    """`20s`, `7m`, `1h`, `2h 27m`: as Strong writes a workout's length."""
    total = int(round(seconds))
    hours, minutes = total // 3600, total % 3600 // 60
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m" if minutes else f"{total}s"


def wall_clock(session: SessionRecord) -> datetime:
    """When the session started on the clock of the place it happened (seconds whole)."""
    return local_start(session).replace(microsecond=0)


def title_of(session: SessionRecord) -> str:
    return session.title or DEFAULT_TITLE  # Strong and Hevy name every workout


def exercise_note(session: SessionRecord, exercise_id: str) -> str:
    return session.exercise_notes.get(exercise_id, "")


def interval_result(logged: LoggedSet) -> tuple[float | None, float | None, str]:
    """(total distance in m, total seconds, text) of an interval set's metadata (metrics per round)."""
    meta = logged.metadata or {}
    rounds = meta.get("rounds_completed")
    count = rounds if isinstance(rounds, (int, float)) and not isinstance(rounds, bool) else 1
    parts = []
    if "rounds_completed" in meta:
        parts.append(f"{count:g} rounds")
    for key, label in (("avg_watts", "{:g} W avg"), ("calories", "{:g} kcal"), ("peak_hr", "peak HR {:g}")):
        value = meta.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(label.format(value))
    distance = meta.get("distance") if logged.distance is None else None
    seconds = meta.get("seconds") if logged.seconds is None else None
    distance = distance * count if isinstance(distance, (int, float)) and not isinstance(distance, bool) else None
    seconds = seconds * count if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else None
    return distance, seconds, ", ".join(parts)


def _note(logged: LoggedSet, extra: str) -> str:
    own = (logged.metadata or {}).get("notes") or ""
    return "; ".join(part for part in (own, extra) if part)


# --- Strong --------------------------------------------------------------------------------


def write_strong(out: TextIO, sessions: Iterable[SessionRecord], name_of: Callable[[LoggedSet], str], unit: str,
                 layout: str = "classic", warmups: bool = False) -> ExportCounts:
    """Strong's `layout` (classic | units | android) of `sessions` to `out`, weights in `unit` (kg | lb)."""
    if unit not in _WEIGHT_LABEL:
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    if layout not in STRONG_HEADERS:
        raise ValueError(f"layout must be one of {', '.join(STRONG_LAYOUTS)}, not {layout!r}")
    android = layout == "android"
    sep = ";" if android else ","
    w_label, d_label = _WEIGHT_LABEL[unit], _DISTANCE_UNIT[unit]
    counts = ExportCounts()
    out.write(sep.join(STRONG_HEADERS[layout]) + "\n")
    starts: set[str] = set()
    for session in sessions:
        if not session.sets:
            continue
        counts.sessions += 1
        date = _strong_date(session, starts)
        title = quoted(title_of(session))
        length = strong_duration((session.completed_at - session.started_at).total_seconds()) \
            if session.completed_at else ""
        workout_notes = session.notes or ""
        numbered: dict[str, int] = {}
        first_row = True
        for logged in sorted(session.sets, key=lambda s: s.set_index):
            if logged.is_warmup and not warmups:
                counts.warmups_left_out += 1
                continue
            name = name_of(logged)
            set_type = (logged.metadata or {}).get("set_type")
            new_exercise = name not in numbered
            if logged.is_warmup:
                order = "W"
                numbered.setdefault(name, 0)
            elif set_type in ("dropset", "failure"):
                order = "D" if set_type == "dropset" else "F"
                numbered.setdefault(name, 0)
            else:
                numbered[name] = numbered.get(name, 0) + 1
                order = str(numbered[name])
            distance_m, seconds, result = interval_result(logged)
            if logged.distance is not None:
                distance_m = logged.distance
            if logged.seconds is not None:
                seconds = logged.seconds
            note = _note(logged, result)
            if new_exercise:
                note = "; ".join(part for part in (exercise_note(session, logged.exercise_id), note) if part)
            # Strong quotes a note on the first row of an exercise (and the workout notes on the
            # workout's first row, the only one that has them) even when empty: `""`.
            note_cell = quoted(note) if note or new_exercise else ""
            workout_cell = quoted(workout_notes) if first_row else ""  # the first row only, as Strong
            first_row = False
            weight = weight_in(logged.weight, unit) if logged.weight else 0.0
            distance = distance_in(distance_m, unit) if distance_m else 0.0
            rpe = shortest(float(logged.rpe)) if logged.rpe else ""
            if android:
                cells = (date, title, quoted(name), order,
                         shortest(weight) if logged.weight is not None else "",
                         w_label if logged.weight is not None else "",
                         str(logged.reps) if logged.reps is not None else "", rpe,
                         shortest(distance) if distance_m else "", d_label if distance_m else "",
                         str(whole(seconds)), note_cell, workout_cell)
            elif layout == "units":
                cells = (date, title, length, quoted(name), order, decimal(weight), w_label, str(logged.reps or 0),
                         rpe, decimal(distance), d_label, str(whole(seconds)), note_cell, workout_cell)
            else:
                cells = (date, title, length, quoted(name), order, decimal(weight), str(logged.reps or 0),
                         decimal(distance), str(whole(seconds)), note_cell, workout_cell, rpe)
            out.write(sep.join(cells) + "\n")
            counts.sets += 1
    return counts


def _strong_date(session: SessionRecord, seen: set[str]) -> str:
    """The wall-clock start; when another session of the file has the same one (the repeated hour
    when clocks go back), its UTC offset follows, so a re-import keeps the two apart."""
    local = wall_clock(session)
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    if text in seen:
        return text + local.isoformat()[-6:]
    seen.add(text)
    return text


# --- Hevy ----------------------------------------------------------------------------------


def hevy_time(moment: datetime) -> str:
    """`2 Mar 2026, 19:59`, as Hevy writes times (English months, 24-hour clock)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def write_hevy(out: TextIO, sessions: Iterable[SessionRecord], name_of: Callable[[LoggedSet], str],
               unit: str) -> ExportCounts:
    """Hevy's layout of `sessions`: every set type, superset ids, weights in `unit` (kg | lb)."""
    if unit not in _HEVY_UNITS:
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    w_name, d_name = _HEVY_UNITS[unit]
    header = [cell.format(w=w_name, d=d_name) for cell in HEVY_HEADER]
    out.write(",".join(quoted(cell) for cell in header) + "\n")
    counts = ExportCounts()
    for session in sessions:
        if not session.sets:
            continue
        counts.sessions += 1
        start = wall_clock(session)
        end = session.completed_at.astimezone(start.tzinfo) if session.completed_at else start
        head = ",".join((quoted(title_of(session)), quoted(hevy_time(start)), quoted(hevy_time(end)),
                         quoted(session.notes or "")))
        indexes: dict[str, int] = {}
        for logged in sorted(session.sets, key=lambda s: s.set_index):
            meta = logged.metadata or {}
            name = name_of(logged)
            index = indexes.get(name, 0)
            indexes[name] = index + 1
            set_type = "warmup" if logged.is_warmup else meta.get("set_type") or "normal"
            if set_type not in ("warmup", "dropset", "failure"):
                set_type = "normal"
            distance_m, seconds, result = interval_result(logged)
            if logged.distance is not None:
                distance_m = logged.distance
            if logged.seconds is not None:
                seconds = logged.seconds
            notes = "; ".join(part for part in (exercise_note(session, logged.exercise_id), _note(logged, result))
                              if part)
            superset = superset_number(str(meta.get("superset_id", "")))
            out.write(",".join((
                head, quoted(name), superset if superset.isdigit() or not superset else quoted(superset), quoted(notes), str(index),
                quoted(set_type),
                shortest(weight_in(logged.weight, unit)) if logged.weight is not None else "",
                str(logged.reps) if logged.reps is not None else "",
                shortest(distance_in(distance_m, unit)) if distance_m is not None else "",
                str(whole(seconds)) if seconds is not None else "",
                shortest(float(logged.rpe)) if logged.rpe else "",
            )) + "\n")
            counts.sets += 1
    return counts

"""Strong's CSV exports, every variant known:

* classic iOS, comma, no unit columns (weights in the `unit` passed in);
* iOS with `Weight Unit` / `Distance Unit`, comma;
* Android, semicolon, with `Workout Duration` last;
* a leading `Workout #`, `Duration (sec)`, units in the header (`Weight (kg)`,
  `Distance (meters)`), every field quoted.

The variant is decided from the header line alone. `Set Order` is a number, a
set-type letter (W warm-up, D drop set, F failure) or `Rest Timer`: those rows
carry a rest in `Seconds`, are not sets, and are kept as `rest_seconds` in the
metadata of the set before them.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import Any

from flux_tui.importers import _core
from flux_tui.importers._core import (
    DISTANCE_UNITS, KM, LB, MILE, WEIGHT_COLUMNS, WEIGHT_UNITS, Bad, Builder, RowSet, duration, fnum, fwhole, number,
    rpe, scaled, unit_reader,
)
from flux_tui.importers.formats import STRONG_FIELDS as HEADER_FIELDS, STRONG_REQUIRED as REQUIRED, read_export
from flux_tui.importers.model import ImportResult
from flux_tui.importers.names import NameIndex

_SET_TYPES = {"w": (True, None), "d": (False, "dropset"), "f": (False, "failure")}
_DISTANCE_COLUMNS = (("distance_m", None, "m"), ("distance_km", KM, "km"), ("distance_mi", MILE, "mi"))


def parse(text: str, *, unit: str = "kg", index: NameIndex, tz: tzinfo | None = None,
          progress: _core.ProgressFn | None = None, distance_unit: str | None = None) -> ImportResult:
    if unit not in ("kg", "lb"):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    table, cols = read_export("strong", text, HEADER_FIELDS, REQUIRED)
    col = cols.at
    i_date, i_ex, i_so = cols["date"], cols["exercise"], cols["set_order"]
    i_title, i_dur, i_no = col("title"), col("duration"), col("workout_no")
    i_wu, i_r, i_rpe = col("weight_unit"), col("reps"), col("rpe")
    i_du, i_s, i_notes, i_wn = col("distance_unit"), col("seconds"), col("notes"), col("workout_notes")

    given_w = (LB, "lb") if unit == "lb" else (None, "kg")
    if distance_unit is None:
        distance_unit = "mi" if unit == "lb" else "km"
    try:
        given_d = DISTANCE_UNITS[distance_unit]
    except KeyError:
        raise ValueError(f"unknown distance unit {distance_unit!r}") from None
    # A plain Weight / Distance column is in the unit given (unless its row's unit column says another)
    i_w, default_wf, default_wl = cols.unit((("weight", *given_w), *WEIGHT_COLUMNS), given_w)
    i_d, default_df, default_dl = cols.unit((("distance", *given_d), *_DISTANCE_COLUMNS), given_d)

    if "weight_unit" in cols:
        variant = "strong-android" if table.delimiter == ";" else "strong-ios"
    elif any(k in cols for k in ("weight_kg", "weight_lb", "distance_m", "distance_km", "distance_mi")):
        variant = "strong-units-in-header"
    else:
        variant = "strong-classic"
    if "workout_no" in cols:
        variant += "+workout-number"

    builder = Builder("strong", variant, index, table.errors)
    if not any(k in cols for k in ("weight_unit", "weight_kg", "weight_lb")):
        builder.assumed["weight"] = default_wl
    if not any(k in cols for k in ("distance_unit", "distance_m", "distance_km", "distance_mi")):
        builder.assumed["distance"] = default_dl
    dates = _core.Starts(lambda text: _start(text, tz))
    weight_unit = unit_reader(WEIGHT_UNITS, "Weight Unit", blank=(default_wf, default_wl))
    distance_unit_of = unit_reader(DISTANCE_UNITS, "Distance Unit", blank=(default_df, default_dl))

    def read(line: int, row: list[str]) -> RowSet | None:
        sess, new = builder.session(*dates.of(row[i_date]))
        if new:
            _open_session(sess, row, i_title, i_dur, i_no, i_wn, line, builder)
        elif not sess.notes and row[i_wn]:
            sess.notes = row[i_wn].strip()

        order = row[i_so].strip()
        if order.isdigit():
            warm, set_type = False, None
        else:
            folded = order.casefold()
            if folded == "rest timer":
                rest = number(row[i_s], "Seconds")
                if rest and sess.last is not None:
                    sess.last["rest_seconds"] = rest
                return None
            try:
                warm, set_type = _SET_TYPES[folded]
            except KeyError:
                raise Bad(f"Set Order: '{order}' is not a set number, W, D, F or Rest Timer") from None

        name = row[i_ex].strip()
        if not name:
            raise Bad("Exercise Name is empty")

        wu = weight_unit(row[i_wu])
        du = distance_unit_of(row[i_du])

        weight = scaled(row[i_w], wu[0], "Weight") if wu[0] is not None else fnum(row[i_w], "Weight")
        reps = fwhole(row[i_r], "Reps")
        distance = scaled(row[i_d], du[0], "Distance") if du[0] is not None else fnum(row[i_d], "Distance")
        seconds = fnum(row[i_s], "Seconds")
        return RowSet(sess, name, weight, reps, seconds, distance, (wu[1], du[1]), rpe(row[i_rpe]), warm,
                      {"set_type": set_type} if set_type is not None else None, (row[i_notes], "Notes"))

    return builder.read(table, progress, read)


def _start(text: str, tz: tzinfo | None) -> tuple[str, datetime] | str:
    stripped = text.strip()
    if not stripped:
        return "Date is empty"
    try:
        moment = datetime.fromisoformat(stripped)
    except ValueError:
        return f"Date: '{stripped}' is not a date like 2026-03-13 15:22:00"
    return _core.start_of(moment, stripped, tz)


def _open_session(sess: Any, row: list[str], i_title: int, i_dur: int, i_no: int, i_wn: int, line: int,
                  builder: Builder) -> None:
    sess.title = builder.text(line, row[i_title], "Workout Name", _core.TITLE)
    number_text = row[i_no].strip()
    if number_text:
        sess.meta["workout_number"] = number_text
    sess.notes = row[i_wn].strip()
    try:
        length = duration(row[i_dur])
    except Bad as exc:
        builder.error(line, f"{exc}; the workout is imported without an end time")
        return
    if length is not None and length.total_seconds() > 0:
        try:
            sess.completed_at = sess.started_at.astimezone(timezone.utc) + length  # elapsed, not wall, time
        except OverflowError:
            builder.error(line, "Duration: the end time is out of range; imported without it")

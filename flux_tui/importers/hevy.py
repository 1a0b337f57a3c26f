"""Hevy's CSV export: one row per set, units in the column names.

`title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
set_index,set_type,weight_kg|weight_lbs,reps,distance_km|distance_miles,duration_seconds,rpe`

Times look like `13 Mar 2026, 15:22` (ISO text is accepted too); `set_index`
counts from 0 per exercise; `set_type` is normal, warmup, dropset or failure.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from flux_tui.importers import _core
from flux_tui.importers._core import (
    KM, LB, MILE, Bad, Builder, check_width, check_year, columns, fnum, fwhole, read_table, rpe, scaled, to_aware,
    zero_rule,
)
from flux_tui.importers.formats import expected_error
from flux_tui.importers.model import ImportResult
from flux_tui.importers.names import NameIndex
from flux_tui.units import set_out_of_bounds

HEADER_FIELDS = {
    "title": "title",
    "start_time": "start",
    "end_time": "end",
    "description": "description",
    "exercise_title": "exercise",
    "superset_id": "superset",
    "exercise_notes": "notes",
    "set_index": "set_index",
    "set_type": "set_type",
    "weight_kg": "weight_kg",
    "weight_lbs": "weight_lb",
    "weight_lb": "weight_lb",
    "reps": "reps",
    "distance_km": "distance_km",
    "distance_miles": "distance_mi",
    "distance_mi": "distance_mi",
    "distance_meters": "distance_m",
    "distance_m": "distance_m",
    "duration_seconds": "seconds",
    "rpe": "rpe",
}
REQUIRED = ("start", "exercise")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_DATE_RE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def parse(text: str, *, unit: str = "kg", index: NameIndex, tz: tzinfo | None = None,
          progress: _core.ProgressFn | None = None) -> ImportResult:
    """`unit` is unused: Hevy names its units in the header."""
    table = read_table(text)
    cols = columns(table.header, HEADER_FIELDS)
    if any(f not in cols for f in REQUIRED):
        raise expected_error("hevy", table.header, table.raw_header)
    width = len(table.header)
    absent = width

    def col(name: str) -> int:
        return cols.get(name, absent)

    if "weight_kg" in cols:
        i_w, w_factor, w_label = cols["weight_kg"], None, "kg"
    elif "weight_lb" in cols:
        i_w, w_factor, w_label = cols["weight_lb"], LB, "lb"
    else:
        i_w, w_factor, w_label = absent, None, "kg"
    if "distance_km" in cols:
        i_d, d_factor, d_label = cols["distance_km"], KM, "km"
    elif "distance_mi" in cols:
        i_d, d_factor, d_label = cols["distance_mi"], MILE, "mi"
    elif "distance_m" in cols:
        i_d, d_factor, d_label = cols["distance_m"], None, "m"
    else:
        i_d, d_factor, d_label = absent, KM, "km"
    variant = f"hevy-{'lbs' if w_label == 'lb' else 'kg'}-{ {'km': 'km', 'mi': 'miles', 'm': 'metres'}[d_label] }"

    i_start, i_ex = cols["start"], cols["exercise"]
    i_end, i_title, i_desc = col("end"), col("title"), col("description")
    i_ss, i_notes, i_type = col("superset"), col("notes"), col("set_type")
    i_r, i_s, i_rpe = col("reps"), col("seconds"), col("rpe")

    errors = table.errors
    builder = Builder("hevy", variant, index, errors)
    starts = _core.Starts(lambda text: _moment(text, tz, "start_time"))
    records = table.records
    builder.rows_read = len(records)

    for line, row in _core.iter_with_progress(records, progress):
        row = check_width(line, row, width, errors)
        if row is None:
            continue
        try:
            key, started_at = starts.of(row[i_start])
            sess, new = builder.session(key, started_at)
            if new:
                sess.title = builder.text(line, row[i_title], "title", _core.TITLE)
                sess.notes = row[i_desc].strip()
                end_text = row[i_end]
                if end_text.strip():
                    end = _moment(end_text, tz, "end_time")
                    if isinstance(end, str):
                        builder.error(line, f"{end}; the workout is imported without an end time")
                    elif end[1] >= started_at:
                        sess.completed_at = end[1]

            name = row[i_ex].strip()
            if not name:
                raise Bad("exercise_title is empty")
            set_type = row[i_type].strip().casefold() or "normal"
            weight = scaled(row[i_w], w_factor, "weight")
            reps = fwhole(row[i_r], "reps")
            distance = scaled(row[i_d], d_factor, "distance")
            seconds = fnum(row[i_s], "duration_seconds")
            rpe_value = rpe(row[i_rpe])
        except Bad as exc:
            builder.error(line, str(exc))
            continue

        weight, reps, seconds, distance = zero_rule(weight, reps, seconds, distance)
        problem = set_out_of_bounds(weight, reps, seconds, distance)
        if problem:
            builder.error(line, problem)
            continue
        meta = _core.unit_metadata(name, weight, w_label, distance, d_label)
        if set_type not in ("normal", "warmup"):
            meta["set_type"] = set_type
        superset = row[i_ss].strip()
        if superset:
            meta["superset_id"] = superset
        builder.add_set(sess, name, weight, reps, seconds, distance, rpe_value, set_type == "warmup", meta,
                        builder.text(line, row[i_notes], "exercise_notes", _core.NOTE) if row[i_notes] else "")

    return builder.finish()


def _moment(text: str, tz: tzinfo | None, column: str) -> tuple[str, datetime] | str:
    stripped = text.strip()
    if not stripped:
        return f"{column} is empty"
    moment: datetime | None = None
    match = _DATE_RE.match(stripped)
    if match:
        day, month_name, year, hour, minute, second = match.groups()
        month = _MONTHS.get(month_name[:3].casefold())
        if month is not None:
            try:
                moment = datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
            except ValueError:
                return f"{column}: '{stripped}' is not a valid date"
    if moment is None:
        try:
            moment = datetime.fromisoformat(stripped)
        except ValueError:
            return f"{column}: '{stripped}' is not a date like 13 Mar 2026, 15:22"
    try:
        check_year(moment, stripped)
        return moment.isoformat(), to_aware(moment, tz)
    except Bad as exc:
        return f"{column}: {exc}"
    except (OverflowError, OSError, ValueError):
        return f"{column}: '{stripped}' is out of range"

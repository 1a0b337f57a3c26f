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
    KM, MILE, WEIGHT_COLUMNS, Bad, Builder, RowSet, fnum, fwhole, rpe, scaled,
)
from flux_tui.importers.formats import read_export
from flux_tui.importers.model import ImportResult
from flux_tui.importers.names import NameIndex

# Hevy numbers a workout's supersets 0, 1, ...; a Brain names its groups with letters. One fixed
# correspondence (0 = A, 1 = B, ...) keeps a set's superset id exact through either app's file.
_HEVY_SUPERSET = re.compile(r"0|[1-9][0-9]?")


def superset_letter(cell: str) -> str:
    """Hevy's superset number as FLUX's group letter (`0` -> `A`, up to 25); any other id as it is."""
    return chr(ord("A") + int(cell)) if _HEVY_SUPERSET.fullmatch(cell) and int(cell) < 26 else cell


def superset_number(superset_id: str) -> str:
    """FLUX's group letter as Hevy's superset number (`A` -> `0`); any other id as it is."""
    return str(ord(superset_id) - ord("A")) if len(superset_id) == 1 and "A" <= superset_id <= "Z" else superset_id


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
_DISTANCE_COLUMNS = (("distance_km", KM, "km"), ("distance_mi", MILE, "mi"), ("distance_m", None, "m"))
# Month names as Hevy writes them in the app's language (en, fr, de, es, it, pt), full; any
# abbreviation of 3+ letters that starts only one month's names reads as that month ("juil.",
# "déc.", "set.", "Okt"). Matched with case and accents folded.
_MONTH_NAMES = (
    ("january", "janvier", "januar", "janner", "enero", "gennaio", "janeiro"),
    ("february", "fevrier", "februar", "febrero", "febbraio", "fevereiro"),
    ("march", "mars", "marz", "maerz", "marzo", "marco"),
    ("april", "avril", "abril", "aprile"),
    ("may", "mai", "mayo", "maggio", "maio"),
    ("june", "juin", "juni", "junio", "giugno", "junho"),
    ("july", "juillet", "juli", "julio", "luglio", "julho"),
    ("august", "aout", "agosto"),
    ("september", "septembre", "septiembre", "setiembre", "settembre", "setembro"),
    ("october", "octobre", "oktober", "octubre", "ottobre", "outubro"),
    ("november", "novembre", "noviembre", "novembro"),
    ("december", "decembre", "dezember", "diciembre", "dicembre", "dezembro"),
)
# Words around the date that say nothing: Portuguese/Spanish "4 de set. de 2026", "um"/"à"/"at" before the time
_FILLER = frozenset({"de", "del", "um", "a", "at", "le", "el", "il", "o"})
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$")
_WORD_RE = re.compile(r"\d+|[^\W\d_]+")


def _month(word: str) -> int | None:
    """1-12 for a month's name or unambiguous abbreviation (folded), else None."""
    if len(word) < 3:
        return None
    found = {n for n, names in enumerate(_MONTH_NAMES, 1) if any(name.startswith(word) for name in names)}
    return found.pop() if len(found) == 1 else None


def parse(text: str, *, unit: str = "kg", index: NameIndex, tz: tzinfo | None = None,
          progress: _core.ProgressFn | None = None) -> ImportResult:
    """`unit` is unused: Hevy names its units in the header."""
    table, cols = read_export("hevy", text, HEADER_FIELDS, REQUIRED)
    col = cols.at
    i_w, w_factor, w_label = cols.unit(WEIGHT_COLUMNS, (None, "kg"))
    i_d, d_factor, d_label = cols.unit(_DISTANCE_COLUMNS, (KM, "km"))
    variant = f"hevy-{'lbs' if w_label == 'lb' else 'kg'}-{ {'km': 'km', 'mi': 'miles', 'm': 'metres'}[d_label] }"

    i_start, i_ex = cols["start"], cols["exercise"]
    i_end, i_title, i_desc = col("end"), col("title"), col("description")
    i_ss, i_notes, i_type = col("superset"), col("notes"), col("set_type")
    i_r, i_s, i_rpe = col("reps"), col("seconds"), col("rpe")

    builder = Builder("hevy", variant, index, table.errors)
    starts = _core.Starts(lambda text: _moment(text, tz, "start_time"))

    def read(line: int, row: list[str]) -> RowSet:
        sess, new = builder.session(*starts.of(row[i_start]))
        if new:
            sess.title = builder.text(line, row[i_title], "title", _core.TITLE)
            sess.notes = row[i_desc].strip()
            end_text = row[i_end]
            if end_text.strip():
                end = _moment(end_text, tz, "end_time")
                if isinstance(end, str):
                    builder.error(line, f"{end}; the workout is imported without an end time")
                elif end[1] >= sess.started_at:
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
        meta = {}
        if set_type not in ("normal", "warmup"):
            meta["set_type"] = set_type
        superset = row[i_ss].strip()
        if superset:
            meta["superset_id"] = superset_letter(superset)
        return RowSet(sess, name, weight, reps, seconds, distance, (w_label, d_label), rpe_value,
                      set_type == "warmup", meta, (row[i_notes], "exercise_notes"))

    return builder.read(table, progress, read)


def _moment(text: str, tz: tzinfo | None, column: str) -> tuple[str, datetime] | str:
    stripped = text.strip()
    if not stripped:
        return f"{column} is empty"
    moment = _localized(stripped)
    if moment is None:
        try:
            moment = datetime.fromisoformat(stripped)
        except ValueError:
            return f"{column}: '{stripped}' is not a date like 13 Mar 2026, 15:22"
    return _core.start_of(moment, stripped, tz, column)


def _localized(text: str) -> datetime | None:
    """A Hevy time in any of its languages, day or month first, 24- or 12-hour clock:
    '13 Mar 2026, 15:22', 'May 7, 2026, 6:13 AM', '5 déc. 2025, 11:37', '11. Juni 2025, 13:24',
    '4 de set. de 2026, 15:16'. None when it is none of these (or no such day)."""
    folded = _core.fold_text(text)
    clock = _TIME_RE.search(folded)
    if clock is None:
        return None
    day = year = month = None
    for word in _WORD_RE.findall(folded[:clock.start()]):
        if word.isdigit():
            if len(word) == 4 and year is None:
                year = int(word)
            elif len(word) <= 2 and day is None:
                day = int(word)
            else:
                return None
        elif word not in _FILLER:
            if month is not None:
                return None
            month = _month(word)
            if month is None:
                return None
    if day is None or year is None or month is None:
        return None
    hour, minute = int(clock[1]), int(clock[2])
    if clock[4]:  # 12-hour clock: 12 AM is midnight, 12 PM noon
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if clock[4] == "p" else 0)
    try:
        return datetime(year, month, day, hour, minute, int(clock[3] or 0))
    except ValueError:
        return None

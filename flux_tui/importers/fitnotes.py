"""FitNotes' CSV export: `Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment`
(newer: `Weight,Weight Unit` in place of `Weight (kgs)`).

FitNotes has dates only and no workout: a day's rows form one workout, which
starts at 00:00 local time of that day and has no end time. `Time` is h:mm:ss.
`Comment` is the set's note; `Category` (e.g. Cardio) is kept in the metadata.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from typing import Callable

from flux_tui.importers import _core
from flux_tui.importers._core import (
    DISTANCE_UNITS, LB, WEIGHT_UNITS, Bad, Builder, RowSet, clock, fwhole, scaled,
)
from flux_tui.importers.formats import expected_error, read_export
from flux_tui.importers.model import ImportResult
from flux_tui.importers.names import NameIndex
from flux_tui.units import plain_number

HEADER_FIELDS = {
    "date": "date",
    "exercise": "exercise",
    "category": "category",
    "weight": "weight",
    "weight (kgs)": "weight_kg",
    "weight (kg)": "weight_kg",
    "weight (lbs)": "weight_lb",
    "weight (lb)": "weight_lb",
    "weight unit": "weight_unit",
    "reps": "reps",
    "distance": "distance",
    "distance unit": "distance_unit",
    "time": "time",
    "comment": "comment",
}
REQUIRED = ("date", "exercise")


def parse(text: str, *, unit: str = "kg", index: NameIndex, tz: tzinfo | None = None,
          progress: _core.ProgressFn | None = None, distance_unit: str | None = None) -> ImportResult:
    if unit not in ("kg", "lb"):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    table, cols = read_export("fitnotes", text, HEADER_FIELDS, REQUIRED)
    if not any(f in cols for f in ("weight", "weight_kg", "weight_lb", "reps", "distance", "time")):
        raise expected_error("fitnotes", table.header, table.raw_header)
    width = len(table.header)
    col = cols.at

    default_w: tuple[Decimal | None, str] = (LB, "lb") if unit == "lb" else (None, "kg")
    if "weight_kg" in cols:
        i_w, default_w, variant = cols["weight_kg"], (None, "kg"), "fitnotes-kgs"
    elif "weight_lb" in cols:
        i_w, default_w, variant = cols["weight_lb"], (LB, "lb"), "fitnotes-lbs"
    else:
        i_w, variant = col("weight"), "fitnotes-weight-unit"
    if distance_unit is None:
        distance_unit = "mi" if unit == "lb" else "km"
    default_d = DISTANCE_UNITS[distance_unit]

    i_date, i_ex = cols["date"], cols["exercise"]
    i_cat, i_wu, i_r = col("category"), col("weight_unit"), col("reps")
    i_d, i_du, i_t, i_c = col("distance"), col("distance_unit"), col("time"), col("comment")

    builder = Builder("fitnotes", variant, index, table.errors)
    if variant == "fitnotes-weight-unit" and "weight_unit" not in cols:
        builder.assumed["weight"] = default_w[1]
    if "distance_unit" not in cols:
        builder.assumed["distance"] = default_d[1]
    days = _core.Starts(lambda text: _day(text, tz))
    weight_unit = _core.unit_reader(WEIGHT_UNITS, "Weight Unit", seed={"": default_w})
    distance_unit_of = _core.unit_reader(DISTANCE_UNITS, "Distance Unit", seed={"": default_d})

    # Free-text columns an unquoted comma may have split, and the cells that tell a right split
    texts = [i for i in (i_ex, i_cat, i_c) if i < width]
    checks = ([(i, _number) for i in (i_w, i_r, i_d) if i < width] + [(i, _clock) for i in (i_t,) if i < width]
              + [(i, _unit) for i in (i_wu, i_du) if i < width])

    def mend(row: list[str]) -> list[str]:
        if len(row) <= width or _fits(row, checks, width):
            return row
        joined = _rejoined(row, width, texts, checks)
        if joined is None:
            raise Bad(f"{len(row)} fields where the header has {width}, and no one way to join them:"
                      " a comma inside a name, category or comment that is not quoted")
        return joined

    def read(line: int, row: list[str]) -> RowSet:
        sess, _ = builder.session(*days.of(row[i_date]))

        name = row[i_ex].strip()
        if not name:
            raise Bad("Exercise is empty")
        wu = weight_unit(row[i_wu])
        du = distance_unit_of(row[i_du])
        weight = scaled(row[i_w], wu[0], "Weight")
        reps = fwhole(row[i_r], "Reps")
        distance = scaled(row[i_d], du[0], "Distance")
        seconds = clock(row[i_t], "Time")
        meta = {}
        category = row[i_cat].strip()
        if category:
            meta["category"] = category
        note = row[i_c].strip()
        if note:
            meta["notes"] = note
        return RowSet(sess, name, weight, reps, seconds, distance, (wu[1], du[1]), meta=meta)

    return builder.read(table, progress, read, mend)


def _number(cell: str) -> bool:
    return plain_number(cell.strip()) is not None


def _clock(cell: str) -> bool:
    return all(plain_number(part) is not None for part in cell.strip().split(":"))


def _unit(cell: str) -> bool:
    key = cell.strip().casefold().rstrip(".")
    return key in WEIGHT_UNITS or key in DISTANCE_UNITS


def _rejoined(row: list[str], width: int, texts: list[int],
              checks: list[tuple[int, Callable[[str], bool]]]) -> list[str] | None:
    """A row split by an unquoted comma (FitNotes writes `Overhead Press (Each Side, Dumbbells)`
    as it is), joined again: the one free-text column whose joined cells make the row fit with
    every bracket of the text closed. None when no column, or more than one, does."""
    extra = len(row) - width
    found = [joined for joined in (row[:i] + [",".join(row[i:i + extra + 1])] + row[i + extra + 1:] for i in texts)
             if _fits(joined, checks, width) and all(joined[i].count("(") == joined[i].count(")") for i in texts)]
    return found[0] if len(found) == 1 else None


def _fits(row: list[str], checks: list[tuple[int, Callable[[str], bool]]], width: int) -> bool:
    """Every number and unit cell reads as one, and nothing is left past the header's columns."""
    return (all(not row[j].strip() or fits(row[j]) for j, fits in checks)
            and not any(cell.strip() for cell in row[width:]))


def _day(text: str, tz: tzinfo | None) -> tuple[str, datetime] | str:
    stripped = text.strip()
    if not stripped:
        return "Date is empty"
    try:
        if len(stripped) <= 10:
            moment = datetime.combine(date.fromisoformat(stripped), time())
        else:
            moment = datetime.fromisoformat(stripped)
    except ValueError:
        return f"Date: '{stripped}' is not a date like 2026-03-13"
    return _core.start_of(moment, stripped, tz, day_only=True)

"""The server's rules, applied by the store at every write and import (docs/sync.md, "One validation contract").

Each bound comes from `flux_tui.limits` (the table the server's CHECK constraints are made from), plus the
few columns bounded by a fixed set of words. A row the store accepts is therefore one the server accepts:
tests/sync/test_bounds_contract.py pushes generated rows through the real PostgREST to prove it.

Rows are checked in their SQLite form (JSON columns as text, or already as Python values). A refusal
names the table, the column, the value's problem and the limit, e.g.
`workout_sessions.anchor_pattern: 'Back Squat' is not lower-case words joined by '_' (at most 60 characters)`.
"""

from __future__ import annotations

import json
import math
import re
import typing
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from flux_tui.brain.models import Archetype, LoadType, Tracking
from flux_tui.engine.history import SET_TYPES
from flux_tui.errors import StoreRefused
from flux_tui.limits import LIMITS, Json, Limit, Number, Slug, Text, TextList

SLUG = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
CUSTOM_ID = re.compile(r"custom_[0-9a-f]{32}")

# Columns bounded by a fixed set of words (tests/supabase/test_limits.py NOT_LIMITS): the server's CHECKs.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("exercises", "tracking"): typing.get_args(Tracking),
    ("exercises", "load_type"): typing.get_args(LoadType),
    ("workout_sessions", "archetype"): typing.get_args(Archetype),
    ("workout_sessions", "status"): ("active", "completed", "abandoned"),
    ("workout_sessions", "source"): ("flux", "strong", "hevy", "fitnotes"),
    ("workout_sets", "set_type"): SET_TYPES,
}
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {   # other text the server stores: no NUL character (22P05)
    "workout_sets": ("exercise_id",),
}


class OutOfBounds(StoreRefused):
    """A value the server would refuse: refused here first, with the field and the limit named."""

    def __init__(self, problems: list[str], where: str = "") -> None:
        self.problems = problems
        text = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        super().__init__(f"{where}{text}")


def pg_json_text(value: Any) -> str:
    """`value` as PostgreSQL prints it as jsonb (what the server's size CHECKs measure): keys ordered
    by length then bytes, ', ' and ': ' between items, numbers in plain notation (1e300 has 301 digits)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {pg_json_text(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(pg_json_text(v) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(float(value))), "f")


def _json_problem(value: Any) -> str | None:
    """Why a JSON value cannot be stored on the server at all: a non-finite number, a NUL character."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"holds {value!r}, which JSON cannot carry"
    if isinstance(value, str) and "\x00" in value:
        return "holds a NUL character"
    if isinstance(value, dict):
        for k, v in value.items():
            problem = _json_problem(k) or _json_problem(v)
            if problem:
                return problem
    if isinstance(value, list):
        for v in value:
            problem = _json_problem(v)
            if problem:
                return problem
    return None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def problem(limit: Limit, value: Any) -> str | None:
    """What is wrong with `value` under `limit`, or None. NULL is for the column's NOT NULL to judge."""
    if value is None:
        return None
    if isinstance(limit, Number):
        kind = "a whole number" if limit.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{_show(value)} is not {kind}"
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
        if limit.integer and value != int(value):
            return f"{_show(value)} is not a whole number"
        if not limit.low <= value <= limit.high:
            return f"{_show(value)} is out of range ({limit.low:g} to {limit.high:g}; {limit.reason})"
        return None
    if isinstance(limit, (Text, Slug)):
        if not isinstance(value, str):
            return f"{_show(value)} is not text"
        if "\x00" in value:
            return "holds a NUL character"
        if len(value) > limit.high:
            return f"is {len(value)} characters long (at most {limit.high}; {limit.reason})"
        if isinstance(limit, Slug) and not SLUG.fullmatch(value):
            return f"{_show(value)} is not lower-case words of a-z0-9 joined by '_' ({limit.reason})"
        if isinstance(limit, Text) and limit.low >= 1 and not value.strip(" "):
            return f"is empty ({limit.reason} needs at least {limit.low} character)"
        return None
    if value == "{}" and isinstance(limit, Json):       # most sets' metadata: nothing to measure
        return None
    parsed = value
    if isinstance(value, (str, bytes)):
        try:
            parsed = json.loads(value)
        except ValueError:
            return "is not valid JSON"
    bad = _json_problem(parsed)
    if bad:
        return bad
    if isinstance(limit, Json):
        if not isinstance(parsed, dict):
            return f"is a JSON {type(parsed).__name__}, not an {limit.shape}"
        size = len(pg_json_text(parsed).encode())
        if size > limit.max_bytes:
            return f"is {size:,} bytes as JSON (at most {limit.max_bytes:,}; {limit.reason})"
        return None
    assert isinstance(limit, TextList)
    if not isinstance(parsed, list):
        return "is not a JSON array of names"
    if len(parsed) > limit.max_items:
        return f"holds {len(parsed)} names (at most {limit.max_items}; {limit.reason})"
    for item in parsed:
        if not isinstance(item, str):
            return f"holds {_show(item)}, not a name"
        if not limit.low <= len(item) <= limit.high:
            return f"holds a name of {len(item)} characters ({limit.low} to {limit.high})"
    return None


def problems(table: str, row: Mapping[str, Any]) -> list[str]:
    """Every bound `row` (a full or partial row of a synced table) breaks, as `table.column: problem`."""
    found = []
    for column, value in row.items():
        limit = LIMITS.get((table, column))
        if limit is not None:
            if (table, column) == ("exercises", "id") and row.get("is_custom") and value is not None \
                    and not CUSTOM_ID.fullmatch(str(value)):
                found.append(f"{table}.id: {_show(value)} is not a custom id (custom_ and 32 hex digits)")
                continue
            why = problem(limit, value)
        elif (table, column) in CHOICES:
            choices = CHOICES[(table, column)]
            why = None if value is None or value in choices else \
                f"{_show(value)} is not one of {', '.join(choices)}"
        elif column in TEXT_COLUMNS.get(table, ()) and isinstance(value, str) and "\x00" in value:
            why = "holds a NUL character"
        else:
            continue
        if why:
            found.append(f"{table}.{column}: {why}")
    return found


def check(table: str, row: Mapping[str, Any], where: str = "") -> None:
    """Refuse `row` (OutOfBounds, naming each field and limit) when the server would refuse it."""
    found = problems(table, row)
    if found:
        raise OutOfBounds(found, where)


def _bounded(table: str, column: str) -> bool:
    return (table, column) in (("exercises", "is_custom"), *LIMITS) or (table, column) in CHOICES or column in TEXT_COLUMNS.get(table, ())


def check_rows(table: str, columns: tuple[str, ...], rows: Any, where: Any = None,
               fixed: Mapping[str, Any] | None = None) -> None:
    """`check` for many rows given as tuples in `columns` order (a bulk insert's parameters), each with
    the `fixed` values too. `where(row)`: the words that say which row it is in the message."""
    for _ in checked(table, columns, rows, where, fixed):
        pass


def checked(table: str, columns: tuple[str, ...], rows: Iterable[tuple], where: Any = None,
            fixed: Mapping[str, Any] | None = None) -> Iterator[tuple]:
    """`rows`, each once it is checked (`check_rows`): an insert can take them as they come.

    An import repeats a few values (the same weights, the same metadata text): each distinct value of a
    column is judged once (keyed with its type: 1, 1.0 and True are judged apart)."""
    picked = [(i, c) for i, c in enumerate(columns) if _bounded(table, c)]
    judged: list[dict[tuple[type, Any], bool]] = [{} for _ in picked]
    for row in rows:
        for (i, column), seen in zip(picked, judged):
            value = row[i]
            key = (type(value), value)
            ok = seen.get(key)
            if ok is None:
                ok = seen[key] = not problems(table, {**(fixed or {}), column: value})
            if not ok:
                break
        else:
            yield row
            continue
        found = problems(table, {**(fixed or {}), **{c: row[i] for i, c in picked}})
        if found:
            raise OutOfBounds(found, where(row) if where else "")
        yield row

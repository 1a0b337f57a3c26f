"""Shared machinery of the CSV importers: reading, header detection, numbers,
units, dates, stable ids and the assembly of sessions.

Id scheme (so that importing the same file twice adds nothing; the store
inserts with ON CONFLICT DO NOTHING on the id):

    NAMESPACE   = 3b0f4c1e-6a47-5d0c-9c55-2f8e1d7a6b10  (fixed, never change)
    session id  = uuid5(NAMESPACE, f"{source}|{start_key}")
    set id      = uuid5(NAMESPACE, f"{source}|{start_key}|{exercise_key}|{n}")

`source` is strong / hevy / fitnotes. `start_key` is the workout's start as
written in the file, as a naive ISO text (`2026-03-13T15:22:00`; FitNotes, which
has dates only: `2026-03-13`), so it does not depend on the time zone used for
the import. `exercise_key` is the exercise name as written, stripped and
casefolded (not the catalog id, so a better catalog mapping later does not
change ids). `n` counts that exercise's sets within the workout from 0, in file
order (rest-timer rows are not sets and do not count).
"""

from __future__ import annotations

import csv
import math
import os
import re
import unicodedata
from datetime import datetime, time, timedelta, timezone, tzinfo
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from hashlib import sha1
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping, NamedTuple
from uuid import UUID

from flux_tui.engine.history import SAME_WHEN_EQUAL, LoggedSet, SessionRecord
from flux_tui.importers.model import CustomExercise, ImportFormatError, ImportResult, RowError
from flux_tui.importers.names import Match, NameIndex, custom_id, equipment_of
from flux_tui.limits import LIMITS, Text as Limit
from flux_tui.timefmt import utc_now
from flux_tui.units import MAX_REPS, plain_number, set_out_of_bounds

NAMESPACE = UUID("3b0f4c1e-6a47-5d0c-9c55-2f8e1d7a6b10")
_NS_BYTES = NAMESPACE.bytes

# Exact unit factors to canonical units (kg, m).
LB = Decimal("0.45359237")
MILE = Decimal("1609.344")
KM = Decimal("1000")
FOOT = Decimal("0.3048")
YARD = Decimal("0.9144")
_CTX = Context(prec=80, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])

# cell text (casefolded) -> (factor or None for canonical, label kept in metadata)
WEIGHT_UNITS: dict[str, tuple[Decimal | None, str]] = {
    "kg": (None, "kg"), "kgs": (None, "kg"), "kilogram": (None, "kg"), "kilograms": (None, "kg"),
    "lb": (LB, "lb"), "lbs": (LB, "lb"), "pound": (LB, "lb"), "pounds": (LB, "lb"),
}
DISTANCE_UNITS: dict[str, tuple[Decimal | None, str]] = {
    "m": (None, "m"), "meter": (None, "m"), "meters": (None, "m"), "metre": (None, "m"), "metres": (None, "m"),
    "km": (KM, "km"), "kms": (KM, "km"), "kilometer": (KM, "km"), "kilometers": (KM, "km"),
    "kilometre": (KM, "km"), "kilometres": (KM, "km"),
    "mi": (MILE, "mi"), "mile": (MILE, "mi"), "miles": (MILE, "mi"),
    "ft": (FOOT, "ft"), "feet": (FOOT, "ft"), "foot": (FOOT, "ft"),
    "yd": (YARD, "yd"), "yard": (YARD, "yd"), "yards": (YARD, "yd"),
}

MAX_DURATION = timedelta(days=7)
# How far past now a workout may start: clocks of phones and laptops differ by minutes, not hours.
FUTURE_SLACK = timedelta(hours=1)
YEAR_RANGE = (1900, 2200)

ProgressFn = Callable[[int, int], None]


def stable_uuid(name: str) -> str:
    """uuid5(NAMESPACE, name) as text, without building a UUID object (hot path)."""
    h = bytearray(sha1(_NS_BYTES + name.encode("utf-8")).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x50
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


class Bad(Exception):
    """One row cannot be imported; the message says why."""


# --- reading -----------------------------------------------------------------


class Starts(dict):
    """A workout's start parsed once per distinct text: exports repeat it on every row of the workout.

    `parse(text)` gives (id key, aware start) or, for text it cannot read, the message to report.
    """

    def __init__(self, parse: Callable[[str], "tuple[str, datetime] | str"]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> "tuple[str, datetime] | str":
        value = self[text] = self.parse(text)
        return value

    def of(self, text: str) -> tuple[str, datetime]:
        value = self[text]
        if isinstance(value, str):
            raise Bad(value)
        return value


def decode_bytes(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_source(path_or_text: Any) -> str:
    """Text from a path (str or PathLike), bytes, or the text itself.

    A str is taken as a path only when it has no line break and names an
    existing file; anything else is the file's content."""
    if isinstance(path_or_text, (bytes, bytearray)):
        return decode_bytes(bytes(path_or_text))
    if isinstance(path_or_text, os.PathLike):
        with open(path_or_text, "rb") as handle:
            return decode_bytes(handle.read())
    if isinstance(path_or_text, str):
        if path_or_text and len(path_or_text) < 4096 and "\n" not in path_or_text and "\r" not in path_or_text:
            try:
                is_file = os.path.isfile(path_or_text)
            except (ValueError, OSError):
                is_file = False
            if is_file:
                with open(path_or_text, "rb") as handle:
                    return decode_bytes(handle.read())
        return path_or_text
    raise TypeError(f"expected a path, bytes or text, not {type(path_or_text).__name__}")


def fold_text(text: str) -> str:
    """Case and accents folded, every kind of space (no-break, narrow no-break) a plain one."""
    text = text.casefold().replace("\u2019", "'")
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.split())


def norm_header(cell: str) -> str:
    """A header cell as the formats' tables spell it: case, accents, typographic apostrophes and
    spacing folded ('Nom de l’entraînement' -> "nom de l'entrainement"), so a translated header
    is matched whatever its spelling's small variations."""
    return fold_text(cell.replace("\ufeff", "").strip().strip('"'))


def _delimiter(line: str) -> str:
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


class Table:
    """A CSV text's header (normalised names) and its records, read as they are asked for.

    `records` yields (line, row) pairs: the rows are never all in memory at once (a 100k-set file
    is ~100 MB as lists of cells). `errors` grows with the unreadable records met on the way;
    `lines` is the text's line count, an upper bound of the records for progress."""

    __slots__ = ("header", "raw_header", "records", "errors", "delimiter", "lines")

    def __init__(self, header: list[str], raw_header: list[str], records: Iterator[tuple[int, list[str]]],
                 errors: list[RowError], delimiter: str, lines: int):
        self.header = header
        self.raw_header = raw_header
        self.records = records
        self.errors = errors
        self.delimiter = delimiter
        self.lines = lines


def _lines(text: str, pos: int) -> Iterator[str]:
    """The text's lines from `pos`, each with its '\\n' (csv.reader's input), without a copy of
    the whole text (io.StringIO would hold one, four bytes a character)."""
    find = text.find
    while True:
        end = find("\n", pos)
        if end < 0:
            if pos < len(text):
                yield text[pos:]
            return
        yield text[pos:end + 1]
        pos = end + 1


def read_table(text: str) -> Table:
    """The header of a CSV text and an iterator over its records. ImportFormatError on an empty file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # skip leading blank lines; the header is the first non-blank line
    offset = 0
    pos = 0
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.strip():
            break
        if end < 0:
            raise ImportFormatError("the file is empty")
        offset += 1
        pos = end + 1
    delimiter = _delimiter(line)
    reader = csv.reader(_lines(text, pos), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    errors: list[RowError] = []
    try:
        raw_header = next(reader)
    except csv.Error as exc:
        raise ImportFormatError(f"line {offset + 1}: the header is not readable CSV ({exc})") from None
    header = [norm_header(c) for c in raw_header]
    while header and not header[-1]:
        header.pop()

    def records() -> Iterator[tuple[int, list[str]]]:
        prev = reader.line_num
        while True:
            try:
                for row in reader:  # the fast path: no per-row try or next()
                    yield offset + prev + 1, row
                    prev = reader.line_num
                return
            except csv.Error as exc:
                errors.append(RowError(offset + prev + 1, f"unreadable CSV record: {exc}"))
                if reader.line_num == prev:  # no progress: give up on the rest
                    return
                prev = reader.line_num

    lines = text.count("\n", pos) + (not text.endswith("\n")) - reader.line_num  # after the header
    return Table(header, raw_header, records(), errors, delimiter, lines)


def each_record(table: Table, builder: "Builder", progress: ProgressFn | None,
                every: int = 4096) -> Iterator[tuple[int, list[str]]]:
    """The table's records for a parser's loop, counted into `builder.rows_read`, with progress
    (done, total) every few thousand records."""
    n = 0
    total = table.lines
    if progress is not None:
        progress(0, total)
    for n, record in enumerate(table.records, 1):
        yield record
        if progress is not None and n % every == 0:
            progress(min(n, total), total)
    builder.rows_read = n
    if progress is not None:
        progress(n, n)


# --- numbers -----------------------------------------------------------------


def _finite(value: float, column: str, text: str) -> float:
    if value != value or value in (math.inf, -math.inf):
        raise Bad(f"{column}: '{text}' is not a finite number")
    if value < 0:
        raise Bad(f"{column}: negative value '{text}'")
    return value


def fnum(text: str, column: str) -> float | None:
    """`number` with a fast path for the common clean cell (ASCII digits only)."""
    if text.isdigit() and text.isascii():
        return float(text)
    return number(text, column)


def fwhole(text: str, column: str) -> int | None:
    """`whole` with a fast path for the common clean cell."""
    if text.isdigit() and text.isascii() and len(text) < 6:
        return int(text)
    return whole(text, column)


def number(text: str, column: str) -> float | None:
    """A plain number by the one rule (units.plain_number: ASCII digits, '72,5' reads as 72.5); '' -> None."""
    text = text.strip()
    if not text:
        return None
    value = plain_number(text)
    if value is None:
        if text.startswith("-") and plain_number(text[1:]) is not None:
            raise Bad(f"{column}: negative value '{text}'")
        raise Bad(f"{column}: '{text}' is not a number (digits 0-9, with '.' or ',' for decimals)")
    return _finite(value, column, text)


def scaled(text: str, factor: Decimal | None, column: str) -> float | None:
    """A number times an exact unit factor, rounded once to float."""
    if factor is None:
        return fnum(text, column)
    text = text.strip()
    if not text:
        return None
    number(text, column)  # the one rule first: Decimal alone would take '٣٠٠', '1e3' or 'Infinity'
    dec = Decimal(text.replace(",", "."))
    try:
        value = float(_CTX.multiply(dec, factor))
    except (ArithmeticError, ValueError, OverflowError):
        raise Bad(f"{column}: '{text}' is out of range") from None
    return _finite(value, column, text)


def whole(text: str, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    f = number(text, column)
    if f is None or not f.is_integer():
        raise Bad(f"{column}: '{text}' is not a whole number")
    if f > MAX_REPS:
        raise Bad(f"{column}: {text} is more than the {MAX_REPS} a set may have")
    return int(f)


def rpe(text: str) -> float | None:
    value = number(text, "RPE")
    if value is None or value == 0:  # 0 is how zero-filling exports write "no RPE"
        return None
    if value > 10:
        raise Bad(f"RPE: '{text.strip()}' is not between 0 and 10")
    return value


# --- dates and durations -----------------------------------------------------


def check_year(moment: datetime, text: str) -> datetime:
    if not YEAR_RANGE[0] <= moment.year <= YEAR_RANGE[1]:
        raise Bad(f"date '{text.strip()}' is out of range")
    return moment


def start_of(moment: datetime, text: str, tz: tzinfo | None, column: str = "Date",
             day_only: bool = False) -> tuple[str, datetime] | str:
    """(id key, aware start) of a workout's start as parsed, or the message for one out of range.
    `day_only` (FitNotes): the workout is the day's, from 00:00, keyed by its date."""
    try:
        check_year(moment, text)
        if day_only:
            return moment.date().isoformat(), to_aware(datetime.combine(moment.date(), time(), moment.tzinfo), tz)
        return moment.isoformat(), to_aware(moment, tz)
    except Bad as exc:
        return f"{column}: {exc}" if column != "Date" else str(exc)
    except (OverflowError, OSError, ValueError):
        return f"{column}: '{text}' is out of range"


def to_aware(moment: datetime, tz: tzinfo | None) -> datetime:
    """The file's time made aware, keeping the offset it was at (the session's `utc_offset`):
    naive times are in `tz`, or the machine's zone."""
    if moment.tzinfo is not None:
        return moment
    if tz is None:
        return moment.astimezone()  # naive = the machine's local time
    return moment.replace(tzinfo=tz)


_DURATION_RE = re.compile(
    r"^\s*(?:([0-9]+(?:\.[0-9]+)?)\s*(?:h|hr|hrs|hours?))?\s*(?:([0-9]+(?:\.[0-9]+)?)\s*(?:m|min|mins|minutes?))?"
    r"\s*(?:([0-9]+(?:\.[0-9]+)?)\s*(?:s|sec|secs|seconds?))?\s*$",
    re.IGNORECASE | re.ASCII,
)


def duration(text: str) -> timedelta | None:
    """'2h 38m', '45m', '1h', '1h 6m 30s', '1:06:30', '38:10' or a number of seconds."""
    text = text.strip()
    if not text:
        return None
    seconds: float
    if ":" in text:
        seconds = clock(text, "Duration") or 0.0
    else:
        plain = plain_number(text)
        if plain is not None:
            seconds = plain
        else:
            match = _DURATION_RE.match(text)
            if not match or not any(match.groups()):
                raise Bad(f"Duration: '{text}' is not a duration") from None
            h, m, s = (float(g) if g else 0.0 for g in match.groups())
            seconds = h * 3600 + m * 60 + s
    if seconds > MAX_DURATION.total_seconds():
        raise Bad(f"Duration: '{text}' is longer than a week")
    return timedelta(seconds=seconds)


def clock(text: str, column: str) -> float | None:
    """'h:mm:ss', 'mm:ss' or plain seconds -> seconds."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 3:
        raise Bad(f"{column}: '{text}' is not a time (h:mm:ss)")
    total = 0.0
    for part in parts:
        value = plain_number(part)
        if value is None:
            raise Bad(f"{column}: '{text}' is not a time (h:mm:ss)")
        total = total * 60 + value
    return total


# --- assembly ----------------------------------------------------------------


class _Session:
    __slots__ = ("id", "key", "started_at", "completed_at", "notes", "title", "exercise_notes", "meta", "sets",
                 "counters", "last")

    def __init__(self, sid: str, key: str, started_at: datetime):
        self.id = sid
        self.key = key
        self.started_at = started_at
        self.completed_at: datetime | None = None
        self.notes = ""
        self.title = ""
        self.exercise_notes: dict[str, list[str]] = {}  # exercise id -> its distinct notes, in file order
        self.meta: dict[str, Any] = {}
        self.sets: list[tuple] = []
        self.counters: dict[str, int] = {}
        self.last: dict[str, Any] | None = None  # metadata of the last set (rest timers attach here)


class _Custom:
    __slots__ = ("id", "name", "match", "aliases", "weight", "reps", "seconds", "distance")

    def __init__(self, cid: str, name: str, match: Match):
        self.id = cid
        self.name = name
        self.match = match  # the pattern (and the known exercise it was borrowed from), if any
        self.aliases: list[str] = []
        self.weight = self.reps = self.seconds = self.distance = False


class RowSet(NamedTuple):
    """One row's set as its format reads it, before the bounds every set keeps are checked."""

    sess: _Session
    name: str
    weight: float | None
    reps: int | None
    seconds: float | None
    distance: float | None
    units: tuple[str, str]  # the weight's and the distance's unit as the file wrote them
    rpe: float | None = None
    warm: bool = False
    meta: dict[str, Any] | None = None  # the format's own, after the units
    note: tuple[str, str] = ("", "")  # the exercise note's cell and column, cut to its limit only on a kept set


class Builder:
    """Collects sets per workout, maps names, and produces the ImportResult."""

    def __init__(self, source: str, variant: str, index: NameIndex, errors: list[RowError]):
        self.source = source
        self.variant = variant
        self.index = index
        self.errors = errors
        self.sessions: dict[str, _Session] = {}
        self.names: dict[str, tuple[str, str, str | None]] = {}  # raw name -> (exercise id, key, equipment note)
        self.customs: dict[str, _Custom] = {}
        self.rows_read = 0
        self.now = utc_now()
        self.assumed: dict[str, str] = {}  # "weight"/"distance" -> unit taken for a file that names none

    def error(self, line: int, message: str) -> None:
        self.errors.append(RowError(line, message))

    def text(self, line: int, cell: str, what: str, limit: Limit) -> str:
        """A title's or note's text within its limit (limits.py): a longer one is cut and said so."""
        text = cell.strip()
        if len(text) > limit.high:
            self.error(line, f"{what} is longer than {limit.high} characters: its first {limit.high} are kept")
            text = text[:limit.high].rstrip()
        return text

    def session(self, key: str, started_at: datetime) -> tuple[_Session, bool]:
        """The workout for `key`, and whether it is new; Bad for a workout that starts in the future."""
        sess = self.sessions.get(key)
        if sess is not None:
            return sess, False
        if started_at > self.now + FUTURE_SLACK:
            raise Bad(f"date '{key.replace('T', ' ')}' is in the future (it is {self.now.astimezone():%Y-%m-%d %H:%M}"
                      " here): the whole workout is skipped")
        sess = _Session(stable_uuid(f"{self.source}|{key}"), key, started_at)
        self.sessions[key] = sess
        return sess, True

    def exercise(self, name: str, category: str = "") -> tuple[str, str, str | None]:
        """(exercise id, exercise key, equipment to note on its sets) for a name as written."""
        hit = self.names.get(name)
        if hit is not None:
            return hit
        ex_key = name.strip().casefold()
        match = self.index.match(name, category)
        ex_id = match.exercise_id
        if ex_id is None:
            # Not a catalog exercise: the user's own, with the pattern the name gave (or 'unassigned').
            ex_id = custom_id(name)
            custom = self.customs.get(ex_id)
            if custom is None:
                self.customs[ex_id] = _Custom(ex_id, name, match)
            elif name != custom.name and name not in custom.aliases:
                custom.aliases.append(name)
        hit = (ex_id, ex_key, match.equipment)
        self.names[name] = hit
        return hit

    def read(self, table: Table, progress: ProgressFn | None, read: Callable[[int, list[str]], RowSet | None],
             mend: Callable[[list[str]], list[str]] | None = None) -> ImportResult:
        """Every record of the table as sets, and the result. `read(line, row)` gets a row of the header's
        width with the absent cell '' appended and gives its set, None for a row that is not a set, or
        raises Bad; `mend(row)` first puts a row split by a stray delimiter together again (or raises Bad)."""
        width = len(table.header)
        for line, row in each_record(table, self, progress):
            try:
                if mend is not None:
                    row = mend(row)
                checked = check_width(line, row, width, self.errors)
                got = read(line, checked) if checked is not None else None
            except Bad as exc:
                self.error(line, str(exc))
                continue
            if got is None:
                continue
            weight, reps, seconds, distance = zero_rule(got.weight, got.reps, got.seconds, got.distance)
            problem = set_out_of_bounds(weight, reps, seconds, distance)
            if problem:
                self.error(line, problem)
                continue
            meta = unit_metadata(got.name, weight, got.units[0], distance, got.units[1])
            if got.meta:
                meta.update(got.meta)
            cell, column = got.note
            note = self.text(line, cell, column, NOTE) if cell else ""
            self.add_set(got.sess, got.name, weight, reps, seconds, distance, got.rpe, got.warm, meta, note)
        return self.finish()

    def add_set(self, sess: _Session, name: str, weight: float | None, reps: int | None,
                seconds: float | None, distance: float | None, rpe_value: float | None,
                is_warmup: bool, meta: dict[str, Any], exercise_note: str = "") -> None:
        """One set; `exercise_note` is the note on its exercise (exports repeat it on every set of it)."""
        ex_id, ex_key, equipment = self.exercise(name, meta.get("category", ""))
        if equipment is not None:
            meta["equipment"] = equipment
        if exercise_note:
            kept = sess.exercise_notes.setdefault(ex_id, [])
            if exercise_note not in kept:  # exports repeat it on every set; another one is a line of its own
                kept.append(exercise_note)
        n = sess.counters.get(ex_key, 0)
        sess.counters[ex_key] = n + 1
        set_id = stable_uuid(f"{self.source}|{sess.key}|{ex_key}|{n}")
        sess.sets.append((set_id, ex_id, weight, reps, seconds, distance, rpe_value, is_warmup, meta))
        sess.last = meta
        custom = self.customs.get(ex_id)
        if custom is not None:
            if weight:
                custom.weight = True
            if reps:
                custom.reps = True
            if seconds:
                custom.seconds = True
            if distance:
                custom.distance = True

    def finish(self) -> ImportResult:
        sessions: list[SessionRecord] = []
        session_meta: dict[str, dict[str, Any]] = {}
        # A file's sets repeat a few metadata shapes ({"original_name": …, "weight_unit": "kg"}): the
        # same ones become one read-only mapping (100k sets: ~25 MB of dicts down to a few hundred).
        shared: dict[tuple, Mapping[str, Any]] = {}

        def one_of(meta: dict[str, Any]) -> Mapping[str, Any]:
            types = tuple(map(type, meta.values()))
            if not SAME_WHEN_EQUAL.issuperset(types):  # a float (0.0 == -0.0), a list of rounds: its own
                return meta
            key = (tuple(meta.items()), types)
            found = shared.get(key)
            if found is None:
                found = shared[key] = MappingProxyType(meta)
            return found

        for sess in sorted(self.sessions.values(), key=lambda s: (s.started_at, s.key)):
            if not sess.sets:
                continue
            # Kept in UTC, with the offset the file's time was at.
            offset = sess.started_at.utcoffset()
            started = sess.started_at.astimezone(timezone.utc)
            completed = sess.completed_at.astimezone(timezone.utc) if sess.completed_at else None
            sets = tuple(
                LoggedSet(set_id, ex_id, i, weight, reps, seconds, distance, rpe_value, warm, one_of(meta), started)
                for i, (set_id, ex_id, weight, reps, seconds, distance, rpe_value, warm, meta) in enumerate(sess.sets)
            )
            sessions.append(SessionRecord(sess.id, started, completed, "performance", None, "completed",
                                          sess.notes, sets, int(offset.total_seconds() // 60) if offset else 0,
                                          sess.title,
                                          {ex: "\n".join(notes) for ex, notes in sess.exercise_notes.items()}))
            if sess.meta:
                session_meta[sess.id] = dict(sess.meta)
        customs = [self._custom(c, self.index) for c in sorted(self.customs.values(), key=lambda c: c.id)]
        name_map = {name: hit[0] for name, hit in self.names.items()}
        self.errors.sort(key=lambda e: e.line)
        used = {"weight": any(s.weight for r in sessions for s in r.sets),
                "distance": any(s.distance for r in sessions for s in r.sets)}
        assumed = {what: unit for what, unit in self.assumed.items() if used[what]}
        return ImportResult(self.source, self.variant, sessions, customs, self.errors, session_meta, name_map,
                            self.rows_read, assumed)

    @staticmethod
    def _custom(c: _Custom, index: NameIndex) -> CustomExercise:
        if c.distance:
            tracking = "weight_distance" if c.weight else "distance_seconds"
        elif c.seconds:
            tracking = "weight_seconds" if c.weight else "seconds"
        elif c.weight:
            tracking = "weight_reps"
        elif c.reps:
            tracking = "reps"
        else:
            tracking = "weight_reps"
        match = c.match
        known = index.exercise(match.base_id) if match.base_id is not None else None
        load = (equipment_of(c.name) or (known.load_type if known is not None else None)
                or ("bodyweight" if tracking == "reps" else "none"))
        if match.pattern == "unassigned":
            increment = 0.0  # nothing to progress until the user gives it a pattern
        elif known is not None and load == known.load_type:
            increment = known.increment
        else:
            increment = INCREMENTS.get(load, 0.0)
        muscles = (known.primary_muscles, known.secondary_muscles) if known is not None else ((), ())
        return CustomExercise(c.id, c.name, tracking, load, match.pattern, tuple(c.aliases), increment, *muscles)


TITLE = LIMITS["workout_sessions", "title"]
NOTE = LIMITS["workout_sessions", "notes"]

# The load step of an exercise known only by its pattern, by load type (kg).
INCREMENTS = {"barbell": 2.5, "dumbbell": 2.0, "kettlebell": 4.0, "machine": 5.0, "cable": 2.5, "sled": 10.0}


def zero_rule(weight: float | None, reps: int | None, seconds: float | None,
              distance: float | None) -> tuple[float | None, int | None, float | None, float | None]:
    """Exports write 0 for unused cells: a 0 distance/seconds is "not used"; on a
    timed or distance set a 0 weight/reps is too. Weight sets keep 0 kg / 0 reps."""
    if distance == 0:
        distance = None
    if seconds == 0:
        seconds = None
    if distance is not None or seconds is not None:
        if weight == 0:
            weight = None
        if reps == 0:
            reps = None
    return weight, reps, seconds, distance


def unit_reader(units: Mapping[str, tuple[Decimal | None, str]], column: str,
                blank: tuple[Decimal | None, str] | None = None,
                seed: Mapping[str, tuple[Decimal | None, str]] | None = None) -> Callable[[str], tuple[Decimal | None, str]]:
    """A unit column's cell -> (factor to canonical, label), each distinct text looked up once.

    `blank`: what a cell with no text means (else it is refused as an unknown unit);
    `seed`: cells known up front (FitNotes' exactly empty cell is its file-wide unit).
    """
    seen: dict[str, tuple[Decimal | None, str]] = dict(seed or {})

    def read(text: str) -> tuple[Decimal | None, str]:
        found = seen.get(text)
        if found is None:
            key = text.strip().casefold()
            found = units.get(key) or units.get(key.rstrip("."))  # 'mi.', 'lbs.' as some exports write them
            if found is None:
                if blank is None or text.strip():
                    raise Bad(f"{column}: unknown unit '{text.strip()}'")
                found = blank
            seen[text] = found
        return found

    return read


def unit_metadata(name: str, weight: float | None, weight_unit: str, distance: float | None,
                  distance_unit: str) -> dict[str, Any]:
    """A set's metadata from its export row: the name as written, and the units its numbers were in."""
    meta: dict[str, Any] = {"original_name": name}
    if weight is not None:
        meta["weight_unit"] = weight_unit
    if distance is not None:
        meta["distance_unit"] = distance_unit
    return meta


def check_width(line: int, row: list[str], width: int, errors: list[RowError]) -> list[str] | None:
    """The row padded with one '' (the cell of absent optional columns), or None when it is rejected."""
    size = len(row)
    if size == width:
        row.append("")
        return row
    if size == 0 or (size == 1 and not row[0].strip()):
        return None  # blank line
    if size < width:
        errors.append(RowError(line, f"truncated line: expected {width} fields, got {size}"))
        return None
    if any(cell.strip() for cell in row[width:]):
        errors.append(RowError(line, f"wrong column count: expected {width} fields, got {size}"))
        return None
    del row[width:]
    row.append("")
    return row


# Value columns that name their unit in the header, as (field, factor to canonical, unit)
WEIGHT_COLUMNS = (("weight_kg", None, "kg"), ("weight_lb", LB, "lb"))


class Columns(dict):
    """field -> column index for the header cells a format knows (the first cell of a field wins). A field
    the header lacks reads column `absent`: the '' cell check_width appends to every row."""

    def __init__(self, header: list[str], fields: Mapping[str, str]) -> None:
        super().__init__()
        for i, name in enumerate(header):
            field = fields.get(name)
            if field is not None and field not in self:
                self[field] = i
        self.absent = len(header)

    def at(self, field: str) -> int:
        return self.get(field, self.absent)

    def unit(self, choices: tuple[tuple[str, Decimal | None, str], ...],
             default: tuple[Decimal | None, str]) -> tuple[int, Decimal | None, str]:
        """(column, factor, unit) of the first of `choices` the header has; the absent one in `default` else."""
        for field, factor, unit in choices:
            if field in self:
                return self[field], factor, unit
        return (self.absent, *default)

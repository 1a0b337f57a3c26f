"""The history's statistics: the calendar, weekly volume, records, trends and compare.

Pure functions over what the store read (flux_tui/store/stats.py); the screens and
`flux-tui stats` show these same results. Dates are the local dates the shell hands in.

**A hard set** is a working set (not a warm-up) of a completed session, of an exercise of the
catalog that is not conditioning — whatever its load or reps. These are the sets that pay a
pattern's debt (docs/brain.md): the calendar shades days by them, the weekly volume counts them
per pattern and per muscle (1 for each primary muscle of the exercise, `logic.volume.secondary`
for each secondary one). An exercise without a pattern (`unassigned`) counts for the calendar
and its muscles, for no pattern.

**Records** count completed sessions' working sets with a load (> 0 kg) and reps: the best e1RM
(Epley, `engine.records.e1rm`), the heaviest load at each rep count from 1 to 12, and the most
volume (Σ load × reps) of the exercise in one session; each dated by the session where it was
first reached. A set's load is `engine.bodyweight.Loads.load`: for a bodyweight exercise, the
bodyweight at the set's time plus the weight added.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Mapping, NamedTuple, Sequence

from flux_tui.brain.models import PATTERNS, Brain, Catalog
from flux_tui.engine.bodyweight import Loads, working_totals
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.records import e1rm

CALENDAR_WEEKS = 52
VOLUME_WEEKS = 12
RECORD_REPS = range(1, 13)
RECENT_DAYS = 30
# Shade levels of a calendar day: none, then at least 1, 10, 20 and 30 hard sets.
SHADES = (1, 10, 20, 30)


class SessionSets(NamedTuple):
    """What the statistics read of one completed session (store/stats.py reads these)."""

    session_id: str
    started_at: datetime  # local time where it happened
    archetype: str
    anchor_pattern: str | None
    working_sets: Mapping[str, int]  # exercise id -> working sets


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_day(today: date, weeks: int) -> date:
    """The Monday that starts a window of `weeks` weeks ending with today's."""
    return monday(today) - timedelta(weeks=weeks - 1)


def hard_sets(working_sets: Mapping[str, int], catalog: Catalog) -> int:
    """The hard sets among a session's working sets per exercise."""
    return sum(n for exercise_id, n in working_sets.items()
               if exercise_id in catalog and catalog[exercise_id].pattern != "conditioning")


# --- the calendar ------------------------------------------------------------------------------


class Day(NamedTuple):
    day: date
    hard_sets: int
    session_ids: tuple[str, ...]  # oldest first
    archetypes: tuple[str, ...]  # of those sessions


class Calendar(NamedTuple):
    first: date  # a Monday
    today: date
    days: dict[date, Day]  # only days with a completed session

    @property
    def weeks(self) -> int:
        return (self.today - self.first).days // 7 + 1

    def day(self, day: date) -> Day:
        return self.days.get(day) or Day(day, 0, (), ())


def calendar(sessions: Iterable[SessionSets], catalog: Catalog, today: date,
             weeks: int = CALENDAR_WEEKS) -> Calendar:
    """The `weeks` weeks (Monday first) ending with today's: each day's hard sets and sessions."""
    first = first_day(today, weeks)
    days: dict[date, Day] = {}
    for s in sessions:
        day = s.started_at.date()
        if not first <= day <= today:
            continue
        old = days.get(day) or Day(day, 0, (), ())
        days[day] = Day(day, old.hard_sets + hard_sets(s.working_sets, catalog),
                        old.session_ids + (s.session_id,), old.archetypes + (s.archetype,))
    return Calendar(first, today, days)


def shade(hard: int) -> int:
    """0 (no hard sets) to 4 (30 or more)."""
    return sum(hard >= step for step in SHADES)


# --- weekly volume -----------------------------------------------------------------------------


class WeeklyVolume(NamedTuple):
    weeks: tuple[date, ...]  # the Mondays, oldest first
    patterns: dict[str, tuple[float, ...]]  # pattern -> hard sets per week (every pattern with a target or a set)
    muscles: dict[str, tuple[float, ...]]  # muscle -> weighted hard sets per week
    pattern_targets: dict[str, float]  # the Brain's weekly_sets
    muscle_targets: dict[str, float]  # logic.volume.muscles


def weekly_volume(sessions: Iterable[SessionSets], catalog: Catalog, brain: Brain, today: date,
                  weeks: int = VOLUME_WEEKS) -> WeeklyVolume:
    """Hard sets per pattern and per muscle in each of the `weeks` weeks ending with today's."""
    first = first_day(today, weeks)
    mondays = tuple(first + timedelta(weeks=i) for i in range(weeks))
    secondary = brain.logic.volume.secondary
    patterns: dict[str, list[float]] = {}
    muscles: dict[str, list[float]] = {}
    for s in sessions:
        day = s.started_at.date()
        if not first <= day <= today:
            continue
        week = (day - first).days // 7
        for exercise_id, n in s.working_sets.items():
            exercise = catalog.get(exercise_id)
            if exercise is None or exercise.pattern == "conditioning":
                continue
            if exercise.pattern in PATTERNS:
                patterns.setdefault(exercise.pattern, [0.0] * weeks)[week] += n
            for muscle in exercise.primary_muscles:
                muscles.setdefault(muscle, [0.0] * weeks)[week] += n
            for muscle in exercise.secondary_muscles:
                muscles.setdefault(muscle, [0.0] * weeks)[week] += n * secondary
    pattern_targets = {p: t.weekly_sets for p, t in brain.logic.patterns.items()}
    muscle_targets = dict(brain.logic.volume.muscles)
    for p in pattern_targets:
        patterns.setdefault(p, [0.0] * weeks)
    for m in muscle_targets:
        muscles.setdefault(m, [0.0] * weeks)
    order = {p: i for i, p in enumerate(PATTERNS)}
    return WeeklyVolume(
        mondays,
        {p: tuple(patterns[p]) for p in sorted(patterns, key=order.__getitem__)},
        {m: tuple(v) for m, v in sorted(muscles.items())},
        pattern_targets, muscle_targets,
    )


# --- records -----------------------------------------------------------------------------------


class Record(NamedTuple):
    exercise_id: str
    kind: str  # 'e1rm', 'load' (at `reps`) or 'volume' (one session's)
    reps: int | None  # the set's reps (e1rm, load); None for volume
    value: float  # kg: the estimate, the load or the volume
    weight: float | None  # kg of the set (e1rm, load)
    session_id: str
    day: date  # local date of the session where it was first reached


class ExerciseRecords(NamedTuple):
    exercise_id: str
    e1rm: Record | None
    loads: dict[int, Record]  # rep count 1-12 -> the heaviest load
    volume: Record | None


class Best(NamedTuple):
    """A best as the store reads it (store/stats.py): the exercise, the rep count (None: one session's
    volume), the value in kg, and the session where it was first reached."""

    exercise_id: str
    reps: int | None
    value: float
    session_id: str
    started_at: datetime


def records(load_bests: Iterable[Best], volume_bests: Iterable[Best]) -> dict[str, ExerciseRecords]:
    """Each exercise's records from its heaviest load at every rep count and its best session volume.

    The best e1RM is the best estimate among those loads: at equal reps a heavier load estimates
    more, so no other set can beat them. Ties go to the earlier date.
    """
    e1rms: dict[str, Record] = {}
    loads: dict[str, dict[int, Record]] = {}
    for b in load_bests:
        day = b.started_at.date()
        estimate = e1rm(b.value, b.reps)
        best = e1rms.get(b.exercise_id)
        if best is None or estimate > best.value or (estimate == best.value and day < best.day):
            e1rms[b.exercise_id] = Record(b.exercise_id, "e1rm", b.reps, estimate, b.value, b.session_id, day)
        if b.reps in RECORD_REPS:
            loads.setdefault(b.exercise_id, {})[b.reps] = Record(
                b.exercise_id, "load", b.reps, b.value, b.value, b.session_id, day)
    volumes = {b.exercise_id: Record(b.exercise_id, "volume", None, b.value, None, b.session_id, b.started_at.date())
               for b in volume_bests}
    return {
        exercise_id: ExerciseRecords(exercise_id, e1rms.get(exercise_id), loads.get(exercise_id, {}),
                                     volumes.get(exercise_id))
        for exercise_id in sorted(set(e1rms) | set(volumes))
    }


def bests_of_sets(exercise_id: str, rows: Iterable[tuple[str, datetime, LoggedSet]],
                  loads: Loads) -> tuple[list[Best], Best | None]:
    """An exercise's bests ranked set by set, each at its own load: the heaviest load at each rep count
    and the session with the most volume, the earliest when tied (`rows`: (session id, local start,
    working set) of its completed sessions, oldest first). For a bodyweight exercise, whose load
    depends on the bodyweight when each set was logged."""
    heaviest: dict[int, Best] = {}
    volumes: dict[str, Best] = {}
    for session_id, started_at, s in rows:
        load = loads.load(s)
        if not load or not s.reps or s.reps < 1 or s.is_warmup:
            continue
        best = heaviest.get(s.reps)
        if best is None or load > best.value:
            heaviest[s.reps] = Best(exercise_id, s.reps, load, session_id, started_at)
        so_far = volumes.get(session_id)
        volumes[session_id] = Best(exercise_id, None, (so_far.value if so_far else 0.0) + load * s.reps,
                                   session_id, started_at)
    # max keeps the first of equal ones, and the sessions are in the order first seen: oldest first.
    return [heaviest[reps] for reps in sorted(heaviest)], max(volumes.values(), key=lambda b: b.value, default=None)


def recent_records(all_records: Mapping[str, ExerciseRecords], today: date,
                   days: int = RECENT_DAYS) -> list[Record]:
    """The records standing today that were set in the last `days` days (today included), newest first."""
    since = today - timedelta(days=days - 1)
    found = []
    for r in all_records.values():
        for record in (r.e1rm, *r.loads.values(), r.volume):
            if record is not None and since <= record.day <= today:
                found.append(record)
    kinds = {"e1rm": 0, "load": 1, "volume": 2}
    return sorted(found, key=lambda x: (-x.day.toordinal(), x.exercise_id, kinds[x.kind], x.reps or 0))


# --- trends ------------------------------------------------------------------------------------


class TrendPoint(NamedTuple):
    """One completed session of an exercise: its best e1RM and its top set (the heaviest load)."""

    session_id: str
    started_at: datetime  # local
    e1rm: float  # kg
    top_weight: float  # kg
    top_reps: int  # the most reps done at that load


def exercise_trend(working: Iterable[tuple[str, datetime, float, int]]) -> list[TrendPoint]:
    """Per session, oldest first, from (session id, local start, weight kg, reps) rows grouped by session
    (store.history.HistoryViews.exercise_working_sets)."""
    points: list[TrendPoint] = []
    for session_id, started_at, weight, reps in working:
        estimate = e1rm(weight, reps)
        if not points or points[-1].session_id != session_id:
            points.append(TrendPoint(session_id, started_at, estimate, weight, reps))
            continue
        last = points[-1]
        top = (weight, reps) if (weight, reps) > (last.top_weight, last.top_reps) else (last.top_weight, last.top_reps)
        points[-1] = last._replace(e1rm=max(last.e1rm, estimate), top_weight=top[0], top_reps=top[1])
    return points


# A plot's dates span at least this many days: one session, or a few close together, are shown
# in a fortnight around them instead of an axis stretched over decades or squeezed into a day.
MIN_SPAN_DAYS = 14


def date_range(days: Sequence[date]) -> tuple[date, date]:
    """The x-axis of a plot of these dates: their span, widened evenly to MIN_SPAN_DAYS."""
    low, high = min(days), max(days)
    short = MIN_SPAN_DAYS - (high - low).days
    if short > 0:
        low -= timedelta(days=short // 2)
        high += timedelta(days=short - short // 2)
    return low, high


def value_range(values: Sequence[float]) -> tuple[float, float]:
    """The y-axis of a plot of these values: their span with a margin of 5% each side (of the value
    itself when they are all equal, at least 1), never below 0."""
    low, high = min(values), max(values)
    margin = (high - low) * 0.05 or max(abs(high) * 0.05, 1.0)
    return max(0.0, low - margin), high + margin


# --- compare -----------------------------------------------------------------------------------


class SessionSide(NamedTuple):
    session_id: str
    started_at: datetime  # local
    sets: tuple[LoggedSet, ...]
    working_sets: int
    volume_kg: float
    best_e1rm: float | None
    top_weight: float | None


def session_side(session_id: str, started_at: datetime, sets: Sequence[LoggedSet], loads: Loads) -> SessionSide:
    """One exercise's sets of one session, with its totals (warm-ups shown, not counted), each set at
    its load (a bodyweight exercise's counting the bodyweight)."""
    loaded = [(estimate, loads.load(s)) for s in sets if (estimate := loads.e1rm(s)) is not None]
    working, volume = working_totals(sets, loads)
    return SessionSide(
        session_id, started_at, tuple(sets), working, volume,
        max((estimate for estimate, _ in loaded), default=None),
        max((load for _, load in loaded if load is not None), default=None),
    )


class Comparison(NamedTuple):
    exercise_id: str
    this: SessionSide
    previous: SessionSide | None
    rows: tuple[tuple[LoggedSet | None, LoggedSet | None], ...]  # (this, previous), working set by working set, then warm-ups


def compare(exercise_id: str, this: SessionSide, previous: SessionSide | None) -> Comparison:
    """Two sessions of an exercise side by side: working sets paired in order, then the warm-ups."""
    def split(side: SessionSide | None) -> tuple[list[LoggedSet], list[LoggedSet]]:
        sets = side.sets if side else ()
        return [s for s in sets if not s.is_warmup], [s for s in sets if s.is_warmup]

    this_working, this_warm = split(this)
    prev_working, prev_warm = split(previous)
    rows: list[tuple[LoggedSet | None, LoggedSet | None]] = []
    for a, b in ((this_working, prev_working), (this_warm, prev_warm)):
        for i in range(max(len(a), len(b))):
            rows.append((a[i] if i < len(a) else None, b[i] if i < len(b) else None))
    return Comparison(exercise_id, this, previous, tuple(rows))

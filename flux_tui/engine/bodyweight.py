"""Bodyweight in the load of a set: what a bodyweight or weighted-bodyweight exercise moves.

A pull-up moves the lifter; a weighted pull-up moves the lifter plus the belt. For e1RM and
volume such a set's load is the bodyweight logged nearest before the set was (the latest weighing
at or before its time; a set older than the first weighing takes the first one) plus the added
weight typed; with no weighing at all, the weight typed alone. Pure: the shell hands in the log
and which exercises move the lifter.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, NamedTuple, Sequence

from flux_tui.engine.history import LoggedSet
from flux_tui.engine.records import e1rm

BODYWEIGHT_LOAD = "bodyweight"  # the catalog's load_type for exercises that move the lifter


class Weighing(NamedTuple):
    """One entry of the bodyweight log (kg), at an aware UTC moment, with its UTC offset (minutes east)."""

    id: str
    measured_at: datetime
    kg: float
    utc_offset: int | None = None

    @property
    def local_day(self) -> date:
        """The day it was taken where it was taken (the machine's zone when the offset is unknown)."""
        if self.utc_offset is None:
            return self.measured_at.astimezone().date()
        return self.measured_at.astimezone(timezone(timedelta(minutes=self.utc_offset))).date()


class BodyweightLog:
    """The log sorted by time, for looking up the bodyweight at a moment (binary search)."""

    def __init__(self, weighings: Sequence[Weighing]) -> None:
        ordered = sorted(weighings, key=lambda w: w.measured_at)
        self._times = [w.measured_at for w in ordered]
        self._kg = [w.kg for w in ordered]

    def __bool__(self) -> bool:
        return bool(self._kg)

    def at(self, moment: datetime | None) -> float | None:
        """The latest weighing at or before `moment`; before the first one, the first; None when empty."""
        if not self._kg:
            return None
        if moment is None:
            return self._kg[-1]
        index = bisect_right(self._times, moment)
        return self._kg[index - 1] if index else self._kg[0]


class Loads:
    """What each set moves: the one place a set's load for e1RM and volume is computed.

    A set of a bodyweight exercise (`bodyweight_ids`: the catalog's load_type "bodyweight", weighted
    ones included) moves the bodyweight in effect when it was logged plus the weight typed; any
    other set, or every set while no bodyweight was ever logged, moves the weight typed.
    """

    def __init__(self, bodyweight_ids: Iterable[str] = (), log: BodyweightLog | None = None) -> None:
        self.bodyweight_ids = frozenset(bodyweight_ids)
        self.log = log or BodyweightLog(())

    def counts_bodyweight(self, exercise_id: str) -> bool:
        return bool(self.log) and exercise_id in self.bodyweight_ids

    def load(self, s: LoggedSet) -> float | None:
        """The kg the set moves (None: no weight and no bodyweight to count)."""
        if not self.counts_bodyweight(s.exercise_id):
            return s.weight
        return (self.log.at(s.logged_at) or 0.0) + (s.weight or 0.0)

    def e1rm(self, s: LoggedSet) -> float | None:
        """Epley e1RM (kg) of a working set with a load and reps; None otherwise."""
        load = self.load(s)
        if s.is_warmup or not load or not s.reps or s.reps < 1:
            return None
        return e1rm(load, s.reps)


PLAIN = Loads()  # weights as typed: for a caller with no catalog and no log at hand


def working_totals(sets: Iterable[LoggedSet], loads: Loads) -> tuple[int, float]:
    """(working sets, volume kg) of these sets: warm-ups left out, volume = Σ load × reps."""
    count, volume = 0, 0.0
    for s in sets:
        if s.is_warmup:
            continue
        count += 1
        volume += (loads.load(s) or 0.0) * (s.reps or 0)
    return count, volume


def bodyweight_share(sets: Iterable[LoggedSet], loads: Loads) -> float:
    """What the bodyweight adds to the plain Σ weight × reps of these working sets (the sum the store
    tallies in SQL): their volume less that sum."""
    working = [s for s in sets if not s.is_warmup]
    return working_totals(working, loads)[1] - working_totals(working, PLAIN)[1]

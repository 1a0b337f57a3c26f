"""Bodyweight in the load of a set: what a bodyweight or weighted-bodyweight exercise moves.

A pull-up moves the lifter; a weighted pull-up moves the lifter plus the belt. For e1RM and
volume such a set's load is the bodyweight logged nearest before it (else the first one
after it) plus the added weight typed. Pure: the log comes in as a list.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Mapping, NamedTuple, Sequence

from flux_tui.engine.history import LoggedSet

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


def set_load(load_type: str, weight: float | None, bodyweight: float | None) -> float | None:
    """The kg a set moves: for a bodyweight exercise the bodyweight plus any added weight; otherwise,
    or while no bodyweight was ever logged, the weight typed (None for none)."""
    if load_type != BODYWEIGHT_LOAD or bodyweight is None:
        return weight
    return bodyweight + (weight or 0.0)


def working_volume(sets: Iterable[LoggedSet], load_types: Mapping[str, str], log: BodyweightLog) -> float:
    """Σ load × reps of the working sets (warm-ups left out), a bodyweight exercise's load counting the
    bodyweight at the set's time (`load_types`: exercise id -> load_type)."""
    total = 0.0
    for s in sets:
        if s.is_warmup or not s.reps:
            continue
        load = set_load(load_types.get(s.exercise_id, ""), s.weight, log.at(s.logged_at))
        total += (load or 0.0) * s.reps
    return total

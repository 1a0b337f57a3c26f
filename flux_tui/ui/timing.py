"""Clocks and timers without Textual: a deadline and an injectable clock.

A tick never counts anything: it asks the clock what time it is and recomputes.
A skipped or late tick cannot make a timer drift, and tests move a FakeClock
instead of sleeping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from flux_tui.timefmt import utc_now


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return utc_now()


class FakeClock:
    """A clock that moves only when told to (tests, snapshots)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)
        self._mono = 1000.0

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)


class Stopwatch:
    """Running time since start, minus pauses."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._started = clock.monotonic()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def toggle_pause(self) -> None:
        now = self.clock.monotonic()
        if self._paused_at is None:
            self._paused_at = now
        else:
            self._paused_total += now - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self.clock.monotonic()
        return now - self._started - self._paused_total


class Countdown:
    """A rest timer: a deadline on the clock; pausing freezes the time left."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self.clock = clock
        self.length = float(seconds)
        self._deadline = clock.monotonic() + seconds
        self._frozen: float | None = None  # time left while paused

    @property
    def paused(self) -> bool:
        return self._frozen is not None

    def remaining(self) -> float:
        if self._frozen is not None:
            return self._frozen
        return max(0.0, self._deadline - self.clock.monotonic())

    def overdue(self) -> float:
        """Seconds past zero (0 while time is left or paused)."""
        if self._frozen is not None:
            return 0.0
        return max(0.0, self.clock.monotonic() - self._deadline)

    @property
    def finished(self) -> bool:
        return self.remaining() <= 0.0

    def add(self, seconds: float) -> None:
        """Lengthen (or shorten, with a negative value) the rest; never below zero left."""
        if self._frozen is not None:
            self._frozen = max(0.0, self._frozen + seconds)
        else:
            now = self.clock.monotonic()
            self._deadline = now + max(0.0, self.remaining() + seconds)
        self.length = max(0.0, self.length + seconds)

    def toggle_pause(self) -> None:
        if self._frozen is None:
            self._frozen = self.remaining()
        else:
            self._deadline = self.clock.monotonic() + self._frozen
            self._frozen = None


@dataclass(frozen=True)
class IntervalPhase:
    round: int  # 1-based round being worked or rested after
    rounds: int
    phase: str  # "work" | "rest" | "done"
    remaining: float  # seconds left in this phase
    completed: int  # rounds whose work part is over


def interval_phase(elapsed: float, work: float, rest: float, rounds: int) -> IntervalPhase:
    """Where a work/rest protocol is after `elapsed` running seconds (no rest after the last round)."""
    cycle = work + rest
    total = rounds * work + (rounds - 1) * rest
    if elapsed >= total:
        return IntervalPhase(rounds, rounds, "done", 0.0, rounds)
    index = int(elapsed // cycle) if cycle > 0 else 0
    into = elapsed - index * cycle
    if into < work:
        return IntervalPhase(index + 1, rounds, "work", work - into, index)
    return IntervalPhase(index + 1, rounds, "rest", cycle - into, index + 1)

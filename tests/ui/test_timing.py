"""Timers on a deadline with a fake clock: no sleeping, no drift."""

from __future__ import annotations

from flux_tui.ui.timing import Countdown, FakeClock, Stopwatch, interval_phase
from flux_tui.units import clock_text


def test_countdown_follows_the_clock_not_ticks():
    clock = FakeClock()
    countdown = Countdown(clock, 90)
    assert countdown.remaining() == 90
    clock.advance(61.5)
    assert countdown.remaining() == 28.5
    assert clock_text(countdown.remaining()) == "0:29"
    clock.advance(100)
    assert countdown.finished and countdown.remaining() == 0 and countdown.overdue() == 71.5


def test_add_and_remove_time():
    clock = FakeClock()
    countdown = Countdown(clock, 60)
    countdown.add(15)
    assert countdown.remaining() == 75
    countdown.add(-15)
    countdown.add(-15)
    assert countdown.remaining() == 45
    countdown.add(-100)
    assert countdown.remaining() == 0


def test_pause_freezes_time_left():
    clock = FakeClock()
    countdown = Countdown(clock, 60)
    clock.advance(10)
    countdown.toggle_pause()
    clock.advance(300)
    assert countdown.remaining() == 50 and not countdown.finished
    countdown.add(15)
    assert countdown.remaining() == 65
    countdown.toggle_pause()
    clock.advance(5)
    assert countdown.remaining() == 60


def test_stopwatch_excludes_pauses():
    clock = FakeClock()
    watch = Stopwatch(clock)
    clock.advance(20)
    watch.toggle_pause()
    clock.advance(100)
    watch.toggle_pause()
    clock.advance(5)
    assert watch.elapsed() == 25


def test_interval_phases():
    # 3 rounds of 20 s work / 40 s rest: 20 + 40 + 20 + 40 + 20 = 140 s
    p = interval_phase(0, 20, 40, 3)
    assert (p.round, p.rounds, p.phase, p.remaining) == (1, 3, "work", 20)
    assert interval_phase(19, 20, 40, 3).completed == 0
    p = interval_phase(25, 20, 40, 3)
    assert (p.round, p.phase, p.remaining, p.completed) == (1, "rest", 35, 1)
    p = interval_phase(130, 20, 40, 3)
    assert (p.round, p.phase, p.remaining, p.completed) == (3, "work", 10, 2)
    p = interval_phase(140, 20, 40, 3)
    assert (p.phase, p.completed) == ("done", 3)


def test_clock_text():
    assert clock_text(180) == "3:00"
    assert clock_text(0.2) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-3) == "0:00"
    assert clock_text(3725) == "1:02:05"

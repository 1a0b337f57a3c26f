"""The training calendar: 52 weeks, a column a week (Monday on top), each day shaded by its hard
sets and marked P (Performance) or R (Recovery); arrows move, enter opens the day's session.

The tally of the window's sessions is read in a worker (store/stats.py: the window's sessions
by their start index, a few milliseconds at any history length).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.history_format import today_of
from flux_tui.ui.screens.base import HistoryView, RedrawsOnResize

if TYPE_CHECKING:
    from flux_tui.engine.stats import Calendar

# Background of each shade level (engine.stats.shade): none, 1+, 10+, 20+, 30+ hard sets.
SHADE_STYLES = ("", "on #0e4429", "on #006d32", "on #26a641", "black on #39d353")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class CalendarScreen(RedrawsOnResize, HistoryView):
    BINDINGS = bindings.CALENDAR

    def __init__(self, unit: str = "kg") -> None:
        super().__init__()
        self.unit = unit
        self.calendar: Calendar | None = None
        self.cursor: date | None = None

    def compose(self) -> ComposeResult:
        yield Static("Calendar", id="calendar-title", classes="history-title")
        yield Static("", id="calendar-grid")
        yield Static("", id="calendar-day")
        yield Static("", id="calendar-legend", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self._load(today_of(self.app))

    @work(thread=True, exclusive=True, exit_on_error=False, name="Could not read the calendar")
    def _load(self, today: date) -> None:
        calendar = self.training.calendar(today)
        self.app.call_from_thread(self._show, calendar)

    def _show(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.cursor = max(calendar.days) if calendar.days else calendar.today
        days = calendar.days.values()
        self.query_one("#calendar-title", Static).update(
            f"Calendar · {calendar.weeks} weeks to {calendar.today.isoformat()} · "
            f"{sum(len(d.session_ids) for d in days)} sessions, {sum(d.hard_sets for d in days):,} hard sets")
        legend = Text("· none  ")
        for level, label in zip(SHADE_STYLES[1:], ("1–9", "10–19", "20–29", "30+")):
            legend.append("  ", level)
            legend.append(f" {label}  ")
        legend.append("  P Performance  R Recovery")
        self.query_one("#calendar-legend", Static).update(legend)
        self._draw_loaded()

    def _draw(self) -> None:
        from flux_tui.engine.stats import shade

        calendar, cursor = self.calendar, self.cursor
        # Two columns a week when the terminal has room for them, else one.
        width = 2 if self.size.width >= 5 + 2 * calendar.weeks + 2 else 1
        grid = Text(no_wrap=True)
        months = [" "] * (calendar.weeks * width)
        for week in range(calendar.weeks):
            monday = calendar.first + timedelta(weeks=week)
            if week == 0 or (monday - timedelta(weeks=1)).month != monday.month:
                label = monday.strftime("%b")
                if week * width + len(label) <= len(months):
                    months[week * width:week * width + len(label)] = label
        grid.append("     " + "".join(months).rstrip() + "\n")
        for weekday in range(7):
            grid.append(f"{WEEKDAYS[weekday]}  ", "dim")
            for week in range(calendar.weeks):
                day = calendar.first + timedelta(weeks=week, days=weekday)
                if day > calendar.today:
                    grid.append(" " * width)
                    continue
                tally = calendar.day(day)
                mark = ("P" if "performance" in tally.archetypes else "R") if tally.session_ids else "·"
                style = SHADE_STYLES[shade(tally.hard_sets)] if tally.session_ids else "dim"
                if day == cursor:
                    style = "reverse bold"
                grid.append(mark.ljust(width), style)
            grid.append("\n")
        self.query_one("#calendar-grid", Static).update(grid)
        self.query_one("#calendar-day", Static).update(self._day_text(cursor))

    def _day_text(self, day: date) -> str:
        tally = self.calendar.day(day)
        head = f"{day.isoformat()} {WEEKDAYS[day.weekday()]}"
        if not tally.session_ids:
            return f"{head} · no session"
        archetypes = " + ".join(dict.fromkeys(tally.archetypes))
        sessions = f"{len(tally.session_ids)} sessions · " if len(tally.session_ids) > 1 else ""
        return f"{head} · {archetypes} · {sessions}{tally.hard_sets} hard sets · enter opens"

    # --- keys ----------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.calendar is None:
            return
        self.cursor = min(self.calendar.today, max(self.calendar.first, self.cursor + timedelta(days=days)))
        self._draw()

    def action_today(self) -> None:
        if self.calendar is not None:
            self.cursor = self.calendar.today
            self._draw()

    def action_open(self) -> None:
        from flux_tui.ui.screens.history_session import SessionDetailScreen

        if self.calendar is None:
            return
        tally = self.calendar.day(self.cursor)
        if tally.session_ids:
            self.app.push_screen(SessionDetailScreen(tally.session_ids[-1], unit=self.unit))
        else:
            self.notify(f"No session on {self.cursor.isoformat()}.", timeout=3)

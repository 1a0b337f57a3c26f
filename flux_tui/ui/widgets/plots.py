"""Plots of the exercise history view, drawn by plotext.

This is the only module that imports `textual_plotext` (and through it
plotext): it is imported when the exercise view opens, never at start-up.
The plots take ready data; computing it is the screen's (worker's) job.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from textual_plotext import PlotextPlot

MAX_POINTS = 300


def downsample_max(dates: Sequence[str], values: Sequence[float], limit: int = MAX_POINTS) -> tuple[list[str], list[float]]:
    """At most `limit` points: equal runs of sessions, each shown by its best (the envelope stays true)."""
    if len(values) <= limit:
        return list(dates), list(values)
    size = -(-len(values) // limit)
    out_dates, out_values = [], []
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        best = max(range(len(chunk)), key=chunk.__getitem__)
        out_dates.append(dates[start + best])
        out_values.append(chunk[best])
    return out_dates, out_values


class _Plot(PlotextPlot):
    DEFAULT_CSS = """
    _Plot { height: 1fr; width: 1fr; }
    """

    def _start(self, title: str) -> None:
        plt = self.plt
        plt.clear_figure()
        plt.title(title)

    def _empty(self, title: str, message: str) -> None:
        self._start(title)
        self.plt.text(message, 0.5, 0.5, alignment="center")
        self.plt.xlim(0, 1)
        self.plt.ylim(0, 1)
        self.plt.xticks([])
        self.plt.yticks([])
        self.refresh()


class TrendPlot(_Plot):
    """Values over time on honest axes: x is time to scale (days apart are apart), spanning the
    dates shown and at least a fortnight (engine.stats.date_range); y spans the values with a
    margin (engine.stats.value_range), never from a made-up zero."""

    def show_trend(self, title: str, days: Sequence[date], values: Sequence[float], empty: str) -> None:
        from flux_tui.engine.stats import date_range, value_range

        if not values:
            self._empty(title, empty)
            return
        # Two braille dots per column: more points than that only draw noise.
        width = self.size.width
        labels, values = downsample_max([d.isoformat() for d in days], values,
                                        max(20, 2 * (width - 8)) if width else MAX_POINTS)
        days = [date.fromisoformat(d) for d in labels]
        low, high = date_range(days)
        xs = [(d - low).days for d in days]
        self._start(title)
        plt = self.plt
        if len(values) == 1:
            plt.scatter(xs, values, marker="dot")
        else:
            plt.plot(xs, values, marker="braille")
        span = (high - low).days
        plt.xlim(0, span)
        plt.ylim(*value_range(values))
        # Ticks at even steps of the span, as many as fit (a date is 10 characters).
        count = max(2, min(6, (width or 40) // 14))
        ticks = sorted({round(span * i / (count - 1)) for i in range(count)})
        plt.xticks(ticks, [(low + timedelta(days=t)).isoformat() for t in ticks])
        self.refresh()


class E1rmPlot(TrendPlot):
    """Best e1RM per session over time."""

    def show(self, days: Sequence[date], values: Sequence[float], unit: str) -> None:
        self.show_trend(f"best e1RM per session ({unit})", days, values, "no loaded working sets")


class WeeklySetsPlot(_Plot):
    """Working (hard) sets per week of one pattern, with the Brain's weekly target."""

    def show(self, pattern: str, weeks: Sequence[str], counts: Sequence[float], target: float | None) -> None:
        title = f"{pattern.replace('_', ' ')} sets/week" + (f", target {target:g}" if target else "")
        if not weeks:
            self._empty(title, "no sessions")
            return
        self._start(title)
        plt = self.plt
        labels = [week[5:] for week in weeks]  # MM-DD of each Monday
        positions = list(range(1, len(labels) + 1))
        # Numeric positions with explicit labels: plotext's own string-label handling
        # depends on hash order, which would make snapshots differ run to run.
        plt.bar(positions, list(counts), marker="sd", width=0.5)
        if target:
            plt.hline(target, "red")
        # plotext drops labels that would overlap, picking them in hash order (a set):
        # space them so none overlap and the axis reads the same every run.
        canvas = max(10, (self.size.width or 40) - 8)
        step = max(1, -(-7 * len(labels) // canvas))
        plt.xticks(positions[::step], labels[::step])
        self.refresh()

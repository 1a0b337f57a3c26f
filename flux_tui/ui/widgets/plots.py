"""Plots of the exercise history view, drawn by plotext.

This is the only module that imports `textual_plotext` (and through it
plotext): it is imported when the exercise view opens, never at start-up.
The plots take ready data; computing it is the screen's (worker's) job.
"""

from __future__ import annotations

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


class E1rmPlot(_Plot):
    """Best e1RM per session over time."""

    def show(self, dates: Sequence[str], values: Sequence[float], unit: str) -> None:
        title = f"best e1RM per session ({unit})"
        if not values:
            self._empty(title, "no loaded working sets")
            return
        # Two braille dots per column: more points than that only draw noise.
        width = self.size.width
        dates, values = downsample_max(dates, values, max(20, 2 * (width - 8)) if width else MAX_POINTS)
        self._start(title)
        plt = self.plt
        plt.date_form("Y-m-d")
        if len(values) == 1:
            plt.scatter(dates, values, marker="dot")
        else:
            plt.plot(dates, values, marker="braille")
        self.refresh()


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

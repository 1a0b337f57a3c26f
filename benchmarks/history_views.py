"""What opening each of the history's views costs, at 1k and 100k sets (and any other sizes).

    python -m benchmarks.history_views [1000 100000]
    python -m benchmarks.history_views --json 100000     # one size, as JSON (benchmarks.run)

In a headless app over a seeded cached store (benchmarks.stores), "today" the day after the
generated history ends: from `push_screen` of the view to the first frame drawn after its data
is in (its worker done, the frame's ANSI rendered too, as a real terminal would), for the
calendar, the weekly volume, the records, the trends and the compare of back squat. Each is
measured as wall time (median of `repeats` fresh openings) and as the process's CPU time over
that span (the least of them: on a shared machine the other processes only ever add to it).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

VIEWS = ("calendar", "volume", "records", "trends", "compare")


def _screen(view: str):
    from flux_tui.ui.screens.history_calendar import CalendarScreen
    from flux_tui.ui.screens.history_compare import CompareScreen
    from flux_tui.ui.screens.history_records import RecordsScreen
    from flux_tui.ui.screens.history_trends import TrendsScreen
    from flux_tui.ui.screens.history_volume import VolumeScreen

    return {"calendar": CalendarScreen, "volume": VolumeScreen, "records": RecordsScreen,
            "trends": lambda: TrendsScreen("back_squat"), "compare": lambda: CompareScreen("back_squat")}[view]()


async def measure(path: Path, size: tuple[int, int] = (80, 24), repeats: int = 5) -> dict[str, tuple[float, float]]:
    """view -> (wall ms, CPU ms): the median wall time and the least CPU time of `repeats` openings."""
    from textual.app import App
    from textual.screen import Screen

    from benchmarks.history_data import END
    from flux_tui.store import Store
    from flux_tui.training import Training
    from flux_tui.ui import css
    from flux_tui.ui.timing import FakeClock
    from flux_tui.ui.widgets import plots  # noqa: F401  (imported on first open; not what is measured)

    training = Training(Store.open(path, daily_backup=False))
    frames: list[tuple[float, float, Screen]] = []

    class Bench(App):
        CSS_PATH = css.APP

        def _display(self, screen, renderable):  # type: ignore[override]
            if renderable is not None:
                renderable.render_segments(self.console)
                frames.append((time.perf_counter(), time.process_time(), screen))
            super()._display(screen, renderable)

    app = Bench()
    app.training = training
    app.clock = FakeClock(END + timedelta(days=1))
    result: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for view in VIEWS:
            walls, cpus = [], []
            for _ in range(repeats + 1):  # the first opening warms caches (SQLite pages, CSS): not counted
                screen = _screen(view)
                frames.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                await app.push_screen(screen)
                while not screen.loaded:
                    await asyncio.sleep(0.0005)
                loaded = len(frames)
                while not any(s is screen for _, _, s in frames[loaded:]):
                    await asyncio.sleep(0.0005)
                painted = next(f for f in frames[loaded:] if f[2] is screen)
                walls.append((painted[0] - wall) * 1000)
                cpus.append((painted[1] - cpu) * 1000)
                await app.pop_screen()
                await pilot.pause()
            result[view] = (statistics.median(walls[1:]), min(cpus[1:]))
    training.close()
    return result


def main(sizes: list[int], terminal: tuple[int, int] = (80, 24)) -> None:
    from benchmarks.stores import cached_store

    for n_sets in sizes:
        result = asyncio.run(measure(cached_store(n_sets), terminal))
        print(f"{n_sets:>9,} sets {terminal[0]}x{terminal[1]}: " + "  ".join(
            f"{view}={wall:.1f}/{cpu:.1f}ms" for view, (wall, cpu) in result.items()), flush=True)


if __name__ == "__main__":
    columns, rows = (int(v) for v in os.environ.get("FLUX_BENCH_SIZE", "80x24").split("x"))
    if sys.argv[1:2] == ["--json"]:
        import json

        from benchmarks.stores import cached_store

        print(json.dumps(asyncio.run(measure(cached_store(int(sys.argv[2])), (columns, rows),
                                             int(os.environ.get("FLUX_BENCH_REPEATS", "5"))))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000, 100_000], (columns, rows))

"""How fast the History screen paints and pages, at 1k / 100k / 1M sets (a quick measure, not a suite).

    python -m benchmarks.history_speed [1000 100000 1000000]

Builds (once, cached in $FLUX_BENCH_DIR or /tmp/flux-bench) a store per size with
`benchmarks.history_data`, opens it with `Training`, and in a headless app:

- first paint: from `push_screen(HistoryScreen)` to the first frame of that
  screen handed to the driver (its ANSI rendered too, as a real terminal would);
- pagedown / pageup: from the key press to the frame that shows it, median over
  alternating presses from the top (so the 31-session 1k list pages as well;
  the rendered-line cache is cleared first, so each press formats a full screen),
  then a run of consecutive pagedowns from the middle of the list (new pages
  fetched from the store on the way), and `end`/`home`;
- the exercise view of back squat: until its first frame (sets list painted,
  plots still empty), and until its plots' data is in.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def bench_dir() -> Path:
    folder = Path(os.environ.get("FLUX_BENCH_DIR", "/tmp/flux-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_for(n_sets: int) -> Path:
    from benchmarks.history_data import build_store

    path = bench_dir() / f"history-{n_sets}.sqlite3"
    if not path.exists():
        build_store(path, n_sets).close()
    return path


async def measure(path: Path, size: tuple[int, int]) -> dict[str, float]:
    from textual.app import App

    from flux_tui.training import Training
    from flux_tui.ui import css
    from flux_tui.ui.screens.history import HistoryScreen
    from flux_tui.ui.screens.history_exercise import ExerciseHistoryScreen

    training = Training.open(path)
    frames: list[float] = []

    class Bench(App):
        CSS_PATH = css.APP
        training = None  # the screens read the app's Training
        def _display(self, screen, renderable):  # type: ignore[override]
            if renderable is not None and isinstance(screen, (HistoryScreen, ExerciseHistoryScreen)):
                renderable.render_segments(self.console)
                frames.append(time.perf_counter())
            super()._display(screen, renderable)

    app = Bench()
    app.training = training
    result: dict[str, float] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        paints = []
        for attempt in range(5):  # a fresh screen (empty page cache) each time
            if attempt:
                await app.pop_screen()
                await pilot.pause()
            frames.clear()
            start = time.perf_counter()
            await app.push_screen(HistoryScreen())
            await pilot.pause()
            paints.append((frames[0] - start) * 1000)
        result["first_paint_ms"] = statistics.median(paints)

        async def key(name: str, fresh: bool = False) -> float:
            if fresh:  # every visible line formatted anew, as when paging into new rows
                app.screen.list.refresh_rows()
                await pilot.pause()
            before = len(frames)
            t0 = time.perf_counter()
            await pilot.press(name)
            await pilot.pause()
            return (frames[before] - t0) * 1000 if len(frames) > before else float("nan")

        alternating = [await key("pagedown" if i % 2 == 0 else "pageup", fresh=True) for i in range(60)]
        result["page_alternating_ms"] = statistics.median(alternating)
        screen = app.screen
        if screen.list.row_count > 1000:
            screen.list.cursor = screen.list.row_count // 2
            await pilot.pause()
            run = [await key("pagedown") for _ in range(40)]
            result["pagedown_run_ms"] = statistics.median(run)
            result["end_home_ms"] = statistics.median([await key("end" if i % 2 == 0 else "home") for i in range(10)])
        result["sessions"] = screen.list.row_count
        result["pages_fetched"] = screen.list.rows.fetches

        # The exercise view: its sets list paints at once, the plots when their worker is done.
        from flux_tui.ui.widgets import plots  # noqa: F401  (imported on first open; not what is measured)

        views = []
        for _ in range(3):
            frames.clear()
            view = ExerciseHistoryScreen("back_squat")
            start = time.perf_counter()
            await app.push_screen(view)
            while not view.plots_loaded:
                await asyncio.sleep(0.001)
            loaded = time.perf_counter()
            await pilot.pause()
            views.append(((frames[0] - start) * 1000, (loaded - start) * 1000))
            await app.pop_screen()
            await pilot.pause()
        result["exercise_view_paint_ms"] = statistics.median(v[0] for v in views)
        result["exercise_plots_ms"] = statistics.median(v[1] for v in views)
    training.close()
    return result


def main(sizes: list[int], terminal: tuple[int, int] = (80, 24)) -> None:
    for n_sets in sizes:
        path = store_for(n_sets)
        result = asyncio.run(measure(path, terminal))
        print(f"{n_sets:>9,} sets {terminal[0]}x{terminal[1]}: " + "  ".join(
            f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    columns, rows = (int(v) for v in os.environ.get("FLUX_BENCH_SIZE", "80x24").split("x"))
    main([int(a) for a in sys.argv[1:]] or [1_000, 100_000, 1_000_000], (columns, rows))

"""The reliability suites: crash, corruption, bad input and security, with figures.

Long runs are marked `slow`; the default run leaves them out (pyproject's
addopts say -m "not slow"). Run them with `pytest -m slow tests/reliability`.

Every suite records what it did (trials, faults injected, inputs tried, rows
lost, rows duplicated) with the `figures` fixture; `tests/reliability/figures.py`
prints the table that docs/reliability.md shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIGURES_DIR = HERE / ".figures"


class Figures:
    """Counts for one test, written to .figures/<suite>--<test>.json when the test ends."""

    def __init__(self, suite: str, test: str, slow: bool = False) -> None:
        self.suite = suite
        self.test = test
        self.slow = slow
        self.counts: dict[str, float] = {}
        self.notes: list[str] = []

    def add(self, **counts: float) -> None:
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def note(self, text: str) -> None:
        self.notes.append(text)

    def write(self) -> None:
        FIGURES_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{self.suite}--{self.test}")[:180]
        payload = {"suite": self.suite, "test": self.test, "slow": self.slow, "counts": self.counts,
                   "notes": self.notes}
        (FIGURES_DIR / f"{name}.json").write_text(json.dumps(payload, indent=1, sort_keys=True))


@pytest.fixture
def figures(request):
    """`figures.add(trials=1, faults=1, inputs=..., rows_lost=0, rows_duplicated=0)`; written only if the test passes."""
    suite = Path(str(request.node.fspath)).stem.removeprefix("test_")
    recorder = Figures(suite, request.node.name, slow=request.node.get_closest_marker("slow") is not None)
    yield recorder
    report = getattr(request.node, "rep_call", None)
    if recorder.counts and report is not None and report.passed:
        recorder.write()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report

"""Print the reliability figures the suites recorded in tests/reliability/.figures/*.json.

    .venv/bin/python -m pytest tests/reliability            # the default run
    .venv/bin/python -m pytest -m slow tests/reliability     # the long runs
    .venv/bin/python tests/reliability/figures.py [--slow | --all] [--tests | --json]

Default: the tests of the default run; --slow: the long runs (-m slow); --all: both.
One row per suite: trials run, faults injected, inputs tried, rows lost, rows
duplicated, and every other count the suite recorded. Figures are written only
by tests that passed, and each test overwrites its own file, so the table is
the latest passing run of each test.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parent / ".figures"
MAIN = ("trials", "faults", "inputs", "rows_lost", "rows_duplicated")


def collect(which: str = "default") -> dict[str, dict]:
    suites: dict[str, dict] = defaultdict(lambda: {"counts": defaultdict(float), "tests": [], "notes": [],
                                                   "per_test": {}})
    for path in sorted(FIGURES_DIR.glob("*.json")):
        data = json.loads(path.read_text())
        slow = data.get("slow", any(mark in data["test"] for mark in ("[10k]", "[100k]", "_long")))
        if which != "all" and slow != (which == "slow"):
            continue
        suite = suites[data["suite"]]
        suite["tests"].append(data["test"])
        suite["per_test"][data["test"]] = data["counts"]
        suite["notes"].extend(data.get("notes", []))
        for key, value in data["counts"].items():
            if key.startswith(("open_", "copy_")):  # timings: keep, do not add up
                suite["counts"][key] = value
            else:
                suite["counts"][key] += value
    return suites


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def table(suites: dict[str, dict]) -> str:
    lines = ["| suite | tests | " + " | ".join(MAIN) + " | other counts |",
             "|---|---:|" + "---:|" * len(MAIN) + "---|"]
    totals = defaultdict(float)
    for name in sorted(suites):
        counts = suites[name]["counts"]
        for key in MAIN:
            totals[key] += counts.get(key, 0)
        other = ", ".join(f"{k} {_number(v)}" for k, v in sorted(counts.items()) if k not in MAIN)
        lines.append(f"| {name} | {len(suites[name]['tests'])} | "
                     + " | ".join(_number(counts.get(k, 0)) for k in MAIN) + f" | {other} |")
    lines.append("| **all** | " + str(sum(len(s["tests"]) for s in suites.values())) + " | "
                 + " | ".join(f"**{_number(totals[k])}**" for k in MAIN) + " | |")
    notes = [f"- {name}: {note}" for name in sorted(suites) for note in dict.fromkeys(suites[name]["notes"])]
    return "\n".join(lines + ([""] + notes if notes else []))


def main(argv: list[str]) -> int:
    suites = collect("slow" if "--slow" in argv else "all" if "--all" in argv else "default")
    if not suites:
        print(f"no figures in {FIGURES_DIR}: run pytest tests/reliability first", file=sys.stderr)
        return 1
    if "--tests" in argv:
        print("| suite | test | counts |\n|---|---|---|")
        for name in sorted(suites):
            for test, counts in sorted(suites[name]["per_test"].items()):
                print(f"| {name} | {test} | " + ", ".join(f"{k} {_number(v)}" for k, v in sorted(counts.items())) + " |")
    elif "--json" in argv:
        print(json.dumps({k: {"counts": dict(v["counts"]), "tests": v["per_test"], "notes": v["notes"]}
                          for k, v in suites.items()}, indent=1, sort_keys=True))
    else:
        print(table(suites))
    lost = sum(s["counts"].get("rows_lost", 0) for s in suites.values())
    duplicated = sum(s["counts"].get("rows_duplicated", 0) for s in suites.values())
    return 0 if lost == duplicated == 0 else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

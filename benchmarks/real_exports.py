"""How the importers do on real exports people published (tests/fixtures/real).

    .venv/bin/python -m benchmarks.real_exports              # the tuning files (not holdout)
    .venv/bin/python -m benchmarks.real_exports --holdout    # the holdout files only
    .venv/bin/python -m benchmarks.real_exports --all        # both, with a total per part
    .venv/bin/python -m benchmarks.real_exports --all --markdown   # the same as a Markdown table

Each file goes through the importer of its app, as `flux-tui import` would run it
(weights in the index's unit guess where the file does not say), into a fresh
temporary store. Per file: data rows, sets parsed, rows refused (with the first
reason), sessions, and the share of sets whose exercise has a movement pattern
(anything but `unassigned`); the CPU time and peak RSS of `flux-tui import` of the file in a
process of its own (start-up included). A whole-file refusal is a result, not a failure: the
exit status is non-zero only when something crashes.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path

from flux_tui.importers import ImportFormatError, parse_text
from flux_tui.training import Training
from tests.importers.real_corpus import RealExport, entries

ROOT = Path(__file__).resolve().parents[1]

UNASSIGNED = "unassigned"


@dataclass
class Outcome:
    file: str
    holdout: bool
    rows: int
    sets: int = 0
    refused: int = 0
    first_refusal: str = ""
    sessions: int = 0
    mapped: int = 0
    crashed: bool = False
    cpu: float = 0.0      # CPU seconds of `flux-tui import` of the file, start-up included
    peak_mb: float = 0.0  # its peak RSS


    @property
    def share(self) -> float | None:
        return self.mapped / self.sets if self.sets else None


def data_rows(text: str) -> int:
    """Records after the header, read as CSV with the header's delimiter (blank lines not counted)."""
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(r)]
    return max(len(records) - 1, 0)


def measure(export: RealExport, workdir: Path) -> Outcome:
    text = export.text()
    outcome = Outcome(export.file, export.holdout, data_rows(text))
    training = Training.open(workdir / (export.file.replace("/", "__") + ".db"))
    try:
        try:
            result = parse_text(export.kind, text, unit=export.weight_unit_guess or "kg", catalog=training.catalog,
                                tz=timezone.utc)
        except ImportFormatError as exc:
            outcome.refused, outcome.first_refusal = outcome.rows, f"whole file: {exc}"
            return outcome
        outcome.sets, outcome.sessions = result.set_count, result.session_count
        outcome.refused = len(result.errors)
        outcome.first_refusal = str(result.errors[0]) if result.errors else ""
        counts = training.import_sessions(result.sessions, [e.as_row() for e in result.custom_exercises],
                                          source=export.kind)
        if counts.sets_added != outcome.sets:  # the store is fresh: it must take every parsed set
            outcome.first_refusal += f" [the store took {counts.sets_added} of {outcome.sets} sets]"
        # As stored: the file's own exercises now have their final ids, with the pattern the import gave them.
        catalog = training.catalog
        outcome.mapped = sum(1 for session in training.all_sessions() for s in session.sets
                             if _pattern(catalog, s.exercise_id) != UNASSIGNED)
        outcome.cpu, outcome.peak_mb = command_cost(export, workdir)
        return outcome
    finally:
        training.close()


# Runs argv, prints its exit code, peak RSS (KiB, ru_maxrss from wait4) and CPU seconds: measured from
# this small launcher, so the child's peak is its own, not this benchmark's size at the fork.
_PEAK_OF = ("import os, subprocess, sys\n"
            "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "_, status, usage = os.wait4(child.pid, 0)\n"
            "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n")


def command_cost(export: RealExport, workdir: Path) -> tuple[float, float]:
    """(CPU seconds, peak MB) of `flux-tui import KIND FILE --unit U` into a fresh store, in a process
    of its own."""
    home = workdir / (export.file.replace("/", "__") + ".home")
    home.mkdir()
    env = {**os.environ, "FLUX_HOME": str(home), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "flux_tui", "import", export.kind, str(export.path),
               "--unit", export.weight_unit_guess or "kg"]
    done = subprocess.run([sys.executable, "-c", _PEAK_OF, *command], env=env, capture_output=True, text=True,
                          check=True)
    _, peak_kib, cpu = done.stdout.split()
    return float(cpu), int(peak_kib) / 1024


def _pattern(catalog, exercise_id: str) -> str:
    exercise = catalog.get(exercise_id)
    return exercise.pattern if exercise is not None else UNASSIGNED


def total(name: str, outcomes: list[Outcome]) -> Outcome:
    return Outcome(name, False, sum(o.rows for o in outcomes), sum(o.sets for o in outcomes),
                   sum(o.refused for o in outcomes), "", sum(o.sessions for o in outcomes),
                   sum(o.mapped for o in outcomes), any(o.crashed for o in outcomes),
                   sum(o.cpu for o in outcomes), max((o.peak_mb for o in outcomes), default=0.0))


def _percent(outcome: Outcome) -> str:
    share = outcome.share
    return "—" if share is None else f"{100 * share:.1f}%"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(rows: list[Outcome]) -> str:
    lines = [f"{'file':<44} {'rows':>5} {'sets':>5} {'refused':>7} {'sessions':>8} {'mapped':>7}  first refusal"]
    for o in rows:
        lines.append(f"{o.file:<44} {o.rows:>5} {o.sets:>5} {o.refused:>7} {o.sessions:>8} {_percent(o):>7}  "
                     f"{'CRASH ' if o.crashed else ''}{_shorten(o.first_refusal, 90)}")
    return "\n".join(lines)


def render_markdown(rows: list[Outcome]) -> str:
    lines = ["| file | part | rows | sets | refused | sessions | mapped | CPU s | peak MB | first refusal |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for o in rows:
        part = "" if o.file.startswith("total") else ("holdout" if o.holdout else "train")
        reason = _shorten(o.first_refusal, 120).replace("|", "\\|")
        lines.append(f"| {o.file} | {part} | {o.rows} | {o.sets} | {o.refused} | {o.sessions} | {_percent(o)} "
                     f"| {o.cpu:.2f} | {o.peak_mb:.0f} | {'CRASH ' if o.crashed else ''}{reason} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.real_exports", description=__doc__.split("\n")[0])
    part = parser.add_mutually_exclusive_group()
    part.add_argument("--holdout", action="store_true", help="only the holdout files")
    part.add_argument("--all", action="store_true", help="tuning and holdout files, with a total for each")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    chosen = entries(None if args.all else args.holdout)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="flux-real-exports-") as tmp:
        for export in chosen:
            try:
                outcomes.append(measure(export, Path(tmp)))
            except Exception:
                traceback.print_exc()
                outcomes.append(Outcome(export.file, export.holdout, 0, crashed=True,
                                        first_refusal=f"{sys.exc_info()[0].__name__}: {sys.exc_info()[1]}"))
    train = [o for o in outcomes if not o.holdout]
    holdout = [o for o in outcomes if o.holdout]
    rows = list(outcomes)
    if train:
        rows.append(total("total train", train))
    if holdout:
        rows.append(total("total holdout", holdout))
    if train and holdout:
        rows.append(total("total all", outcomes))
    print(render_markdown(rows) if args.markdown else render_text(rows))
    return 1 if any(o.crashed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

from __future__ import annotations

import argparse
import gc
import sys
from typing import Callable

from flux_tui.cli.common import add_json_flag, emit, open_training, read_text_file
from flux_tui.cli.errors import CliError

HELP = "import history: flux (FLUX JSON), strong, hevy or fitnotes (their CSV exports)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=("flux", "strong", "hevy", "fitnotes"))
    parser.add_argument("file")
    parser.add_argument("--unit", choices=("kg", "lb"),
                        help="weight unit of a file without unit columns (default: your setting, kg unless set)")
    parser.add_argument("--dry-run", action="store_true", help="show what would be imported; change nothing")
    add_json_flag(parser)


# What an interrupt before the store was touched means (cli.main prints it).
INTERRUPTED = "interrupted: nothing was imported; the store is as it was"


def run(args: argparse.Namespace) -> int:
    import signal

    from flux_tui.settings import store_path

    training = mark = None
    interrupt = signal.getsignal(signal.SIGINT)
    # A 100k-set file becomes ~2M small acyclic objects (cells, records, rows); the cyclic
    # collector would rescan them again and again as they pile up (~0.25 s of a 3 s import).
    collecting = gc.isenabled()
    gc.disable()
    try:
        text = read_text_file(args.file)
        # A dry run reads the file against the shipped catalog when there is no store: it creates none.
        if not (args.dry_run and not store_path().exists()):
            training = open_training()
            mark = training.history_version()
        read = _read_flux if args.source == "flux" else _read_csv
        report, store = read(training, text, args)
        del text  # the file's text (up to four bytes a character in Python) is not needed once read into records
        if store is not None:
            report.update(store())
        emit(report, args.json, _render)
    except KeyboardInterrupt:
        # The import is one transaction that also derives the state: either it committed whole or
        # nothing of it did. The history version says which, once a transaction the interrupt left
        # open (between its last statement and its COMMIT) is rolled back.
        if training is not None:
            training.rollback_unfinished()
        if training is not None and not args.dry_run and training.history_version() != mark:
            raise CliError("interrupted after the import was saved: every session of the file is in the store "
                           "and the state counts them (`flux-tui history` shows them)", status=130) from None
        raise CliError(INTERRUPTED, status=130) from None
    finally:
        if collecting:
            gc.enable()
        if training is not None:
            training.close()
        signal.signal(signal.SIGINT, interrupt)
    return 0


def _saved() -> None:
    """The import has committed: an interrupt now (closing the store, printing the summary) would
    only leave the user unsure what was saved, so it is ignored until the command ends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


Store = Callable[[], dict]


def _read_flux(training, text: str, args: argparse.Namespace) -> tuple[dict, Store | None]:
    """What the file holds (the report), and what stores it (None for a dry run)."""
    from flux_tui.importers.flux_json import FluxJsonError, load

    try:
        document = load(text, args.file)
    except FluxJsonError as exc:
        raise CliError(str(exc))
    report = _summary(document.sessions, [], [], dry_run=args.dry_run)
    if args.dry_run:
        return report, None
    brain = None
    if document.brain is not None:
        import yaml

        brain = (yaml.safe_dump(document.brain, sort_keys=False), f"{args.file} (brain)")

    def store() -> dict:
        counts = training.import_sessions(document.sessions, document.custom_exercises, source="flux", brain=brain)
        _saved()
        return {"sessions_added": counts.sessions_added, "sets_added": counts.sets_added}

    return report, store


def _read_csv(training, text: str, args: argparse.Namespace) -> tuple[dict, Store | None]:
    """What the file holds (the report), and what stores it (None for a dry run)."""
    from flux_tui.importers import ImportFormatError, parse_file

    if training is not None:
        unit, catalog = args.unit or training.unit(), training.catalog
    else:
        from flux_tui.config import load_preferences
        from flux_tui.training import load_shipped_catalog

        unit, catalog = args.unit or load_preferences().units, load_shipped_catalog()
    try:
        result = parse_file(args.source, text, unit=unit, catalog=catalog, progress=_progress_bar())
    except ImportFormatError as exc:
        raise CliError(f"{args.file}: {exc}")
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    errors = [f"{args.file}:{error.line}: {error.message}" for error in result.errors]
    if errors and not result.sessions:
        shown = "\n".join(f"  {line}" for line in errors[:5])
        more = f"\n  … and {len(errors) - 5} more" if len(errors) > 5 else ""
        raise CliError(f"{args.file}: none of its {result.rows_read} rows could be imported; nothing was."
                       f" The first problems:\n{shown}{more}")
    unmapped = [e.name for e in result.custom_exercises if e.pattern == "unassigned"]
    report = _summary(result.sessions, errors, unmapped, dry_run=args.dry_run)
    # Names that are no catalog exercise but whose movement gave them a pattern: shown, so a wrong one can be fixed.
    report["matched_by_movement"] = {e.name: e.pattern for e in sorted(result.custom_exercises, key=lambda e: e.name)
                                     if e.pattern != "unassigned"}
    for line in errors:
        print(f"skipped {line}", file=sys.stderr)
    if result.assumed_units:
        report["assumed_units"] = result.assumed_units
        print(f"{args.file}: {_assumed(result.assumed_units)}", file=sys.stderr)
    if args.dry_run:
        return report, None

    def store() -> dict:
        customs = [e.as_row() for e in result.custom_exercises]
        counts = training.import_sessions(result.sessions, customs, source=args.source)
        _saved()
        return {"sessions_added": counts.sessions_added, "sets_added": counts.sets_added,
                "exercises_added": counts.exercises_added}

    return report, store


def _assumed(units: dict[str, str]) -> str:
    """What was taken for a file that names no unit, and the flag that takes the other one."""
    read = " and ".join(f"{what}s read as {unit}" for what, unit in units.items())
    metric = units.get("weight", units.get("distance")) in ("kg", "km", "m")
    other, means = ("lb", "pounds and miles") if metric else ("kg", "kilograms and kilometres")
    return (f"the file names no unit: {read} (from --unit, else your setting). If they are {means},"
            f" import it with --unit {other} (see with --dry-run first)")


def _summary(sessions, errors: list[str], unmapped: list[str], dry_run: bool) -> dict:
    from flux_tui.timefmt import local_start

    starts = [local_start(s) for s in sessions]
    return {
        "dry_run": dry_run,
        "sessions": len(sessions),
        "sets": sum(len(s.sets) for s in sessions),
        "first": min(starts).date().isoformat() if starts else None,
        "last": max(starts).date().isoformat() if starts else None,
        "unmapped_exercises": sorted(unmapped),
        "skipped_rows": errors,
    }


def _progress_bar():
    if not sys.stderr.isatty():
        return None

    def draw(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\rreading [{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
        sys.stderr.flush()

    return draw


def _render(report: dict) -> str:
    verb = "would import" if report["dry_run"] else "imported"
    lines = [f"{verb} {report['sessions']} sessions, {report['sets']} sets"
             + (f" ({report['first']} → {report['last']})" if report["first"] else "")]
    if not report["dry_run"]:
        lines.append(f"new: {report['sessions_added']} sessions, {report['sets_added']} sets "
                     "(already present ones were left alone)")
    if report["skipped_rows"]:
        lines.append(f"{len(report['skipped_rows'])} rows could not be read and were skipped (listed above)")
    if report.get("matched_by_movement"):
        lines.append("exercises not in the catalog, given the pattern of their movement (kept as your own):")
        lines += [f"  {name} → {pattern}" for name, pattern in report["matched_by_movement"].items()]
    if report["unmapped_exercises"]:
        lines.append("exercises not in the catalog (kept as your own, pattern 'unassigned'):")
        lines += [f"  {name}" for name in report["unmapped_exercises"]]
        lines.append("map them: `m` on Today or History in the app, `flux-tui exercises map` (a file to fill in),"
                     " or one by one: flux-tui exercises assign NAME PATTERN")
    return "\n".join(lines)

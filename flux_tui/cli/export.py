from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from flux_tui.cli.common import open_training
from flux_tui.cli.errors import CliError

HELP = ("export your history: --format json (FLUX, lossless), strong (Strong's layouts: --layout classic, units,"
        " android), hevy (Hevy's layout) or csv (Strong with unit columns)")
# --format csv: the Strong layout that names its units on every row, so any reader knows them,
# warm-ups kept (as W): FLUX's own CSV, which reads back into a new store with every set.
_CSV_LAYOUT = "units"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "strong", "hevy", "csv"), default="json")
    parser.add_argument("--layout", choices=("classic", "units", "android"), default=None,
                        help="Strong's layout: classic (default; no unit columns), units (comma, with unit columns)"
                             " or android (semicolon)")
    parser.add_argument("--unit", choices=("kg", "lb"), default=None,
                        help="weight unit of a CSV, distances in km for kg and miles for lb (default: your unit)")
    parser.add_argument("--warmups", action="store_true",
                        help="--format strong: keep warm-up sets (as Set Order W); by default they are left out,"
                             " so a reader's volume is FLUX's (--format csv keeps them)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    if args.layout is not None and args.format not in ("strong", "csv"):
        raise CliError(f"--layout is for --format strong; --format {args.format} has one layout")
    training = open_training()
    try:
        unit = args.unit or training.unit()
        target = Path(args.output) if args.output else None
        partial = target.with_name(target.name + ".partial") if target else None
        try:
            handle: TextIO = open(partial, "w", encoding="utf-8", newline="") if partial else sys.stdout
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror}")
        try:
            summary = _write(args, training, unit, handle)
            if partial:
                handle.close()
                os.replace(partial, target)
        except BrokenPipeError:
            raise  # the reader stopped reading: main ends quietly
        except OSError as exc:
            raise CliError(f"{args.output or 'standard output'}: {exc.strerror}")
        finally:
            if partial:
                handle.close()
                partial.unlink(missing_ok=True)
    finally:
        training.close()
    if args.output:  # on standard output the file is all there is
        print(f"exported {summary} to {args.output}", file=sys.stderr)
    return 0


def _write(args: argparse.Namespace, training, unit: str, handle: TextIO) -> str:
    """Write the export as the store streams it; what was written, in words."""
    if args.format == "json":
        count = write_flux_json(training, handle)
        return f"{count} sessions as FLUX JSON (kilograms, metres, seconds)"
    from flux_tui.importers import export

    name_of = export.exercise_namer(training.catalog)
    distance = "km" if unit == "kg" else "miles"
    if args.format == "hevy":
        _say(args, f"Hevy layout, weights in {unit}, distances in {distance}")
        counts = export.write_hevy(handle, training.all_sessions(), name_of, unit)
        left_out = ""
    else:
        layout = args.layout or (_CSV_LAYOUT if args.format == "csv" else "classic")
        _say(args, f"Strong {layout} layout, weights in {unit}, distances in {distance}")
        warmups = args.warmups or args.format == "csv"
        counts = export.write_strong(handle, training.all_sessions(), name_of, unit, layout, warmups)
        left_out = (f"; {counts.warmups_left_out} warm-up sets left out (--warmups keeps them)"
                    if counts.warmups_left_out else "")
    return f"{counts.sessions} sessions, {counts.sets} sets in {unit}{left_out}"


def write_flux_json(training, handle: TextIO) -> int:
    """The whole log as FLUX JSON (sessions, custom exercises, Brain), as `import flux` reads it; the
    number of sessions written. Also `reset --remote`'s copy of the account."""
    from flux_tui.brain.models import brain_to_dict
    from flux_tui.importers import flux_json

    custom = [e for e in training.exercises() if e["is_custom"]]
    return flux_json.write(handle, training.all_sessions(), custom, brain_to_dict(training.brain))


def _say(args: argparse.Namespace, line: str) -> None:
    """The export's first message, before a row is written (with -o: standard output is the file)."""
    if args.output:
        print(line, file=sys.stderr, flush=True)

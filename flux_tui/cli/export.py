from __future__ import annotations

import argparse
import sys

from flux_tui.cli.common import open_training
from flux_tui.cli.errors import CliError

HELP = "export your history: --format json (FLUX, lossless) or csv (Strong's layout)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--unit", choices=("kg", "lb"), default="kg", help="weight unit of the CSV (default kg)")


def run(args: argparse.Namespace) -> int:
    training = open_training()
    try:
        if args.format == "json":
            text = _flux_json(training)
        else:
            from flux_tui.importers.export import to_strong_csv

            text = to_strong_csv(list(training.all_sessions()), dict(training.catalog), args.unit)
    finally:
        training.close()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror}")
        print(f"exported to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _flux_json(training) -> str:
    from flux_tui.brain.models import brain_to_dict
    from flux_tui.importers import flux_json

    custom = [e for e in training.exercises() if e["is_custom"]]
    return flux_json.dump(training.all_sessions(), custom, brain_to_dict(training.brain))

from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "load the Brain (default or --brain FILE) and the exercise catalog into the store"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brain", metavar="FILE", help="a Brain YAML instead of the shipped default")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    text = None
    if args.brain:
        try:
            with open(args.brain, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise CliError(f"{args.brain}: {exc.strerror}")
    training = open_training(seed_if_empty=False)
    try:
        changed = training.seed(text, args.brain or "brain.yaml")
        result = {"changed": changed, "store": str(training.store.path), "exercises": len(training.catalog)}
    finally:
        training.close()
    emit(result, args.json, lambda r: f"{'seeded' if r['changed'] else 'already up to date'}: {r['store']} "
                                      f"({r['exercises']} exercises)")
    return 0

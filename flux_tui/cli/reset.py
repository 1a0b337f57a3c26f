from __future__ import annotations

import argparse

from flux_tui.cli.common import confirm, open_training

HELP = "erase history, configs and catalog: the clean slate"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    training = open_training(seed_if_empty=False)
    try:
        confirm(f"Erase every session, set, config and exercise in {training.store.path}?", args.yes)
        training.reset()
    finally:
        training.close()
    print("the store is empty; the next command seeds the default Brain again")
    return 0

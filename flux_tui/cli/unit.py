from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training

HELP = "show or set the unit weights are shown and typed in (kg or lb); the store always keeps kg"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("unit", nargs="?", choices=("kg", "lb"))
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    training = open_training()
    try:
        if args.unit:
            training.set_unit(args.unit)
        unit = training.unit()
    finally:
        training.close()
    emit({"unit": unit}, args.json, lambda r: f"weights in {r['unit']}")
    return 0

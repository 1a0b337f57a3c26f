from __future__ import annotations

import argparse
import sys

from flux_tui.cli.common import add_json_flag, emit, read_text_file

HELP = "check a Brain YAML file (the shipped default when no FILE is given)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="the Brain YAML to check")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.brain.validate import BrainInvalid, load_brain_text
    from flux_tui.training import default_brain_text

    if args.file:
        text = read_text_file(args.file, "; save the Brain as UTF-8")
        filename = args.file
    else:
        text, filename = default_brain_text(), "brain.yaml (default)"
    try:
        load_brain_text(text, filename, _catalog())
    except BrainInvalid as invalid:
        lines = [str(error) for error in invalid.errors]
        if args.json:
            emit({"valid": False, "file": filename, "errors": lines}, True, str)
        else:
            print("\n".join(lines), file=sys.stderr)
        return 1
    emit({"valid": True, "file": filename, "errors": []}, args.json, lambda _: f"{filename}: valid")
    return 0


def _catalog():
    """The shipped catalog plus the user's own exercises when a store exists."""
    from flux_tui.settings import store_path
    from flux_tui.training import load_shipped_catalog

    catalog = load_shipped_catalog()
    if not store_path().exists():
        return catalog
    from flux_tui.brain.models import catalog_from_list
    from flux_tui.training import Training

    training = Training.open(store_path(), seed_if_empty=False)
    try:
        return {**catalog, **catalog_from_list(training.exercises())}
    finally:
        training.close()

"""Small pieces every command shares: JSON output, confirmation, opening the store."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from flux_tui.cli.errors import CliError


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def emit(data: Any, as_json: bool, render_text: Callable[[Any], str]) -> None:
    if as_json:
        try:  # strict JSON: NaN and Infinity are not JSON, and strict parsers refuse them
            text = json.dumps(data, indent=2, ensure_ascii=False, default=str, allow_nan=False)
        except ValueError as exc:
            raise CliError(f"cannot print this as JSON ({exc}); nothing was changed by printing it") from None
        sys.stdout.write(text + "\n")
    else:
        text = render_text(data)
        if text:
            print(text)


def read_text_file(path: str, hint: str = "") -> str:
    """A UTF-8 file's text (a BOM dropped, line ends kept), or one line saying what is wrong with it."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text (byte {exc.start + 1} is not UTF-8){hint}") from None
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror or exc}") from None


def confirm(question: str, assume_yes: bool) -> None:
    """Ask on the terminal; without one, refuse rather than guess."""
    if assume_yes:
        return
    if not sys.stdin.isatty():
        raise CliError(f"{question} — no terminal to ask on; pass --yes to confirm", status=2)
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise CliError("cancelled; nothing was changed", status=1)


@contextmanager
def signed_in_remote(what: str) -> Iterator[Any]:
    """The signed-in Remote for a command that writes to the account (`seed --remote`, `reset --remote`):
    not signed in exits 2; a remote failure is one line naming `what` failed."""
    from flux_tui.remote import ops
    from flux_tui.remote.errors import RemoteError

    try:
        remote = ops.signed_in_remote()
    except RemoteError as error:
        raise CliError(str(error), status=2)
    try:
        yield remote
    except RemoteError as error:
        raise CliError(f"{what} failed: {error}")
    finally:
        remote.close()


def open_training(seed_if_empty: bool = True):
    """The user's store, through Training; the settings file's unit is the default unit."""
    from flux_tui.config import load_preferences
    from flux_tui.settings import store_path
    from flux_tui.training import Training

    return Training.open(store_path(), seed_if_empty=seed_if_empty, default_unit=load_preferences().units)

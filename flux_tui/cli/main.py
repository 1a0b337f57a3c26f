"""`flux-tui`: the command line. With no command it starts the terminal app.

Each command lives in its own module with `HELP`, `add_arguments(parser)` and
`run(args) -> int`. Those modules import only argparse-level things at the top:
`flux-tui --help` is the baseline the start-up benchmarks compare against.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from flux_tui import __version__
from flux_tui.cli.errors import CliError, describe_failure

COMMANDS = {
    "validate": "flux_tui.cli.validate",
    "seed": "flux_tui.cli.seed",
    "plan": "flux_tui.cli.plan",
    "state": "flux_tui.cli.state",
    "history": "flux_tui.cli.history",
    "stats": "flux_tui.cli.stats",
    "reset": "flux_tui.cli.reset",
    "export": "flux_tui.cli.export",
    "import": "flux_tui.cli.import_",
    "exercises": "flux_tui.cli.exercises",
    "restore": "flux_tui.cli.restore",
    "unit": "flux_tui.cli.unit",
    "bodyweight": "flux_tui.cli.bodyweight",
    "login": "flux_tui.cli.login",
    "logout": "flux_tui.cli.logout",
    "sync": "flux_tui.cli.sync",
    "refused": "flux_tui.cli.refused",
    "doctor": "flux_tui.cli.doctor",
    "keys": "flux_tui.cli.keys",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, just that command's parser (the others' modules not imported)."""
    parser = argparse.ArgumentParser(
        prog="flux-tui",
        description="A keyboard-driven training log. Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"flux-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        sub = commands.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from flux_tui.settings import load_dotenv_files

    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character (✓, →, an exercise's name) gets a replacement, not a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")

    words = sys.argv[1:] if argv is None else argv
    if not words:  # the app: no command to parse, so no command module to import
        args = argparse.Namespace(command=None)
    else:
        # A known command first: build only its parser (`flux-tui plan` need not import the other 13).
        parser = build_parser(only=words[0] if words[0] in COMMANDS else None)
        args = parser.parse_args(words)
    try:
        load_dotenv_files()
        if args.command is None:
            from flux_tui.ui.launch import run_app

            return run_app()
        status = args.handler(args)
        sys.stdout.flush()  # here, not at exit: a reader that stopped early (`| head`) is handled below
        return status
    except KeyboardInterrupt:
        command = sys.modules.get(getattr(getattr(args, "handler", None), "__module__", ""))
        print(f"flux-tui: {getattr(command, 'INTERRUPTED', 'interrupted')}", file=sys.stderr)
        return 130
    except CliError as exc:
        print(f"flux-tui: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        # The reader stopped reading (`flux-tui history | head -1`): end quietly, as it asked. What
        # is still buffered goes nowhere, so the exit flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    except Exception as exc:  # noqa: BLE001 — the last line of defence: one line, never a traceback
        if os.environ.get("FLUX_DEBUG"):
            raise
        print(f"flux-tui: {describe_failure(exc)}", file=sys.stderr)
        return 1

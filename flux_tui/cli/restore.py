from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, confirm, emit
from flux_tui.cli.errors import CliError

HELP = "list the store's automatic backups, or bring one back (restore FILE|latest)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", nargs="?", help="a backup file from the list, or 'latest'")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from flux_tui.settings import store_path
    from flux_tui.training import list_backups, restore_backup

    path = store_path()
    backups = list_backups(path)
    if not args.backup:
        emit([str(b) for b in backups], args.json, lambda bs: "\n".join(bs) or "no backups yet")
        return 0
    if args.backup == "latest":
        if not backups:
            raise CliError(f"no backups in {path.parent / 'backups'}")
        source = backups[-1]
    else:
        source = Path(args.backup)
        if not source.is_file():
            raise CliError(f"{source}: no such backup")
    confirm(f"Replace {path} with {source.name}? (the current file is kept as a backup)", args.yes)
    restore_backup(source, path)
    emit({"restored": str(source), "store": str(path)}, args.json, lambda r: f"restored {r['restored']}")
    return 0

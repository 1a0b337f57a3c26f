from __future__ import annotations

import argparse

from flux_tui.cli.common import confirm, open_training

HELP = "erase history, configs and catalog: the clean slate"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--remote", action="store_true",
                        help="also delete your own rows on Supabase (asks first; the shared catalog stays)")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "remote", False):
        return run_remote(args)
    training = open_training(seed_if_empty=False)
    try:
        confirm(f"Erase every session, set, config and exercise in {training.path}?", args.yes)
        training.reset()
    finally:
        training.close()
    print("the store is empty; the next command seeds the default Brain again")
    return 0


def run_remote(args: argparse.Namespace) -> int:
    import sys

    from flux_tui.cli.errors import CliError
    from flux_tui.remote import ops
    from flux_tui.remote.errors import RemoteError

    try:
        remote = ops.signed_in_remote()
    except RemoteError as error:
        raise CliError(str(error), status=2)
    try:
        print(f"about to delete your rows on {ops.describe_target(remote.config, remote.session.email)}",
              file=sys.stderr)
        training = open_training(seed_if_empty=False)
        try:
            confirm(f"Delete every session, set, config and custom exercise of yours on {remote.config.url}, "
                    f"and erase {training.path}?", args.yes)
            counts = ops.delete_remote_rows(remote)
            training.reset()
        finally:
            training.close()
    except RemoteError as error:
        raise CliError(f"reset --remote failed: {error}")
    finally:
        remote.close()
    print(f"deleted on {remote.config.url}: " + ", ".join(f"{n} {t}" for t, n in counts.items())
          + "; the local store is empty too")
    return 0

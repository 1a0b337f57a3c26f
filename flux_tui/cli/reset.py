from __future__ import annotations

import argparse
import sys

from flux_tui.cli.common import confirm, open_training, signed_in_remote

HELP = "erase history, configs and catalog: the clean slate (a copy of the store is kept first)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--remote", action="store_true",
                        help="also delete your own rows on Supabase, after saving them to a FLUX JSON file "
                             "(asks first; the shared catalog stays)")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "remote", False):
        return run_remote(args)
    training = open_training(seed_if_empty=False)
    try:
        confirm(f"Erase every session, set, config and exercise in {training.path}?", args.yes)
        kept = training.reset()
    finally:
        training.close()
    print(f"the store is empty; the next command seeds the default Brain again. A copy of it as it was: {kept} "
          f"(`flux-tui restore {kept}` brings it back)")
    return 0


def run_remote(args: argparse.Namespace) -> int:
    from flux_tui.remote import ops
    from flux_tui.remote.sync import Syncer

    with signed_in_remote("reset --remote") as remote:
        print(f"about to delete your rows on {ops.describe_target(remote.config, remote.session.email)}",
              file=sys.stderr)
        training = open_training()
        try:
            confirm(f"Delete every session, set, config and custom exercise of yours on {remote.config.url}, "
                    f"and erase {training.path}? (they are saved to a FLUX JSON file first)", args.yes)
            # Everything the account holds comes here first (a sync), and is written where it can be taken back.
            Syncer(training.outbox, remote, rebuild=training.refold).sync()
            saved = save_account(training, remote.session.email)
            counts = ops.delete_remote_rows(remote)
            kept = training.reset()
        finally:
            training.close()
    print(f"your account's rows were saved to {saved} (`flux-tui import flux {saved}` brings them back)")
    print(f"deleted on {remote.config.url}: " + ", ".join(f"{n} {t}" for t, n in counts.items())
          + f"; the local store is empty too (a copy of it: {kept})")
    return 0


def save_account(training, email: str):
    """The whole log as FLUX JSON in the data folder's backups/ (0600, written then renamed): the
    account's rows, kept before `reset --remote` deletes them."""
    import os

    from flux_tui.cli.export import write_flux_json
    from flux_tui.settings import data_dir
    from flux_tui.timefmt import utc_now

    folder = data_dir() / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "@._-" else "_" for c in email)
    target = folder / f"account-{name}-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.flux.json"
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        write_flux_json(training, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return target

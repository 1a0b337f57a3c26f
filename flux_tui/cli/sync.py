from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "push unsent changes to Supabase and pull what changed elsewhere (needs `flux-tui login`)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--retry-rejected", action="store_true",
                        help="send again every row the server refused before (they are set aside otherwise; "
                             "`flux-tui refused` resolves them one by one)")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.remote.client import Remote
    from flux_tui.remote.errors import RemoteError
    from flux_tui.remote.sync import Syncer

    # A fresh folder gets the shipped catalog and default Brain first: the account's rows name catalog
    # exercises, and its Brain replaces the default (which never reached the server) in the pull.
    training = open_training()
    try:
        if args.retry_rejected:
            training.outbox.retry_refused()
        try:
            remote = Remote.from_environment()
        except RemoteError as error:
            raise CliError(str(error), status=2)
        try:
            report = Syncer(training.outbox, remote, rebuild=training.refold).sync()
        except RemoteError as error:
            pending = training.pending_changes()
            raise CliError(f"sync failed: {error} ({pending} change(s) kept in the outbox)")
        finally:
            remote.close()
        result = {**report.to_dict(), "url": remote.config.url, "environment": remote.config.environment,
                  "set_aside": training.outbox.set_aside_count()}
    finally:
        training.close()
    emit(result, args.json, render)
    return 1 if result["rejected"] else 0


def render(r: dict) -> str:
    pushed = sum(r["pushed"].values())
    pulled = sum(r["pulled"].values())
    lines = [f"synced with {r['url']} ({r['environment']}): pushed {pushed}, pulled {pulled}, "
             f"{r['pending']} pending ({r['requests']} requests, {r['seconds']:.2f} s)"]
    if r["adopted_config"]:
        lines.append("this device now uses your account's Brain (the local default had never been synced)")
    if r["rebuilt_state"]:
        lines.append("the state was rebuilt over sessions logged on another device")
    for row in r["rejected"]:
        lines.append(f"refused by the server, set aside: {row['table']} {row['id']}: {row['message']}")
    if r["set_aside"]:
        lines.append(f"{r['set_aside']} change(s) set aside (refused rows and the sets waiting for them): "
                     "`flux-tui refused` lists them, `flux-tui refused fix ID` or `drop ID` resolves one")
    for table, row_id, message in r["apply_errors"]:
        lines.append(f"could not apply a pulled row: {table} {row_id}: {message}")
    return "\n".join(lines)

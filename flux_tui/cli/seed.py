from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training, read_text_file

HELP = "load the Brain (default or --brain FILE) and the exercise catalog into the store"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brain", metavar="FILE", help="a Brain YAML instead of the shipped default")
    parser.add_argument("--remote", action="store_true",
                        help="also write the Brain to your account on Supabase (asks first; see --yes)")
    parser.add_argument("--yes", action="store_true", help="with --remote: do not ask for confirmation")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.settings import store_path

    text = None
    if args.brain:
        text = read_text_file(args.brain, "; save the Brain as UTF-8")
    if getattr(args, "remote", False):
        return run_remote(args, text)
    if text is not None and not store_path().exists():
        # Check before the store is created: a refused Brain leaves a fresh folder empty.
        from flux_tui.brain.validate import load_brain_text
        from flux_tui.training import load_shipped_catalog

        load_brain_text(text, args.brain, load_shipped_catalog())
    training = open_training(seed_if_empty=False)
    try:
        changed = training.seed(text, args.brain or "brain.yaml")
        result = {"changed": changed, "store": str(training.path), "exercises": len(training.catalog)}
    finally:
        training.close()
    emit(result, args.json, lambda r: f"{'seeded' if r['changed'] else 'already up to date'}: {r['store']} "
                                      f"({r['exercises']} exercises)")
    return 0


def run_remote(args: argparse.Namespace, text: str | None) -> int:
    """Seed locally, then write the Brain to the account's user_configs row (one Brain per account)."""
    import sys

    from flux_tui.cli.common import confirm, signed_in_remote
    from flux_tui.remote import ops

    with signed_in_remote("seed --remote") as remote:
        target = ops.describe_target(remote.config, remote.session.email)
        print(f"about to write your Brain to {target}", file=sys.stderr)
        confirm(f"Write the Brain to {remote.config.url}?", args.yes)
        training = open_training(seed_if_empty=False)
        try:
            ops.take_server_config_id(training.outbox, remote)
            training.seed(text, args.brain or "brain.yaml")
            report = ops.push_seeded(training.outbox, remote)
            result = {"url": remote.config.url, "environment": remote.config.environment,
                      "pushed": report.pushed, "pending": report.pending, "store": str(training.path)}
        finally:
            training.close()
    emit(result, args.json, lambda r: f"Brain written to {r['url']} ({r['environment']}); "
                                      f"{r['pending']} change(s) still pending")
    return 0 if not result["pending"] else 1

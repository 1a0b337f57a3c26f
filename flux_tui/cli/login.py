from __future__ import annotations

import argparse
import sys

from flux_tui.cli.errors import CliError

HELP = "sign in to Supabase with email and password (the session is kept in the data directory, mode 0600)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", help="the account's email (asked when not given)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input (for scripts)")
    parser.add_argument("--yes", action="store_true",
                        help="send the password to the URL shown without asking (needed without a terminal "
                             "when SUPABASE_URL comes from a .env file)")


def run(args: argparse.Namespace) -> int:
    from flux_tui.remote.client import Remote
    from flux_tui.remote.config import load_config
    from flux_tui.remote.errors import RemoteError
    from flux_tui.remote.session import session_path

    try:
        config = load_config()
    except RemoteError as error:
        raise CliError(str(error), status=2)
    confirm_target(config.url, config.environment, args.yes)
    email = args.email
    if not email:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask for the email on; pass --email", status=2)
        email = input("Email: ").strip()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask for the password on; pass --password-stdin", status=2)
        import getpass

        password = getpass.getpass("Password: ")
    if not email or not password:
        raise CliError("email and password are both needed", status=2)
    remote = Remote(config)
    try:
        session = remote.sign_in(email, password)
    except RemoteError as error:
        raise CliError(str(error))
    finally:
        remote.close()
    print(f"signed in as {session.email} to {config.url} ({config.environment}); "
          f"session kept in {session_path()}")
    return 0


def confirm_target(url: str, environment: str, assume_yes: bool) -> None:
    """Show where the password will go and have it confirmed: a .env file in whatever directory this runs
    in could name someone else's server. Without a terminal, a URL from the environment (set by the caller)
    goes; one from a .env file needs --yes."""
    from flux_tui.settings import dotenv_file_of, setting_source

    print(f"the password will be sent to {url} ({environment}; SUPABASE_URL from {setting_source('SUPABASE_URL')})",
          file=sys.stderr)
    if assume_yes:
        return
    if not sys.stdin.isatty():
        found = dotenv_file_of("SUPABASE_URL")
        if found is not None:
            raise CliError(f"SUPABASE_URL comes from {found}, and there is no terminal to confirm {url} on: "
                           "pass --yes to send the password there, or set SUPABASE_URL yourself", status=2)
        return
    answer = input(f"Send your password to {url}? [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise CliError("cancelled; nothing was sent", status=1)

from __future__ import annotations

import argparse

HELP = "sign out of Supabase: revoke the session and remove it from the data directory"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from flux_tui.remote.client import Remote
    from flux_tui.remote.config import load_config
    from flux_tui.remote.errors import RemoteError
    from flux_tui.remote.session import load_session, remove_session, session_path

    session = load_session()
    if session is not None:
        try:
            remote = Remote(load_config(), session, timeout=3)
            try:
                remote.sign_out()
            finally:
                remote.close()
        except RemoteError:
            pass   # not configured any more: removing the file is all there is to do
    removed = remove_session()
    print(f"signed out; removed {session_path()}" if removed else "not signed in")
    return 0

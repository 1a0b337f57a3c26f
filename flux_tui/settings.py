"""Where data lives and what the environment says. Shell code: reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "flux-tui"
STORE_FILENAME = "flux.sqlite3"


def data_dir() -> Path:
    """The user's data directory: `$FLUX_HOME` when set (tests, scripts), else the platform's."""
    home = os.environ.get("FLUX_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def store_path() -> Path:
    return data_dir() / STORE_FILENAME


def load_dotenv_files() -> None:
    """Load `.env` from the working directory, then from the data directory.

    `override=False`: a variable already set in the environment always wins.
    """
    candidates = [Path.cwd() / ".env", data_dir() / ".env"]
    existing = [path for path in candidates if path.is_file()]
    if not existing:
        return
    from dotenv import load_dotenv

    for path in existing:
        load_dotenv(path, override=False)


@dataclass(frozen=True)
class RemoteSettings:
    url: str | None
    anon_key: str | None

    @property
    def configured(self) -> bool:
        return bool(self.url and self.anon_key)


def remote_settings() -> RemoteSettings:
    return RemoteSettings(
        url=os.environ.get("SUPABASE_URL") or None,
        anon_key=os.environ.get("SUPABASE_ANON_KEY") or None,
    )

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


# What a .env file may set: FLUX's own settings only. Anything else there (HTTP_PROXY, SSL_CERT_FILE,
# PYTHONPATH, …) would change where requests and their tokens go, so it is ignored and `doctor` says so.
OWN_KEYS = ("SUPABASE_URL", "SUPABASE_ANON_KEY")
_from_file: dict[str, Path] = {}          # each setting a .env file supplied -> that file
_ignored: dict[Path, list[str]] = {}      # each .env file -> the keys in it that are not FLUX's


def own_key(name: str) -> bool:
    return name in OWN_KEYS or name.startswith("FLUX_")


def load_dotenv_files() -> None:
    """Read `.env` from the working directory, then from the data directory, for FLUX's own keys only.

    A variable already set in the environment always wins; other keys are never put in the environment.
    """
    _from_file.clear()
    _ignored.clear()
    candidates = [Path.cwd() / ".env", data_dir() / ".env"]
    existing = [path for path in candidates if path.is_file()]
    if not existing:
        return
    from dotenv import dotenv_values

    for path in existing:
        for name, value in dotenv_values(path).items():
            if not own_key(name):
                _ignored.setdefault(path, []).append(name)
            elif value is not None and name not in os.environ:
                os.environ[name] = value
                _from_file[name] = path


def setting_source(name: str) -> str:
    """Where a setting's value came from: 'the environment', '.env file PATH', or 'not set'."""
    if name in _from_file and name in os.environ:
        return f".env file {_from_file[name]}"
    return "the environment" if name in os.environ else "not set"


def dotenv_file_of(name: str) -> Path | None:
    """The .env file that supplied this setting (None: the environment, or not set)."""
    return _from_file.get(name) if name in os.environ else None


def ignored_dotenv_keys() -> dict[Path, list[str]]:
    """Keys found in .env files and ignored because they are not FLUX's (HTTP_PROXY, …)."""
    return {path: list(names) for path, names in _ignored.items()}


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

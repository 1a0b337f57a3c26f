"""The errors the shell raises about the local store, phrased for the user.

They live outside `flux_tui.store` so that the screens and the commands, which
must not import the store (tests/test_layers.py), can catch them by type. The
store raises them at its boundary (`flux_tui.store.database`): no caller ever
inspects an sqlite3 exception or a traceback to know what went wrong.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with the local store: what is wrong and, where known, which file."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = path


class StoreDamaged(StoreError):
    """The file, or a value in it, cannot be read: a page SQLite refuses, JSON, a timestamp, UTF-8."""


class StoreFull(StoreError):
    """The disk is full or reported an I/O error: the change was not saved."""


class StoreLocked(StoreError):
    """Another process holds the store's write lock for longer than the busy timeout."""


class StoreInUse(StoreLocked):
    """Another process has the store open while a command needs it alone (restore, reset), or the
    reverse; the message names that process."""


class StoreRefused(StoreError):
    """A change the store's rules refuse: a second active session, an unknown exercise, a bad value."""


class NotSeeded(StoreError):
    """No Brain stored yet."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception's message on one line: SQLite quotes a malformed schema's SQL, newlines and all."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def damaged(path: Path | str | None, exc: BaseException) -> StoreDamaged:
    """The one message for damage met while reading the store."""
    where = f"{path}: " if path else ""
    what = one_line(exc) if type(exc).__module__ == "sqlite3" else f"{type(exc).__name__}: {one_line(exc)}"
    return StoreDamaged(f"{where}cannot read the store ({what}); it may be damaged — see `flux-tui restore`", path)

"""The embedded local store (SQLite). Shell code.

The names below are resolved on first use, so `flux_tui.store.errors` (which the
command line imports for every command, even `--help`) does not pull in the
store, the engine and sqlite3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flux_tui.store.errors import StoreError
    from flux_tui.store.repo import ImportCounts, SessionRow, Store, StoredConfig

__all__ = ["ImportCounts", "SessionRow", "Store", "StoreError", "StoredConfig"]


def __getattr__(name: str):
    if name == "StoreError":
        from flux_tui.store.errors import StoreError

        return StoreError
    if name in __all__:
        from flux_tui.store import repo

        return getattr(repo, name)
    raise AttributeError(f"module 'flux_tui.store' has no attribute {name!r}")

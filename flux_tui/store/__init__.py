"""The embedded local store (SQLite). Shell code."""

from flux_tui.store.errors import StoreError
from flux_tui.store.repo import ImportCounts, SessionRow, Store, StoredConfig

__all__ = ["ImportCounts", "SessionRow", "Store", "StoreError", "StoredConfig"]

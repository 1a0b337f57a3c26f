"""The store's key/value settings: the weight unit, this store's namespace, sync bookkeeping."""

from __future__ import annotations

from flux_tui.store.database import Database
from flux_tui.store.ids import new_id

UNITS = ("kg", "lb")


class Settings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def weight_unit(self) -> str | None:
        """The unit set in the store ('kg' or 'lb'), None when never set (the settings file decides)."""
        return self.get("unit")

    def custom_namespace(self) -> str:
        """This store's own UUID namespace for naming custom exercises (created on first use).

        Custom ids must be unique across users on the server, yet the same
        imported name must give the same id here every time.
        """
        existing = self.get("custom_namespace")
        if existing is None:
            with self.db.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('custom_namespace', ?)", (new_id(),))
            existing = self.get("custom_namespace")
        return existing

    def forget_sync_state(self) -> None:
        """Drop sync cursors and markers (after a reset): the next sync starts from scratch."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM settings WHERE key LIKE 'sync.%'")

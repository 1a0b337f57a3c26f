"""The bodyweight log: one row per weighing, kilograms, with where-and-when's UTC offset."""

from __future__ import annotations

from datetime import datetime

from flux_tui.engine.bodyweight import Weighing
from flux_tui.errors import StoreRefused
from flux_tui.store import bounds
from flux_tui.store.database import Database
from flux_tui.store.ids import new_id
from flux_tui.timefmt import to_iso, utc_now, utc_offset_minutes


class Bodyweights:
    def __init__(self, db: Database) -> None:
        self.db = db

    def log(self, kg: float, measured_at: datetime, utc_offset: int | None = None) -> Weighing:
        """Commit one weighing; `utc_offset` defaults to the machine's at that moment."""
        row_id, now = new_id(), to_iso(utc_now())
        offset = utc_offset if utc_offset is not None else utc_offset_minutes(measured_at)
        bounds.check("bodyweights", {"weight": kg, "utc_offset": offset}, "bodyweight refused by the store: ")
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "INSERT INTO bodyweights (id, weight, measured_at, utc_offset, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", (row_id, kg, to_iso(measured_at), offset, now, now))
        except StoreRefused as refused:
            raise StoreRefused(f"bodyweight refused by the store: {refused.__cause__ or refused}",
                               self.db.path) from refused
        return Weighing(row_id, self.db.decode_time(to_iso(measured_at)), kg, offset)

    def delete(self, row_id: str) -> bool:
        """Soft-delete one weighing (synced as a tombstone); False when there is no such live row."""
        now = to_iso(utc_now())
        with self.db.transaction() as conn:
            cursor = conn.execute("UPDATE bodyweights SET deleted_at = ?, updated_at = ? WHERE id = ?"
                                  " AND deleted_at IS NULL", (now, now, row_id))
            return cursor.rowcount > 0

    def series(self) -> list[Weighing]:
        """Every live weighing, oldest first."""
        return [Weighing(r[0], self.db.decode_time(r[1]), r[2], r[3]) for r in self.db.rows(
            "SELECT id, measured_at, weight, utc_offset FROM bodyweights WHERE deleted_at IS NULL"
            " ORDER BY measured_at, id")]

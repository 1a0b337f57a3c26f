"""The rest remembered per exercise (a session's timer changed with +/-): one synced row per exercise."""

from __future__ import annotations

from flux_tui.store import bounds
from flux_tui.store.database import Database
from flux_tui.timefmt import to_iso, utc_now


class Rests:
    def __init__(self, db: Database) -> None:
        self.db = db

    def remembered(self) -> dict[str, int]:
        """Exercise id -> its remembered rest in seconds."""
        return dict(self.db.rows("SELECT id, rest_seconds FROM exercise_rests WHERE deleted_at IS NULL"))

    def remember(self, exercise_id: str, seconds: int) -> None:
        """This exercise's rest from now on; queued for sync only when it changes."""
        bounds.check("exercise_rests", {"rest_seconds": seconds}, "rest refused by the store: ")
        now = to_iso(utc_now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO exercise_rests (id, rest_seconds, created_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET rest_seconds = excluded.rest_seconds, "
                "updated_at = excluded.updated_at, deleted_at = NULL "
                "WHERE rest_seconds IS NOT excluded.rest_seconds OR deleted_at IS NOT NULL",
                (exercise_id, seconds, now, now))

"""The Brain and the engine's state, stored as JSON (validated once, when seeded)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Mapping

from flux_tui.store.database import Database
from flux_tui.store.ids import new_id
from flux_tui.timefmt import to_iso, utc_now

SECTIONS = ("logic", "selections", "sessions", "conditioning")
_LIVE = "SELECT {} FROM user_configs WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"


@dataclass(frozen=True)
class StoredConfig:
    """The stored Brain (its version and four sections) and the engine's state, as JSON data."""

    brain_version: int
    sections: dict[str, Any]  # logic, selections, sessions, conditioning
    state: dict[str, Any]


class Configs:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> StoredConfig | None:
        row = self.db.one(_LIVE.format("brain_version, logic, selections, sessions, conditioning, state"))
        if row is None:
            return None
        sections = {key: self.db.decode_json(text) for key, text in zip(SECTIONS, row[1:5])}
        return StoredConfig(brain_version=row[0], sections=sections, state=self.db.decode_json(row[5]))

    def exists(self) -> bool:
        return self.db.one(_LIVE.format("1")) is not None

    def save(self, brain_version: int, sections: Mapping[str, Any], state: Mapping[str, Any]) -> bool:
        """Store the Brain and its state; returns False when both were already exactly that."""
        encoded = [json.dumps(sections[key], sort_keys=True) for key in SECTIONS]
        state_json = json.dumps(state, sort_keys=True)
        now = to_iso(utc_now())
        with self.db.transaction() as conn:
            row = conn.execute(_LIVE.format("id, brain_version, logic, selections, sessions, conditioning, state")
                               ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO user_configs (id, brain_version, logic, selections, sessions, conditioning, state,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (new_id(), brain_version, *encoded, state_json, now, now),
                )
                return True
            if list(row[1:]) == [brain_version, *encoded, state_json]:
                return False
            conn.execute(
                "UPDATE user_configs SET brain_version = ?, logic = ?, selections = ?, sessions = ?, conditioning = ?,"
                " state = ?, updated_at = ? WHERE id = ?",
                (brain_version, *encoded, state_json, now, row[0]),
            )
            return True

    def save_state(self, state: Mapping[str, Any], conn: sqlite3.Connection | None = None) -> None:
        """Store the engine's state (in the caller's transaction `conn`, else in one of its own)."""
        statement = (
            "UPDATE user_configs SET state = ?, updated_at = ? WHERE deleted_at IS NULL "
            "AND id = (SELECT id FROM user_configs WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"
        )
        params = (json.dumps(state, sort_keys=True), to_iso(utc_now()))
        if conn is None:
            with self.db.transaction() as tx:
                tx.execute(statement, params)
        else:
            conn.execute(statement, params)

"""The Brain and the engine's state, stored as JSON (validated once, when seeded)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Mapping

from flux_tui.errors import StoreDamaged
from flux_tui.store import bounds
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

    def save(self, brain_version: int, sections: Mapping[str, Any], state: Mapping[str, Any],
             conn: sqlite3.Connection) -> bool:
        """Store the Brain, in the caller's transaction; returns False when it was already exactly that.

        `state` is written only with a new row: the commit derives the state (store/derived.py).
        """
        encoded = [json.dumps(sections[key], sort_keys=True, allow_nan=False) for key in SECTIONS]
        bounds.check("user_configs", {"brain_version": brain_version, **dict(zip(SECTIONS, encoded))},
                     "Brain refused by the store: ")
        now = to_iso(utc_now())
        row = conn.execute(_LIVE.format("id, brain_version, logic, selections, sessions, conditioning")).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO user_configs (id, brain_version, logic, selections, sessions, conditioning, state,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_id(), brain_version, *encoded, json.dumps(state, sort_keys=True, allow_nan=False), now, now),
            )
            return True
        if list(row[1:]) == [brain_version, *encoded]:
            return False
        conn.execute(
            "UPDATE user_configs SET brain_version = ?, logic = ?, selections = ?, sessions = ?, conditioning = ?,"
            " updated_at = ? WHERE id = ?",
            (brain_version, *encoded, now, row[0]),
        )
        return True

    def save_state(self, state: Mapping[str, Any], conn: sqlite3.Connection) -> None:
        """Store the engine's state, in the caller's transaction; a state already stored is left alone
        (no outbox entry, nothing to push)."""
        try:
            text = json.dumps(state, sort_keys=True, allow_nan=False)
        except ValueError as exc:  # a stored value no input path lets in (Infinity written by hand)
            raise StoreDamaged(f"{self.db.path}: the history holds a number that is not finite, so the state "
                               "cannot be stored; see `flux-tui restore`", self.db.path) from exc
        conn.execute(
            "UPDATE user_configs SET state = ?, updated_at = ? WHERE deleted_at IS NULL AND state IS NOT ?"
            " AND id = (SELECT id FROM user_configs WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)",
            (text, to_iso(utc_now()), text),
        )

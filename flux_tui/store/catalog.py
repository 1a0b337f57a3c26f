"""The exercise catalog in the store: the shipped exercises and the user's own."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from flux_tui.errors import StoreRefused
from flux_tui.store import bounds
from flux_tui.store.database import Database
from flux_tui.timefmt import to_iso, utc_now

CATALOG_COLUMNS = ("id", "name", "pattern", "modality", "tracking", "load_type", "increment", "aliases", "is_custom",
                   "primary_muscles", "secondary_muscles", "ratio")

_INSERT_CUSTOM = """INSERT INTO exercises (id, name, pattern, modality, tracking, load_type, increment, aliases,
                                          primary_muscles, secondary_muscles, ratio, is_custom, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO NOTHING"""
_CUSTOM_COLUMNS = ("id", "name", "pattern", "modality", "tracking", "load_type", "increment", "aliases",
                   "primary_muscles", "secondary_muscles", "ratio")   # the parameters of _INSERT_CUSTOM


def _muscles_and_ratio(e: Mapping[str, Any]) -> tuple[str, str, float | None]:
    """The muscle lists as JSON text and the ratio, for an exercise row."""
    ratio = e.get("ratio")
    return (json.dumps(list(e.get("primary_muscles", ()))), json.dumps(list(e.get("secondary_muscles", ()))),
            None if ratio is None else float(ratio))


_UPSERT_SHIPPED = """INSERT INTO exercises (id, name, pattern, modality, tracking, load_type, increment, aliases,
                                           primary_muscles, secondary_muscles, ratio, is_custom, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        name = excluded.name, pattern = excluded.pattern, modality = excluded.modality,
                        tracking = excluded.tracking, load_type = excluded.load_type,
                        increment = excluded.increment, aliases = excluded.aliases,
                        primary_muscles = excluded.primary_muscles, secondary_muscles = excluded.secondary_muscles,
                        ratio = excluded.ratio, updated_at = excluded.updated_at, deleted_at = NULL
                    WHERE (exercises.name, exercises.pattern, exercises.modality, exercises.tracking,
                           exercises.load_type, exercises.increment, exercises.aliases, exercises.primary_muscles,
                           exercises.secondary_muscles, exercises.ratio, exercises.deleted_at)
                          IS NOT (excluded.name, excluded.pattern, excluded.modality, excluded.tracking,
                                  excluded.load_type, excluded.increment, excluded.aliases, excluded.primary_muscles,
                                  excluded.secondary_muscles, excluded.ratio, NULL)"""


class Exercises:
    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert_shipped(self, exercises: Iterable[Mapping[str, Any]], conn: Any = None) -> int:
        """Write the shipped catalog; rows already identical are left alone. Returns rows changed.

        `conn`: the caller's open transaction (seed), else one of its own.
        """
        now = to_iso(utc_now())
        rows = [
            (
                e["id"], e["name"], e["pattern"], e.get("modality"), e["tracking"], e["load_type"],
                float(e.get("increment", 0)), json.dumps(list(e.get("aliases", ())), ensure_ascii=False),
                *_muscles_and_ratio(e), now, now,
            )
            for e in exercises
        ]
        if conn is None:
            with self.db.transaction() as tx:
                return tx.executemany(_UPSERT_SHIPPED, rows).rowcount
        return conn.executemany(_UPSERT_SHIPPED, rows).rowcount

    def all(self) -> list[dict[str, Any]]:
        """Every live exercise as a plain dict (the catalog's shape, `aliases` decoded).

        An exercise merged into another is not one of them: its name and aliases are aliases of
        the exercise it was merged into (so an import finds that one by them).
        """
        rows = self.db.rows(f"SELECT {', '.join(CATALOG_COLUMNS)}, merged_into FROM exercises"
                            " WHERE deleted_at IS NULL ORDER BY id")
        merged: dict[str, list[str]] = {}
        for row in rows:
            if row[-1] is not None:
                merged.setdefault(row[-1], []).extend([row[1], *self.db.decode_json(row[7])])
        return [
            {**dict(zip(CATALOG_COLUMNS, row)), "is_custom": bool(row[8]),
             "aliases": list(dict.fromkeys([*self.db.decode_json(row[7]), *merged.get(row[0], ())])),
             "primary_muscles": self.db.decode_json(row[9]), "secondary_muscles": self.db.decode_json(row[10])}
            for row in rows if row[-1] is None
        ]

    def custom_set_counts(self, unassigned_only: bool = True) -> list[tuple[str, str, str, int]]:
        """(id, name, pattern, live sets) of the user's own exercises not merged into another,
        most sets first (then by name); with `unassigned_only` only those without a pattern."""
        return [tuple(r) for r in self.db.rows(
            "SELECT e.id, e.name, e.pattern,"
            " (SELECT count(*) FROM workout_sets s WHERE s.exercise_id = e.id AND s.deleted_at IS NULL) AS sets"
            " FROM exercises e WHERE e.is_custom = 1 AND e.deleted_at IS NULL AND e.merged_into IS NULL"
            " AND (e.pattern = 'unassigned' OR NOT ?) ORDER BY sets DESC, e.name COLLATE NOCASE, e.id",
            (unassigned_only,))]

    def merge(self, exercise_id: str, into: str) -> None:
        """Merge the user's own exercise into a catalog exercise: its sets become that exercise's
        (re-pointed by the triggers of migration 0008) and it takes that exercise's pattern."""
        with self.db.transaction() as conn:
            target = conn.execute("SELECT pattern FROM exercises WHERE id = ? AND is_custom = 0"
                                  " AND deleted_at IS NULL", (into,)).fetchone()
            if target is None:
                raise StoreRefused(f"no catalog exercise with id '{into}' (your own exercises merge into"
                                   " catalog ones)")
            updated = conn.execute(
                "UPDATE exercises SET merged_into = ?, pattern = ?, updated_at = ?"
                " WHERE id = ? AND is_custom = 1 AND deleted_at IS NULL AND merged_into IS NULL",
                (into, target[0], to_iso(utc_now()), exercise_id),
            ).rowcount
        if not updated:
            raise StoreRefused(f"no custom exercise with id '{exercise_id}' left to merge (only your own"
                               " exercises merge, once)")

    def add_custom(self, exercises: Iterable[Mapping[str, Any]], conn: Any = None) -> int:
        """Insert the user's own exercises (ids already chosen by the caller); existing ids are kept.

        `conn`: the caller's open transaction (a bulk import), else one of its own.
        """
        now = to_iso(utc_now())
        rows = [
            (e["id"], e["name"], e.get("pattern", "unassigned"), e.get("modality"), e["tracking"],
             e.get("load_type", "none"), float(e.get("increment", 0)),
             json.dumps(list(e.get("aliases", ())), ensure_ascii=False), *_muscles_and_ratio(e), now, now)
            for e in exercises
        ]
        bounds.check_rows("exercises", _CUSTOM_COLUMNS, rows,
                          lambda row: f"exercise {row[1]!r} refused by the store: ", {"is_custom": 1})
        if conn is None:
            with self.db.transaction() as tx:
                return tx.executemany(_INSERT_CUSTOM, rows).rowcount
        return conn.executemany(_INSERT_CUSTOM, rows).rowcount

    def assign_pattern(self, exercise_id: str, pattern: str) -> None:
        bounds.check("exercises", {"pattern": pattern}, f"pattern for {exercise_id!r} refused by the store: ")
        with self.db.transaction() as conn:
            updated = conn.execute(
                "UPDATE exercises SET pattern = ?, updated_at = ? WHERE id = ? AND is_custom = 1 AND deleted_at IS NULL",
                (pattern, to_iso(utc_now()), exercise_id),
            ).rowcount
        if not updated:
            raise StoreRefused(f"no custom exercise with id '{exercise_id}' (only your own exercises can be reassigned)")

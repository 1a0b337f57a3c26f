"""What sync needs of the store (flux_tui/remote; docs/sync.md): the outbox, the synced rows, the
sync bookkeeping. `flux_tui.remote` reaches the store through this object only (`Training.outbox`).

Rows cross as dicts of their SQLite values; writes of pulled rows switch the
outbox triggers off (`applying_remote`) so they are not queued back.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Mapping, Sequence

from flux_tui.errors import StoreError
from flux_tui.store.config import Configs
from flux_tui.store.database import Database
from flux_tui.store.settings import Settings
from flux_tui.timefmt import to_iso, utc_now

USER_TABLES = ("user_configs", "exercises", "workout_sessions", "workout_sets")
_CHUNK = 900  # ids per IN (...) list: under SQLite's default limit of 999 variables


def _upsert(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns if c != 'id')}")


class Outbox:
    def __init__(self, db: Database, settings: Settings, configs: Configs) -> None:
        self.db = db
        self.settings = settings
        self.configs = configs
        self._columns: dict[str, tuple[str, ...]] = {}

    @property
    def path(self) -> Path:
        return self.db.path

    # --- settings sync keeps (cursors, backoff, rejected rows) --------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self.settings.set(key, value)

    def forget_sync_state(self) -> None:
        self.settings.forget_sync_state()

    def has_config(self) -> bool:
        return self.configs.exists()

    # --- the queue ------------------------------------------------------------------------

    def table_columns(self, table: str) -> tuple[str, ...]:
        if table not in USER_TABLES:
            raise StoreError(f"not a synced table: {table}")
        if table not in self._columns:
            self._columns[table] = tuple(r[1] for r in self.db.rows(f"PRAGMA table_info({table})"))
        return self._columns[table]

    def size(self) -> int:
        return self.db.value("SELECT count(*) FROM outbox")

    def counts(self) -> dict[str, int]:
        return dict(self.db.rows("SELECT table_name, count(*) FROM outbox GROUP BY table_name"))

    def queued_at(self, table: str, row_id: str) -> str | None:
        """When this row's entry was queued (None: not queued)."""
        return self.db.value("SELECT queued_at FROM outbox WHERE table_name = ? AND row_id = ?", (table, row_id))

    def page(self, table: str, after_seq: int, limit: int) -> list[tuple[int, str, str, dict[str, Any] | None]]:
        """Queued entries of one table in queue order: (seq, row_id, queued_at, the row now or None)."""
        columns = self.table_columns(table)
        rows = self.db.rows(
            f"SELECT o.seq, o.row_id, o.queued_at, t.id, {', '.join('t.' + c for c in columns)} FROM outbox o "
            f"LEFT JOIN {table} t ON t.id = o.row_id WHERE +o.table_name = ? AND o.seq > ? ORDER BY o.seq LIMIT ?",
            (table, after_seq, limit),
        )
        # `+o.table_name`: walk the queue by seq (a page costs its size), not the (table, row) index plus a sort
        return [(r[0], r[1], r[2], dict(zip(columns, r[4:])) if r[3] is not None else None) for r in rows]

    def ack(self, table: str, acked: Sequence[tuple[str, str, str | None]], user_id: str | None) -> int:
        """The server has these rows: drop their outbox entries, in one transaction, unless the row changed
        meanwhile (its entry was re-queued with a newer queued_at, or its updated_at moved). acked =
        (row_id, queued_at seen, updated_at pushed). Stamps user_id on the rows. Returns entries dropped."""
        self.table_columns(table)
        with self.db.transaction() as conn:
            conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
            before = conn.total_changes
            conn.executemany(
                f"DELETE FROM outbox WHERE table_name = ? AND row_id = ? AND queued_at = ? AND "
                f"(? IS NULL OR EXISTS (SELECT 1 FROM {table} t WHERE t.id = outbox.row_id AND t.updated_at = ?))",
                [(table, row_id, queued_at, updated_at, updated_at) for row_id, queued_at, updated_at in acked],
            )
            dropped = conn.total_changes - before
            if user_id is not None:
                conn.executemany(f"UPDATE {table} SET user_id = ? WHERE id = ? AND user_id IS NOT ?",
                                 [(user_id, row_id, user_id) for row_id, _, _ in acked])
            conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")
        return dropped

    def attempted(self, table: str, row_ids: Sequence[str]) -> None:
        """Count a failed attempt on these entries (they stay queued)."""
        with self.db.transaction() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE table_name = ? AND row_id = ?",
                             [(table, row_id) for row_id in row_ids])

    # --- synced rows ----------------------------------------------------------------------

    def rows(self, table: str, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Rows of a synced table as dicts of their SQLite values (all of them, or those with `ids`)."""
        columns = self.table_columns(table)
        sql = f"SELECT {', '.join(columns)} FROM {table}"
        if ids is None:
            return [dict(zip(columns, r)) for r in self.db.rows(sql + " ORDER BY id")]
        found: list[dict[str, Any]] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start:start + _CHUNK])
            found += [dict(zip(columns, r)) for r in self.db.rows(
                f"{sql} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)]
        return found

    def apply_remote_rows(self, table: str, rows: Sequence[Mapping[str, Any]],
                          json_columns: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Write rows pulled from the server (already in SQLite form), without queueing them back.

        A row is skipped when identical; kept local when the local row has an unsent edit (it is pushed
        next and reaches the server later: last writer wins) unless the pulled row is a tombstone newer
        than that edit. Returns {"content": ids whose content changed, "stamped": n, "kept_local": n,
        "errors": [(id, message)]}.
        """
        columns = self.table_columns(table)
        ids = [str(r["id"]) for r in rows]
        local = {r["id"]: r for r in self.rows(table, ids)}
        pending: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            pending.update(r[0] for r in self.db.rows(
                f"SELECT row_id FROM outbox WHERE table_name = ? AND row_id IN ({', '.join('?' for _ in chunk)})",
                [table, *chunk]))

        def same(a: Mapping[str, Any], b: Mapping[str, Any], skip: tuple[str, ...]) -> bool:
            for c in columns:
                if c in skip:
                    continue
                x, y = a.get(c), b.get(c)
                if c in json_columns and x is not None and y is not None:
                    x, y = json.loads(x) if isinstance(x, str) else x, json.loads(y) if isinstance(y, str) else y
                if x != y:
                    return False
            return True

        result: dict[str, Any] = {"content": [], "stamped": 0, "kept_local": 0, "errors": []}
        writes: list[Mapping[str, Any]] = []
        unqueue: list[str] = []
        for row in rows:
            mine = local.get(row["id"])
            if mine is not None:
                if same(mine, row, ()):
                    continue
                if row["id"] in pending:
                    tombstone_wins = (row.get("deleted_at") is not None and mine.get("deleted_at") is None
                                      and mine["updated_at"] <= row["deleted_at"])
                    if not tombstone_wins:
                        result["kept_local"] += 1
                        continue
                    unqueue.append(row["id"])
                if same(mine, row, ("updated_at", "user_id")):
                    result["stamped"] += 1
                else:
                    result["content"].append(row["id"])
            else:
                result["content"].append(row["id"])
            writes.append(row)
        if not writes:
            return result
        statement = _upsert(table, columns)
        with self.db.transaction() as conn:
            conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
            try:
                conn.execute("SAVEPOINT batch")
                conn.executemany(statement, [tuple(r.get(c) for c in columns) for r in writes])
                conn.execute("RELEASE batch")
            except sqlite3.IntegrityError:
                conn.execute("ROLLBACK TO batch")
                conn.execute("RELEASE batch")
                for r in writes:  # one by one: a bad row (e.g. an unknown exercise) does not stop the rest
                    try:
                        conn.execute(statement, tuple(r.get(c) for c in columns))
                    except sqlite3.IntegrityError as exc:
                        result["errors"].append((r["id"], str(exc)))
                        if r["id"] in result["content"]:
                            result["content"].remove(r["id"])
            conn.executemany("DELETE FROM outbox WHERE table_name = ? AND row_id = ?", [(table, i) for i in unqueue])
            conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")
        return result

    def live_config_rows(self) -> list[dict[str, Any]]:
        return [r for r in self.rows("user_configs") if r["deleted_at"] is None]

    def adopt_config(self, row: Mapping[str, Any]) -> None:
        """Replace the local Brain row(s) by the server's (first sync of a device whose Brain was never pushed):
        the local default is removed outright (it never reached the server) with its outbox entry."""
        columns = self.table_columns("user_configs")
        with self.db.transaction() as conn:
            conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
            others = [r[0] for r in conn.execute("SELECT id FROM user_configs WHERE id <> ?", (row["id"],))]
            conn.executemany("DELETE FROM outbox WHERE table_name = 'user_configs' AND row_id = ?",
                             [(i,) for i in others])
            conn.executemany("DELETE FROM user_configs WHERE id = ?", [(i,) for i in others])
            conn.execute(_upsert("user_configs", columns), tuple(row.get(c) for c in columns))
            conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")

    def settle_configs(self) -> int:
        """Keep one live Brain: the oldest (the one Configs.load reads); tombstone the others (queued, so the
        server and other devices settle the same way). Returns how many were tombstoned."""
        now = to_iso(utc_now())
        with self.db.transaction() as conn:
            live = conn.execute("SELECT id FROM user_configs WHERE deleted_at IS NULL ORDER BY created_at, id").fetchall()
            extra = [(now, now, r[0]) for r in live[1:]]
            conn.executemany("UPDATE user_configs SET deleted_at = ?, updated_at = ? WHERE id = ?", extra)
        return len(extra)

    def sync_owner(self) -> str | None:
        """The account this store's rows were synced as (None when never synced)."""
        owner = self.get_setting("sync.uid")
        if owner:
            return owner
        for table in USER_TABLES:
            row = self.db.one(f"SELECT user_id FROM {table} WHERE user_id IS NOT NULL LIMIT 1")
            if row:
                return row[0]
        return None

    def has_synced_rows(self, table: str, user_id: str) -> bool:
        """Whether some row of `table` was acknowledged by the server as `user_id`'s (live or tombstone)."""
        self.table_columns(table)
        return self.db.one(f"SELECT 1 FROM {table} WHERE user_id = ? LIMIT 1", (user_id,)) is not None

"""What sync needs of the store (flux_tui/remote; docs/sync.md): the outbox, the synced rows, the
sync bookkeeping. `flux_tui.remote` reaches the store through this object only (`Training.outbox`).

Rows cross as dicts of their SQLite values; writes of pulled rows switch the
outbox triggers off (`applying_remote`) so they are not queued back.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Sequence

from flux_tui.errors import StoreError, StoreRefused
from flux_tui.store.config import Configs
from flux_tui.store.database import Database
from flux_tui.store.settings import Settings
from flux_tui.timefmt import to_iso, utc_now

USER_TABLES = ("user_configs", "exercises", "workout_sessions", "workout_sets", "bodyweights", "exercise_rests")
_CHUNK = 900  # ids per IN (...) list: under SQLite's default limit of 999 variables
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


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

    def ack(self, table: str, acked: Sequence[tuple[str, str, str | None]], user_id: str | None,
            stamps: Mapping[str, str] | None = None) -> int:
        """The server has these rows: drop their outbox entries, in one transaction, unless the row changed
        meanwhile (its entry was re-queued with a newer queued_at, or its updated_at moved). acked =
        (row_id, queued_at seen, updated_at pushed). Stamps user_id on the rows, and `stamps` (id -> the
        server's updated_at, from the upsert's answer) on the rows not edited since, so the local copy
        mirrors the server's without reading it back. Returns entries dropped."""
        self.table_columns(table)
        stamps = stamps or {}
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
            conn.executemany(f"UPDATE {table} SET updated_at = ? WHERE id = ? AND updated_at = ?",
                             [(stamps[row_id], row_id, updated_at) for row_id, _, updated_at in acked
                              if row_id in stamps and updated_at is not None])
            conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")
        return dropped

    def attempted(self, table: str, row_ids: Sequence[str]) -> None:
        """Count a failed attempt on these entries (they stay queued)."""
        with self.db.transaction() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE table_name = ? AND row_id = ?",
                             [(table, row_id) for row_id in row_ids])

    # --- rows the server refused (docs/sync.md, "Refused rows") --------------------------------

    def refuse(self, table: str, row_id: str, queued_at: str, code: str, message: str) -> None:
        """Set a row aside with the server's reason: it is not sent again while this entry is queued."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO refused_rows (table_name, row_id, queued_at, code, message) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, "
                "code = excluded.code, message = excluded.message, refused_at = excluded.refused_at",
                (table, row_id, queued_at, code, message))
            conn.execute("UPDATE outbox SET attempts = attempts + 1 WHERE table_name = ? AND row_id = ?",
                         (table, row_id))

    def set_aside(self, table: str) -> dict[str, str]:
        """Rows of `table` set aside now: row id -> the queued_at refused (the entry still queued)."""
        return dict(self.db.rows(
            "SELECT r.row_id, r.queued_at FROM refused_rows r JOIN outbox o ON o.table_name = r.table_name "
            "AND o.row_id = r.row_id AND o.queued_at = r.queued_at WHERE r.table_name = ?", (table,)))

    def refused_ids(self, table: str) -> set[str]:
        """Rows of `table` refused at some point and not yet resolved (edited since, or still set aside)."""
        return {r[0] for r in self.db.rows("SELECT row_id FROM refused_rows WHERE table_name = ?", (table,))}

    def refused(self) -> list[dict[str, Any]]:
        """Every row set aside, oldest refusal first, with how many queued sets wait for it."""
        rows = self.db.rows(
            "SELECT r.table_name, r.row_id, r.code, r.message, r.refused_at, r.queued_at FROM refused_rows r "
            "JOIN outbox o ON o.table_name = r.table_name AND o.row_id = r.row_id AND o.queued_at = r.queued_at "
            "ORDER BY r.refused_at, r.table_name, r.row_id")
        out = []
        for table, row_id, code, message, refused_at, queued_at in rows:
            column = {"workout_sessions": "session_id", "exercises": "exercise_id"}.get(table)
            waiting = 0 if column is None else self.db.value(
                f"SELECT count(*) FROM outbox o JOIN workout_sets s ON s.id = o.row_id "
                f"WHERE o.table_name = 'workout_sets' AND s.{column} = ?", (row_id,))
            out.append({"table": table, "id": row_id, "code": code, "message": message,
                        "refused_at": refused_at, "queued_at": queued_at, "waiting": waiting})
        return out

    def set_aside_count(self) -> int:
        """Queued entries that no sync sends as things stand: refused rows and the sets waiting for them."""
        return self.db.value(
            "SELECT count(*) FROM outbox o WHERE EXISTS (SELECT 1 FROM refused_rows r WHERE "
            "r.table_name = o.table_name AND r.row_id = o.row_id AND r.queued_at = o.queued_at) "
            "OR (o.table_name = 'workout_sets' AND EXISTS (SELECT 1 FROM workout_sets s JOIN refused_rows r "
            "JOIN outbox p ON p.table_name = r.table_name AND p.row_id = r.row_id AND p.queued_at = r.queued_at "
            "WHERE s.id = o.row_id AND ((r.table_name = 'workout_sessions' AND r.row_id = s.session_id) "
            "OR (r.table_name = 'exercises' AND r.row_id = s.exercise_id))))")

    def retry_refused(self, keys: Sequence[tuple[str, str]] | None = None, code: str | None = None) -> int:
        """Forget refusals (all, those with this code, or these (table, id)): the next sync sends them again."""
        with self.db.transaction() as conn:
            if keys is None:
                return conn.execute("DELETE FROM refused_rows WHERE ? IS NULL OR code = ?", (code, code)).rowcount
            return sum(conn.execute("DELETE FROM refused_rows WHERE table_name = ? AND row_id = ?", key).rowcount
                       for key in keys)

    def prune_refused(self) -> None:
        """Drop refusals whose entry is gone or was re-queued by an edit (sent again: refused anew or not)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM refused_rows WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE "
                         "o.table_name = refused_rows.table_name AND o.row_id = refused_rows.row_id "
                         "AND o.queued_at = refused_rows.queued_at)")

    def find_refused(self, ref: str) -> dict[str, Any]:
        """The set-aside row `ref` names: its id, an unambiguous start of it, or `table/id`."""
        table, _, row_id = ref.rpartition("/") if "/" in ref else ("", "", ref)
        found = [r for r in self.refused() if r["id"].startswith(row_id) and (not table or r["table"] == table)]
        exact = [r for r in found if r["id"] == row_id]
        if len(exact) == 1 or len(found) == 1:
            entry = (exact or found)[0]
            return {**entry, "row": self.rows(entry["table"], [entry["id"]])[0]}
        if not found:
            raise StoreRefused(f"no refused row {ref!r}: `flux-tui refused` lists them")
        raise StoreRefused(f"{ref!r} names {len(found)} refused rows: give more of the id, or table/id")

    def edit_refused(self, table: str, row_id: str, values: Mapping[str, Any]) -> None:
        """Correct a set-aside row and queue it again (the next sync sends it). Every value is checked
        against the server's bounds first, with the whole row: nothing is written if one is out of bounds."""
        from flux_tui.store import bounds

        columns = self.table_columns(table)
        unknown = [c for c in values if c not in columns or c in ("id", "user_id", "created_at", "updated_at")]
        if unknown:
            raise StoreRefused(f"{table} has no field {unknown[0]!r} that can be edited")
        row = {**self.rows(table, [row_id])[0], **values}
        bounds.check(table, row, f"{table} {row_id} still out of bounds: ")
        now = to_iso(utc_now())
        with self.db.transaction() as conn:
            conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in values)}, updated_at = ? WHERE id = ?",
                         (*values.values(), now, row_id))
            conn.execute("DELETE FROM refused_rows WHERE table_name = ? AND row_id = ?", (table, row_id))

    def drop_refused(self, table: str, row_id: str) -> int:
        """Discard a set-aside row here, with the sets of a session: rows never on the server are gone,
        a change to one that is comes back as the server has it at the next sync (its tables are pulled
        again from the start). Returns the rows deleted."""
        with self.db.transaction() as conn:
            if table == "exercises" and conn.execute(
                    "SELECT 1 FROM workout_sets WHERE exercise_id = ? LIMIT 1", (row_id,)).fetchone():
                raise StoreRefused(f"exercise {row_id} has logged sets: fix it (`flux-tui refused fix`) rather "
                                   "than drop it, so no set is lost")
            tables = [table]
            children: list[str] = []
            if table == "exercises":  # its remembered rest goes with it (it names the exercise)
                tables.append("exercise_rests")
                conn.execute("DELETE FROM outbox WHERE table_name = 'exercise_rests' AND row_id = ?", (row_id,))
                conn.execute("DELETE FROM refused_rows WHERE table_name = 'exercise_rests' AND row_id = ?", (row_id,))
                children = [r[0] for r in conn.execute("SELECT id FROM exercise_rests WHERE id = ?", (row_id,))]
                conn.execute("DELETE FROM exercise_rests WHERE id = ?", (row_id,))
            if table == "workout_sessions":
                children = [r[0] for r in conn.execute("SELECT id FROM workout_sets WHERE session_id = ?", (row_id,))]
                tables.append("workout_sets")
                conn.executemany("DELETE FROM outbox WHERE table_name = 'workout_sets' AND row_id = ?",
                                 [(i,) for i in children])
                conn.execute("DELETE FROM refused_rows WHERE table_name = 'workout_sets' AND row_id IN "
                             "(SELECT id FROM workout_sets WHERE session_id = ?)", (row_id,))
                conn.execute("DELETE FROM workout_sets WHERE session_id = ?", (row_id,))
            conn.execute("DELETE FROM outbox WHERE table_name = ? AND row_id = ?", (table, row_id))
            conn.execute("DELETE FROM refused_rows WHERE table_name = ? AND row_id = ?", (table, row_id))
            deleted = conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)).rowcount
            conn.executemany("DELETE FROM settings WHERE key IN (?, ?)",
                             [(f"sync.cursor.{t}", f"sync.fp.{t}") for t in tables])
        return deleted + len(children)

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

    def apply_pull(self, pulled: Sequence[tuple[str, Sequence[Mapping[str, Any]], frozenset[str]]],
                   marks: Mapping[str, Mapping[str, str]], adopt: Mapping[str, Any] | None = None,
                   owner: str | None = None) -> dict[str, dict[str, Any]]:
        """One pull, applied whole: the rows of every table (parents first), the account's Brain adopted
        (`adopt`, after the custom exercises it may name), the tables' cursors (`marks`: table -> settings)
        and the account this store syncs as (`owner`), in ONE transaction, which also derives the state
        from the history it leaves. If it fails, nothing was applied and no cursor moved: the next sync
        reads the same rows again. A table with a row the store refuses keeps its old cursor too.
        Returns apply_remote_rows' result per table."""
        results: dict[str, dict[str, Any]] = {}
        with self.db.transaction():
            for table, rows, json_columns in pulled:
                if table != "exercises" and adopt is not None:
                    self.adopt_config(adopt)
                    adopt = None
                results[table] = self.apply_remote_rows(table, rows, json_columns)
            if adopt is not None:
                self.adopt_config(adopt)
            for table, settings in marks.items():
                if not results.get(table, {}).get("errors"):
                    for key, value in settings.items():
                        self.settings.set(key, value)
            if owner is not None:
                self.settings.set("sync.uid", owner)
        return results

    def fingerprint(self, table: str, user_id: str) -> tuple[int, str | None, Decimal, str | None]:
        """(count, newest updated_at, exact sum of updated_at as epoch seconds, id of the newest) of the
        rows this store holds as `user_id`'s: what the server's sync_cursor() counts, when this store
        mirrors it exactly."""
        from flux_tui.timefmt import from_iso

        self.table_columns(table)
        total, count, newest = Decimal(0), 0, None
        for updated_at, row_id in self.db.stream(
                f"SELECT updated_at, id FROM {table} WHERE user_id = ? ORDER BY updated_at, id", (user_id,)):
            delta = from_iso(updated_at) - _EPOCH
            total += Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / 1_000_000
            count, newest = count + 1, (updated_at, row_id)
        return count, newest[0] if newest else None, total, newest[1] if newest else None

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

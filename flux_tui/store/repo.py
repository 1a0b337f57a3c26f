"""Queries over the local store. Every method that changes data commits before it returns."""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from flux_tui.engine.history import NO_METADATA, LoggedSet, SessionRecord
from flux_tui.store import db
from flux_tui.store.errors import StoreError
from flux_tui.store.timefmt import from_iso, to_iso, utc_now

USER_TABLES = ("user_configs", "exercises", "workout_sessions", "workout_sets")
CATALOG_COLUMNS = ("id", "name", "pattern", "modality", "tracking", "load_type", "increment", "aliases", "is_custom")
SET_COLUMNS = (
    "id, session_id, exercise_id, set_index, weight, reps, seconds, distance, rpe, is_warmup, metadata, logged_at"
)


def new_id() -> str:
    import uuid  # a few ms at import; only writers need it

    return str(uuid.uuid4())


@dataclass(frozen=True)
class StoredConfig:
    """The stored Brain (its version and four sections) and the engine's state, as JSON data."""

    brain_version: int
    sections: dict[str, Any]  # logic, selections, sessions, conditioning
    state: dict[str, Any]


@dataclass(frozen=True)
class SessionRow:
    """A session as the history list shows it: no sets, just their tallies."""

    id: str
    started_at: datetime
    completed_at: datetime | None
    archetype: str
    anchor_pattern: str | None
    status: str
    notes: str
    set_count: int
    volume_kg: float


@dataclass(frozen=True)
class ImportCounts:
    """What an import added."""

    sessions_added: int
    sets_added: int
    exercises_added: int


def _set_from_row(row: Sequence[Any]) -> LoggedSet:
    return LoggedSet(
        id=row[0],
        exercise_id=row[2],
        set_index=row[3],
        weight=row[4],
        reps=row[5],
        seconds=row[6],
        distance=row[7],
        rpe=row[8],
        is_warmup=bool(row[9]),
        metadata=json.loads(row[10]) if row[10] != "{}" else {},
        logged_at=from_iso(row[11]),
    )


def _session_from_row(row: Sequence[Any], sets: tuple[LoggedSet, ...]) -> SessionRecord:
    return SessionRecord(
        id=row[0],
        started_at=from_iso(row[1]),
        completed_at=from_iso(row[2]) if row[2] else None,
        archetype=row[3],
        anchor_pattern=row[4],
        status=row[5],
        notes=row[6],
        sets=sets,
    )


SESSION_COLUMNS = "id, started_at, completed_at, archetype, anchor_pattern, status, notes"


# Tables a bulk import adds rows to, in the order their outbox entries are queued (parents first).
_IMPORTED_TABLES = ("exercises", "workout_sessions", "workout_sets")
# Page cache of a bulk import (KiB, negative as PRAGMA cache_size takes it): its index pages stay in
# memory instead of spilling to the WAL mid-transaction. Memory only; durability is unchanged.
_BULK_CACHE_KIB = 65536


# Values whose equal ones always encode the same (with their type: 1 and True are equal keys);
# not floats, as 0.0 == -0.0.
_SCALARS = frozenset({str, int, bool, type(None)})


def _metadata_encoder() -> Callable[[Mapping[str, Any]], str]:
    """The metadata column's text of a set (JSON, sorted keys), for many sets in a row.

    Imported sets repeat a few metadata shapes ({"original_name": …, "weight_unit": "kg"}):
    each distinct one is encoded once. (json.dumps with keyword arguments would also build
    a new encoder for every call.)
    """
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    seen: dict[tuple, str] = {}

    def text(metadata: Mapping[str, Any]) -> str:
        types = tuple(map(type, metadata.values()))
        if not _SCALARS.issuperset(types):  # a float, a list of rounds …: encoded as it comes
            return encode(dict(metadata))
        key = (tuple(metadata.items()), types)
        found = seen.get(key)
        if found is None:
            found = seen[key] = encode(dict(metadata))
        return found

    return text


@contextmanager
def _bulk_cache(conn: sqlite3.Connection) -> Iterator[None]:
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def _lifted(conn: sqlite3.Connection, table: str, indexes: bool = False) -> Iterator[None]:
    """For the body of a bulk insert, take `table`'s outbox insert trigger off (and with `indexes`
    its secondary indexes too); create them again after it, from their definitions in the schema.

    The trigger queues one outbox entry per row and checks the applying_remote switch first, ~5 µs
    a row even when switched off: the caller queues its rows itself, in one statement. An index is
    built from sorted rows at a fraction of the cost of keeping it up to date row by row (100k sets:
    ~0.2 s against ~1.3 s), which pays off for an insert larger than the table. Schema changes are
    transactional in SQLite: inside the caller's transaction, a failure or a crash brings them back
    with everything else.
    """
    lifted = conn.execute(
        "SELECT name, sql, type FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"
        " AND ((type = 'trigger' AND name = ?) OR (type = 'index' AND ?)) ORDER BY type, name",
        (table, f"{table}_outbox_insert", indexes),
    ).fetchall()
    for name, _, kind in lifted:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    yield
    for _, sql, _ in lifted:
        conn.execute(sql)


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        # One connection is shared by the UI's worker threads; a write
        # transaction must not interleave with another thread's statements.
        self.lock = threading.RLock()
        # No WAL checkpoint on the commit of a logged set: SQLite's default (every 1,000 pages,
        # ~every 90 sets) made one commit in ~90 wait ~7 ms while the WAL was copied back. The
        # store checkpoints when a session ends, after an import, and on close; this high bound is
        # only a backstop for a writer that never ends a session.
        conn.execute("PRAGMA wal_autocheckpoint=10000")

    def checkpoint(self) -> None:
        """Copy the WAL back into the store file now (PASSIVE: never waits for readers).

        Best effort, after a commit: housekeeping that fails (a transaction still open, the
        disk busy) is left to the next checkpoint and never fails the write that came before.
        """
        with self.lock:
            if self.conn.in_transaction:
                return
            try:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass

    @classmethod
    def open(cls, path: Path) -> "Store":
        return cls(db.connect(path), path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock, db.transaction(self.conn) as conn:
            yield conn

    # --- catalog -------------------------------------------------------------

    def upsert_catalog(self, exercises: Iterable[Mapping[str, Any]]) -> int:
        """Write the shipped catalog; rows already identical are left alone. Returns rows changed."""
        now = to_iso(utc_now())
        rows = [
            (
                e["id"], e["name"], e["pattern"], e.get("modality"), e["tracking"], e["load_type"],
                float(e.get("increment", 0)), json.dumps(list(e.get("aliases", ())), ensure_ascii=False), now, now,
            )
            for e in exercises
        ]
        with self.transaction() as conn:
            return conn.executemany(
                """INSERT INTO exercises (id, name, pattern, modality, tracking, load_type, increment, aliases,
                                          is_custom, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                       name = excluded.name, pattern = excluded.pattern, modality = excluded.modality,
                       tracking = excluded.tracking, load_type = excluded.load_type,
                       increment = excluded.increment, aliases = excluded.aliases,
                       updated_at = excluded.updated_at, deleted_at = NULL
                   WHERE (exercises.name, exercises.pattern, exercises.modality, exercises.tracking,
                          exercises.load_type, exercises.increment, exercises.aliases, exercises.deleted_at)
                         IS NOT (excluded.name, excluded.pattern, excluded.modality, excluded.tracking,
                                 excluded.load_type, excluded.increment, excluded.aliases, NULL)""",
                rows,
            ).rowcount

    def exercises(self) -> list[dict[str, Any]]:
        """Every live exercise as a plain dict (the catalog's shape, `aliases` decoded)."""
        cursor = self.conn.execute(
            f"SELECT {', '.join(CATALOG_COLUMNS)} FROM exercises WHERE deleted_at IS NULL ORDER BY id"
        )
        return [
            {**dict(zip(CATALOG_COLUMNS, row)), "aliases": json.loads(row[7]), "is_custom": bool(row[8])}
            for row in cursor
        ]

    def add_custom_exercises(self, exercises: Iterable[Mapping[str, Any]], conn: sqlite3.Connection | None = None) -> int:
        """Insert the user's own exercises (ids already chosen by the caller); existing ids are kept."""
        now = to_iso(utc_now())
        rows = [
            (e["id"], e["name"], e.get("pattern", "unassigned"), e.get("modality"), e["tracking"],
             e.get("load_type", "none"), float(e.get("increment", 0)),
             json.dumps(list(e.get("aliases", ())), ensure_ascii=False), now, now)
            for e in exercises
        ]
        statement = """INSERT INTO exercises (id, name, pattern, modality, tracking, load_type, increment, aliases,
                                              is_custom, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO NOTHING"""
        if conn is None:
            with self.transaction() as tx:
                return tx.executemany(statement, rows).rowcount
        return conn.executemany(statement, rows).rowcount

    def assign_pattern(self, exercise_id: str, pattern: str) -> None:
        with self.transaction() as conn:
            updated = conn.execute(
                "UPDATE exercises SET pattern = ?, updated_at = ? WHERE id = ? AND is_custom = 1 AND deleted_at IS NULL",
                (pattern, to_iso(utc_now()), exercise_id),
            ).rowcount
        if not updated:
            raise StoreError(f"no custom exercise with id '{exercise_id}' (only your own exercises can be reassigned)")

    # --- the Brain and its state --------------------------------------------

    def load_config(self) -> StoredConfig | None:
        row = self.conn.execute(
            "SELECT brain_version, logic, selections, sessions, conditioning, state FROM user_configs "
            "WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        sections = {
            "logic": json.loads(row[1]),
            "selections": json.loads(row[2]),
            "sessions": json.loads(row[3]),
            "conditioning": json.loads(row[4]),
        }
        return StoredConfig(brain_version=row[0], sections=sections, state=json.loads(row[5]))

    def save_config(self, brain_version: int, sections: Mapping[str, Any], state: Mapping[str, Any]) -> bool:
        """Store the Brain and its state; returns False when both were already exactly that."""
        encoded = [json.dumps(sections[key], sort_keys=True) for key in ("logic", "selections", "sessions", "conditioning")]
        state_json = json.dumps(state, sort_keys=True)
        now = to_iso(utc_now())
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id, brain_version, logic, selections, sessions, conditioning, state FROM user_configs "
                "WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
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
        statement = (
            "UPDATE user_configs SET state = ?, updated_at = ? WHERE deleted_at IS NULL "
            "AND id = (SELECT id FROM user_configs WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)"
        )
        params = (json.dumps(state, sort_keys=True), to_iso(utc_now()))
        if conn is None:
            with self.transaction() as tx:
                tx.execute(statement, params)
        else:
            conn.execute(statement, params)

    # --- sessions and sets ----------------------------------------------------

    def start_session(self, archetype: str, anchor_pattern: str | None, plan: Mapping[str, Any] | None,
                      started_at: datetime) -> str:
        session_id = new_id()
        now = to_iso(utc_now())
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM workout_sessions WHERE status = 'active' AND deleted_at IS NULL").fetchone():
                raise StoreError("a session is already active: finish or abandon it first")
            conn.execute(
                "INSERT INTO workout_sessions (id, archetype, anchor_pattern, status, started_at, plan, created_at,"
                " updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?)",
                (session_id, archetype, anchor_pattern, to_iso(started_at),
                 json.dumps(plan) if plan is not None else None, now, now),
            )
        return session_id

    def active_session(self) -> tuple[SessionRecord, dict[str, Any] | None] | None:
        """The session left active (if any) with every live set, and the plan it started from."""
        row = self.conn.execute(
            f"SELECT {SESSION_COLUMNS}, plan FROM workout_sessions WHERE status = 'active' AND deleted_at IS NULL "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        plan = json.loads(row[7]) if row[7] else None
        return _session_from_row(row, self.session_sets(row[0])), plan

    def session(self, session_id: str) -> SessionRecord | None:
        row = self.conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE id = ? AND deleted_at IS NULL", (session_id,)
        ).fetchone()
        return _session_from_row(row, self.session_sets(session_id)) if row else None

    def session_sets(self, session_id: str) -> tuple[LoggedSet, ...]:
        cursor = self.conn.execute(
            f"SELECT {SET_COLUMNS} FROM workout_sets WHERE session_id = ? AND deleted_at IS NULL ORDER BY set_index",
            (session_id,),
        )
        return tuple(_set_from_row(row) for row in cursor)

    def log_set(self, session_id: str, exercise_id: str, *, weight: float | None = None, reps: int | None = None,
                seconds: float | None = None, distance: float | None = None, rpe: float | None = None,
                is_warmup: bool = False, metadata: Mapping[str, Any] | None = None,
                logged_at: datetime | None = None) -> LoggedSet:
        """Commit one set; when this returns, the set is on disk."""
        logged_at = logged_at or utc_now()
        set_id = new_id()
        stamp = to_iso(logged_at)
        now = to_iso(utc_now())
        meta = dict(metadata or {})
        try:
            with self.transaction() as conn:
                status = conn.execute(
                    "SELECT status FROM workout_sessions WHERE id = ? AND deleted_at IS NULL", (session_id,)
                ).fetchone()
                if status is None or status[0] != "active":
                    raise StoreError(f"session {session_id} is not active; the set was not logged")
                set_index = conn.execute(
                    "SELECT coalesce(max(set_index) + 1, 0) FROM workout_sets WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
                conn.execute(
                    f"INSERT INTO workout_sets ({SET_COLUMNS}, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (set_id, session_id, exercise_id, set_index, weight, reps, seconds, distance, rpe,
                     int(is_warmup), json.dumps(meta, sort_keys=True), stamp, now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"set refused by the store: {exc}") from exc
        return LoggedSet(id=set_id, exercise_id=exercise_id, set_index=set_index, weight=weight, reps=reps,
                         seconds=seconds, distance=distance, rpe=rpe, is_warmup=is_warmup, metadata=meta,
                         logged_at=from_iso(stamp))

    def delete_set(self, set_id: str) -> None:
        self._set_deleted(set_id, to_iso(utc_now()))

    def undelete_set(self, set_id: str) -> None:
        self._set_deleted(set_id, None)

    def _set_deleted(self, set_id: str, deleted_at: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE workout_sets SET deleted_at = ?, updated_at = ? WHERE id = ?",
                (deleted_at, to_iso(utc_now()), set_id),
            )

    def set_notes(self, session_id: str, notes: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET notes = ?, updated_at = ? WHERE id = ?",
                (notes, to_iso(utc_now()), session_id),
            )

    def finish_session(self, session_id: str, completed_at: datetime, state: Mapping[str, Any]) -> None:
        """Mark the session completed and store the state the engine computed, atomically."""
        with self.transaction() as conn:
            updated = conn.execute(
                "UPDATE workout_sessions SET status = 'completed', completed_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'active'",
                (to_iso(completed_at), to_iso(utc_now()), session_id),
            ).rowcount
            if not updated:
                raise StoreError(f"session {session_id} is not active; nothing was finished")
            self.save_state(state, conn)
        self.checkpoint()

    def abandon_session(self, session_id: str, at: datetime) -> None:
        """Close a session without counting it; its sets stay in history."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET status = 'abandoned', completed_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'active'",
                (to_iso(at), to_iso(utc_now()), session_id),
            )
        self.checkpoint()

    def completed_sessions(self) -> Iterator[SessionRecord]:
        """Every completed session with its live sets, oldest first: what the state is a fold over.

        Read-only records, built for a fold over the whole history (~100k sets after an import):
        sets whose metadata text is the same share one read-only mapping of it, and sets logged
        at the same moment one datetime, so each distinct text is decoded once.
        """
        sessions = self.conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE status = 'completed' AND deleted_at IS NULL "
            "ORDER BY completed_at, id"
        ).fetchall()
        sets_by_session: dict[str, list[LoggedSet]] = {}
        metadata: dict[str, Mapping[str, Any]] = {"{}": NO_METADATA}
        moments: dict[str, datetime] = {}
        cursor = self.conn.execute(
            f"SELECT {SET_COLUMNS} FROM workout_sets WHERE deleted_at IS NULL AND session_id IN "
            "(SELECT id FROM workout_sessions WHERE status = 'completed' AND deleted_at IS NULL) "
            "ORDER BY session_id, set_index"
        )
        current_id, current = None, []
        for row in cursor:
            if row[1] != current_id:
                current_id, current = row[1], sets_by_session.setdefault(row[1], [])
            meta = metadata.get(row[10])
            if meta is None:
                meta = metadata[row[10]] = MappingProxyType(json.loads(row[10]))
            at = moments.get(row[11])
            if at is None:
                at = moments[row[11]] = from_iso(row[11])
            current.append(LoggedSet(row[0], row[2], row[3], row[4], row[5], row[6], row[7], row[8], bool(row[9]),
                                     meta, at))
        for row in sessions:
            yield _session_from_row(row, tuple(sets_by_session.get(row[0], ())))

    def all_sessions(self) -> Iterator[SessionRecord]:
        """Every live session of any status with its sets, oldest first (export)."""
        sessions = self.conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE deleted_at IS NULL ORDER BY started_at, id"
        ).fetchall()
        sets_by_session: dict[str, list[LoggedSet]] = {}
        for row in self.conn.execute(
            f"SELECT {SET_COLUMNS} FROM workout_sets WHERE deleted_at IS NULL ORDER BY session_id, set_index"
        ):
            sets_by_session.setdefault(row[1], []).append(_set_from_row(row))
        for row in sessions:
            yield _session_from_row(row, tuple(sets_by_session.get(row[0], ())))

    def last_completed_session(self) -> SessionRow | None:
        page = self.sessions_page(limit=1, statuses=("completed",))
        return page[0] if page else None

    def sessions_page(self, limit: int, before: tuple[str, str] | None = None, exercise_id: str | None = None,
                      statuses: Sequence[str] = ("completed", "abandoned"), offset: int = 0) -> list[SessionRow]:
        """A page of sessions, newest first: by keyset (`before` = (started_at iso, id) of the last row
        shown), or by `offset` for a virtual view that jumps. Cost follows the page, not the history.
        """
        clauses = ["s.deleted_at IS NULL", f"s.status IN ({', '.join('?' for _ in statuses)})"]
        params: list[Any] = list(statuses)
        if before is not None:
            clauses.append("(s.started_at, s.id) < (?, ?)")
            params.extend(before)
        if exercise_id is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM workout_sets x WHERE x.session_id = s.id AND x.exercise_id = ? AND x.deleted_at IS NULL)"
            )
            params.append(exercise_id)
        params.extend((limit, offset))
        # The page is chosen first, then only its rows are tallied: with the tallies in the outer
        # SELECT of a sorted query, SQLite computed them for every session before sorting.
        rows = self.conn.execute(
            f"""SELECT s.id, s.started_at, s.completed_at, s.archetype, s.anchor_pattern, s.status, s.notes,
                       (SELECT count(*) FROM workout_sets w WHERE w.session_id = s.id AND w.deleted_at IS NULL),
                       (SELECT coalesce(sum(w.weight * w.reps), 0) FROM workout_sets w
                         WHERE w.session_id = s.id AND w.deleted_at IS NULL AND w.is_warmup = 0)
                FROM (SELECT * FROM workout_sessions s WHERE {' AND '.join(clauses)}
                      ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?) s
                ORDER BY s.started_at DESC, s.id DESC""",
            params,
        ).fetchall()
        return [
            SessionRow(id=r[0], started_at=from_iso(r[1]), completed_at=from_iso(r[2]) if r[2] else None,
                       archetype=r[3], anchor_pattern=r[4], status=r[5], notes=r[6], set_count=r[7],
                       volume_kg=float(r[8]))
            for r in rows
        ]

    def count_sessions(self, statuses: Sequence[str] = ("completed", "abandoned"), exercise_id: str | None = None) -> int:
        sql = (f"SELECT count(*) FROM workout_sessions s WHERE s.deleted_at IS NULL "
               f"AND s.status IN ({', '.join('?' for _ in statuses)})")
        params: list[Any] = list(statuses)
        if exercise_id is not None:
            sql += (" AND EXISTS (SELECT 1 FROM workout_sets x WHERE x.session_id = s.id AND x.exercise_id = ?"
                    " AND x.deleted_at IS NULL)")
            params.append(exercise_id)
        return self.conn.execute(sql, params).fetchone()[0]

    def exercise_sets(self, exercise_id: str, limit: int, offset: int = 0) -> list[tuple[datetime, LoggedSet]]:
        """One exercise's sets, newest first, with the start of the session each belongs to."""
        rows = self.conn.execute(
            f"""SELECT s.started_at, {', '.join('w.' + c.strip() for c in SET_COLUMNS.split(','))}
                FROM workout_sets w JOIN workout_sessions s ON s.id = w.session_id
                WHERE w.exercise_id = ? AND w.deleted_at IS NULL AND s.deleted_at IS NULL
                ORDER BY w.logged_at DESC, w.id DESC LIMIT ? OFFSET ?""",
            (exercise_id, limit, offset),
        ).fetchall()
        return [(from_iso(r[0]), _set_from_row(r[1:])) for r in rows]

    def count_exercise_sets(self, exercise_id: str) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL", (exercise_id,)
        ).fetchone()[0]

    def count_sets(self) -> int:
        return self.conn.execute("SELECT count(*) FROM workout_sets WHERE deleted_at IS NULL").fetchone()[0]

    # --- bulk --------------------------------------------------------------------

    def import_sessions(self, sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]] = (),
                        source: str = "flux") -> ImportCounts:
        """Insert sessions and sets whose ids are not yet in the store (so the same file twice adds nothing).

        All or nothing: one transaction, which also queues every row it added in the outbox.
        """
        now = to_iso(utc_now())
        encode = _metadata_encoder()
        session_rows = []
        set_rows = []
        for record in sessions:
            started_at = record.started_at
            started = to_iso(started_at)
            session_rows.append((
                record.id, record.archetype, record.anchor_pattern, record.status, started,
                to_iso(record.completed_at) if record.completed_at else None, record.notes, source, now, now,
            ))
            session_id = record.id
            for logged in record.sets:
                metadata = logged.metadata
                logged_at = logged.logged_at
                set_rows.append((
                    logged.id, session_id, logged.exercise_id, logged.set_index, logged.weight, logged.reps,
                    logged.seconds, logged.distance, logged.rpe, int(logged.is_warmup),
                    encode(metadata) if metadata else "{}",
                    started if logged_at is None or logged_at is started_at else to_iso(logged_at), now, now,
                ))
        try:
            with self.lock, _bulk_cache(self.conn), self.transaction() as conn:
                # A new row's rowid is above every rowid present when the transaction began (SQLite
                # allocates max(rowid) + 1): the rows this import adds are those above these marks.
                marks = {table: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
                         for table in _IMPORTED_TABLES}
                with _lifted(conn, "exercises"), _lifted(conn, "workout_sessions"), \
                        _lifted(conn, "workout_sets", indexes=len(set_rows) > marks["workout_sets"]):
                    exercises_added = self.add_custom_exercises(custom_exercises, conn)
                    sessions_added = conn.executemany(
                        "INSERT INTO workout_sessions (id, archetype, anchor_pattern, status, started_at,"
                        " completed_at, notes, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (id) DO NOTHING",
                        session_rows,
                    ).rowcount
                    sets_added = conn.executemany(
                        f"INSERT INTO workout_sets ({SET_COLUMNS}, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        set_rows,
                    ).rowcount
                # What the insert triggers would have queued, in one statement per table (in id order:
                # the outbox's unique index on (table_name, row_id) then grows at its end).
                for table, mark in marks.items():
                    custom_only = " AND is_custom = 1" if table == "exercises" else ""
                    conn.execute(
                        f"INSERT INTO outbox (table_name, row_id) SELECT ?, id FROM {table}"
                        f" WHERE rowid > ?{custom_only} ORDER BY id"
                        " ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0",
                        (table, mark),
                    )
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"import refused by the store, nothing was imported: {exc}") from exc
        self.checkpoint()
        return ImportCounts(sessions_added, sets_added, exercises_added)

    def reset(self) -> None:
        """The clean slate: history, configs, catalog and the outbox."""
        with self.transaction() as conn:
            for table in ("workout_sets", "workout_sessions", "user_configs", "exercises", "outbox"):
                conn.execute(f"DELETE FROM {table}")

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def custom_namespace(self) -> str:
        """This store's own UUID namespace for naming custom exercises (created on first use).

        Custom ids must be unique across users on the server, yet the same
        imported name must give the same id here every time.
        """
        existing = self.get_setting("custom_namespace")
        if existing is None:
            existing = new_id()
            with self.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('custom_namespace', ?)", (existing,))
            existing = self.get_setting("custom_namespace")
        return existing

    def weight_unit(self) -> str:
        """The user's unit for showing and typing weights ('kg' or 'lb'); the store always keeps kg."""
        return self.get_setting("unit", "kg")

    def outbox_size(self) -> int:
        return self.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    # --- history views ------------------------------------------------------------
    # The history screens fetch one page at a time while they render. These queries
    # walk the partial indexes of migration 0002 (their WHERE clauses must match
    # HISTORY_SESSIONS / the sets' `deleted_at IS NULL` exactly), so a page costs
    # about the same at offset 0 and at the end of a million-set history.

    HISTORY_SESSIONS = "deleted_at IS NULL AND status IN ('completed', 'abandoned')"

    def count_history_sessions(self) -> int:
        """Completed and abandoned sessions: the rows of the history list."""
        return self.conn.execute(
            f"SELECT count(*) FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {self.HISTORY_SESSIONS}"
        ).fetchone()[0]

    def history_sessions(self, limit: int, offset: int = 0, total: int | None = None) -> list[SessionRow]:
        """A page of the history list, newest first; the offset is skipped inside the index.

        Given the `total` row count, a page in the older half is read from the
        oldest end instead, so the skipped stretch is never more than half the list.
        """
        order, params = "DESC", (limit, offset)
        if total is not None and offset > total // 2:
            limit = max(0, min(limit, total - offset))
            order, params = "ASC", (limit, max(0, total - offset - limit))
        ids = [row[0] for row in self.conn.execute(
            f"SELECT id FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {self.HISTORY_SESSIONS}"
            f" ORDER BY started_at {order}, id {order} LIMIT ? OFFSET ?",
            params,
        )]
        if order == "ASC":
            ids.reverse()
        return self.history_sessions_by_ids(ids)

    def history_sessions_by_ids(self, ids: Sequence[str]) -> list[SessionRow]:
        """These sessions with their set count and working volume (kg), in the order given."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        tallies = {
            row[0]: (row[1], float(row[2]))
            for row in self.conn.execute(
                f"""SELECT session_id, count(*), coalesce(sum(CASE WHEN is_warmup = 0 THEN weight * reps END), 0)
                    FROM workout_sets WHERE session_id IN ({marks}) AND deleted_at IS NULL GROUP BY session_id""",
                list(ids),
            )
        }
        rows = {
            r[0]: SessionRow(id=r[0], started_at=from_iso(r[1]), completed_at=from_iso(r[2]) if r[2] else None,
                             archetype=r[3], anchor_pattern=r[4], status=r[5], notes=r[6],
                             set_count=tallies.get(r[0], (0, 0.0))[0], volume_kg=tallies.get(r[0], (0, 0.0))[1])
            for r in self.conn.execute(f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE id IN ({marks})", list(ids))
        }
        return [rows[i] for i in ids if i in rows]

    def history_session_ids(self, exercise_id: str) -> list[str]:
        """Ids of the history list's sessions holding a live set of this exercise, newest first.

        One pass over the exercise's sets (its index), not over the history: the
        filtered list pages through these ids.
        """
        return [row[0] for row in self.conn.execute(
            f"""SELECT s.id FROM workout_sessions s INDEXED BY workout_sessions_history_idx
                WHERE s.{self.HISTORY_SESSIONS.replace(' status', ' s.status')}
                  AND s.id IN (SELECT session_id FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL)
                ORDER BY s.started_at DESC, s.id DESC""",
            (exercise_id,),
        )]

    def exercise_history_sets(self, exercise_id: str, limit: int, offset: int = 0,
                              total: int | None = None) -> list[tuple[datetime, LoggedSet]]:
        """A page of one exercise's live sets, newest first, with their session's start (as `exercise_sets`,
        but the offset is skipped inside the index; `total` as in `history_sessions`)."""
        order, params = "DESC", (exercise_id, limit, offset)
        if total is not None and offset > total // 2:
            limit = max(0, min(limit, total - offset))
            order, params = "ASC", (exercise_id, limit, max(0, total - offset - limit))
        ids = [row[0] for row in self.conn.execute(
            "SELECT id FROM workout_sets INDEXED BY workout_sets_exercise_history_idx"
            f" WHERE exercise_id = ? AND deleted_at IS NULL ORDER BY logged_at {order}, id {order} LIMIT ? OFFSET ?",
            params,
        )]
        if order == "ASC":
            ids.reverse()
        if not ids:
            return []
        columns = ", ".join("w." + c.strip() for c in SET_COLUMNS.split(","))
        found = {
            r[1]: (from_iso(r[0]), _set_from_row(r[1:]))
            for r in self.conn.execute(
                f"SELECT s.started_at, {columns} FROM workout_sets w JOIN workout_sessions s ON s.id = w.session_id"
                f" WHERE w.id IN ({', '.join('?' for _ in ids)})",
                ids,
            )
        }
        return [found[i] for i in ids if i in found]

    def exercise_working_sets(self, exercise_id: str) -> list[tuple[str, datetime, float, int]]:
        """(session id, session start, weight kg, reps): for each completed session and rep count, the
        heaviest working set of this exercise, oldest session first. Enough for the best e1RM per session
        (an estimate grows with the weight at equal reps), in a third of the rows of every set."""
        rows = self.conn.execute(
            """SELECT s.id, s.started_at, g.weight, g.reps
               FROM (SELECT session_id, reps, max(weight) AS weight FROM workout_sets
                     WHERE exercise_id = ? AND deleted_at IS NULL AND is_warmup = 0 AND weight > 0 AND reps >= 1
                     GROUP BY session_id, reps) g
               JOIN workout_sessions s ON s.id = g.session_id
               WHERE s.deleted_at IS NULL AND s.status = 'completed'
               ORDER BY s.started_at, s.id""",
            (exercise_id,),
        ).fetchall()
        return [(r[0], from_iso(r[1]), float(r[2]), int(r[3])) for r in rows]

    def prior_working_sets(self, exercise_id: str, before: datetime) -> list[tuple[float, int]]:
        """Distinct (weight kg, reps) of this exercise's working sets logged before `before`: enough to know
        the best e1RM so far."""
        return [(float(r[0]), int(r[1])) for r in self.conn.execute(
            """SELECT DISTINCT weight, reps FROM workout_sets
               WHERE exercise_id = ? AND logged_at < ? AND deleted_at IS NULL AND is_warmup = 0
                 AND weight > 0 AND reps >= 1""",
            (exercise_id, to_iso(before)),
        )]

    def weekly_pattern_sets(self, since: datetime) -> list[tuple[str, str, int]]:
        """(Monday of the week as YYYY-MM-DD, pattern, working sets) for completed sessions started at or
        after `since` (UTC weeks), conditioning left out. Walks sessions from `since` by the start index
        (CROSS JOIN fixes that order), so the cost follows the weeks asked for, not the history."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            """SELECT date(s.started_at, '-6 days', 'weekday 1') AS week, e.pattern, count(*)
               FROM workout_sessions s INDEXED BY workout_sessions_started_idx
               CROSS JOIN workout_sets w ON w.session_id = s.id
               CROSS JOIN exercises e ON e.id = w.exercise_id
               WHERE s.started_at >= ? AND s.deleted_at IS NULL AND s.status = 'completed'
                 AND w.deleted_at IS NULL AND w.is_warmup = 0 AND e.pattern != 'conditioning'
               GROUP BY week, e.pattern ORDER BY week, e.pattern""",
            (to_iso(since),),
        )]

    # --- sync (flux_tui/remote; docs/sync.md) --------------------------------------

    def table_columns(self, table: str) -> tuple[str, ...]:
        if table not in USER_TABLES:
            raise StoreError(f"not a synced table: {table}")
        cache = self.__dict__.setdefault("_columns_cache", {})
        if table not in cache:
            cache[table] = tuple(r[1] for r in self.conn.execute(f"PRAGMA table_info({table})"))
        return cache[table]

    def outbox_page(self, table: str, after_seq: int, limit: int) -> list[tuple[int, str, str, dict[str, Any] | None]]:
        """Queued entries of one table in queue order: (seq, row_id, queued_at, the row now or None)."""
        columns = self.table_columns(table)
        rows = self.conn.execute(
            f"SELECT o.seq, o.row_id, o.queued_at, t.id, {', '.join('t.' + c for c in columns)} FROM outbox o "
            f"LEFT JOIN {table} t ON t.id = o.row_id WHERE +o.table_name = ? AND o.seq > ? ORDER BY o.seq LIMIT ?",
            (table, after_seq, limit),
        ).fetchall()
        # `+o.table_name`: walk the queue by seq (a page costs its size), not the (table, row) index plus a sort
        return [(r[0], r[1], r[2], dict(zip(columns, r[4:])) if r[3] is not None else None) for r in rows]

    def outbox_ack(self, table: str, acked: Sequence[tuple[str, str, str | None]], user_id: str | None) -> int:
        """The server has these rows: drop their outbox entries, in one transaction, unless the row changed
        meanwhile (its entry was re-queued with a newer queued_at, or its updated_at moved). acked =
        (row_id, queued_at seen, updated_at pushed). Stamps user_id on the rows. Returns entries dropped."""
        self.table_columns(table)
        with self.transaction() as conn:
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

    def outbox_attempted(self, table: str, row_ids: Sequence[str]) -> None:
        """Count a failed attempt on these entries (they stay queued)."""
        with self.transaction() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE table_name = ? AND row_id = ?",
                             [(table, row_id) for row_id in row_ids])

    def outbox_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT table_name, count(*) FROM outbox GROUP BY table_name").fetchall())

    def sync_rows(self, table: str, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Rows of a synced table as dicts of their SQLite values (all of them, or those with `ids`)."""
        columns = self.table_columns(table)
        sql = f"SELECT {', '.join(columns)} FROM {table}"
        if ids is None:
            return [dict(zip(columns, r)) for r in self.conn.execute(sql + " ORDER BY id")]
        found: list[dict[str, Any]] = []
        for start in range(0, len(ids), 900):
            chunk = list(ids[start:start + 900])
            found += [dict(zip(columns, r)) for r in self.conn.execute(
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
        local = {r["id"]: r for r in self.sync_rows(table, ids)}
        pending: set[str] = set()
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            pending.update(r[0] for r in self.conn.execute(
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
        statement = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns if c != 'id')}"
        )
        with self.transaction() as conn:
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
        return [r for r in self.sync_rows("user_configs") if r["deleted_at"] is None]

    def adopt_config(self, row: Mapping[str, Any]) -> None:
        """Replace the local Brain row(s) by the server's (first sync of a device whose Brain was never pushed):
        the local default is removed outright (it never reached the server) with its outbox entry."""
        columns = self.table_columns("user_configs")
        with self.transaction() as conn:
            conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
            others = [r[0] for r in conn.execute("SELECT id FROM user_configs WHERE id <> ?", (row["id"],))]
            conn.executemany("DELETE FROM outbox WHERE table_name = 'user_configs' AND row_id = ?",
                             [(i,) for i in others])
            conn.executemany("DELETE FROM user_configs WHERE id = ?", [(i,) for i in others])
            conn.execute(
                f"INSERT INTO user_configs ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
                f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns if c != 'id')}",
                tuple(row.get(c) for c in columns))
            conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")

    def settle_configs(self) -> int:
        """Keep one live Brain: the oldest (the one load_config reads); tombstone the others (queued, so the
        server and other devices settle the same way). Returns how many were tombstoned."""
        now = to_iso(utc_now())
        with self.transaction() as conn:
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
            row = self.conn.execute(f"SELECT user_id FROM {table} WHERE user_id IS NOT NULL LIMIT 1").fetchone()
            if row:
                return row[0]
        return None

    def forget_sync_state(self) -> None:
        """Drop sync cursors and markers (after a reset): the next sync starts from scratch."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM settings WHERE key LIKE 'sync.%'")

    def has_synced_rows(self, table: str, user_id: str) -> bool:
        """Whether some row of `table` was acknowledged by the server as `user_id`'s (live or tombstone)."""
        self.table_columns(table)
        return self.conn.execute(f"SELECT 1 FROM {table} WHERE user_id = ? LIMIT 1", (user_id,)).fetchone() is not None

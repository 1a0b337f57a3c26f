"""Bulk import: a whole history in one transaction, and the clean slate."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from flux_tui.engine.history import SAME_WHEN_EQUAL, LoggedSet, SessionRecord
from flux_tui.errors import StoreRefused
from flux_tui.records import ImportCounts
from flux_tui.store import bounds
from flux_tui.store.catalog import Exercises
from flux_tui.store.database import Database
from flux_tui.store.derived import Derivation
from flux_tui.store.sessions import SET_COLUMNS, encode_notes
from flux_tui.timefmt import from_iso, local_time, to_iso, utc_now

# Tables a bulk import adds rows to, in the order their outbox entries are queued (parents first).
_IMPORTED_TABLES = ("exercises", "workout_sessions", "workout_sets")
_SESSION_COLUMNS = ("id", "archetype", "anchor_pattern", "status", "started_at", "completed_at", "notes", "source",
                    "utc_offset", "title", "exercise_notes")   # the first parameters of the session insert below
# Page cache of a bulk import into a larger history (KiB): the sets' indexes, kept up to date row
# by row, stay in memory instead of spilling to the WAL mid-transaction (10k sets into 100k: 2.7 s
# against 3.5 s with SQLite's 2 MB). An import that lifts the indexes keeps SQLite's own: the cache
# then only cost memory (64 MB of a 100k-set import's 258 MB, for no time). Durability is unchanged.
_BULK_CACHE_KIB = 65536
# Weights that are the same set's in a file rounded to 0.01 lb or kg (at most 0.0023 kg apart).
_SAME_KG = 0.01


def _minute(started_at: datetime, utc_offset: int | None) -> datetime:
    """The wall-clock minute a session started, where it happened."""
    return local_time(started_at, utc_offset).replace(tzinfo=None, second=0, microsecond=0)


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
        if not SAME_WHEN_EQUAL.issuperset(types):  # a float, a list of rounds …: encoded as it comes
            return encode(dict(metadata))
        key = (tuple(metadata.items()), types)
        found = seen.get(key)
        if found is None:
            found = seen[key] = encode(dict(metadata))
        return found

    return text


@contextmanager
def _bulk_cache(conn: sqlite3.Connection, wanted: bool) -> Iterator[None]:
    if not wanted:
        yield
        return
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def _lifted(conn: sqlite3.Connection, table: str, indexes: bool = False) -> Iterator[None]:
    """For the body of a bulk insert, take `table`'s insert triggers off (the outbox's, the
    derivation's, the volume tally's and the sets' follow-the-merge; with `indexes` its secondary
    indexes too); create them again after it, from their definitions in the schema.

    The outbox trigger queues one outbox entry per row and checks the applying_remote switch
    first, ~5 µs a row even when switched off; the follow-the-merge one looks the set's exercise up,
    ~10 µs a row (most of a 100k-set insert): the caller does what they do itself, a statement for
    all its rows, and bumps the history version once (`Derivation.bump`). An index is
    built from sorted rows at a fraction of the cost of keeping it up to date row by row (100k sets:
    ~0.2 s against ~1.3 s), which pays off for an insert larger than the table. Schema changes are
    transactional in SQLite: inside the caller's transaction, a failure or a crash brings them back
    with everything else.
    """
    lifted = conn.execute(
        "SELECT name, sql, type FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"
        " AND ((type = 'trigger' AND name IN (?, ?, ?, ?)) OR (type = 'index' AND ?)) ORDER BY type, name",
        (table, f"{table}_outbox_insert", f"{table}_derive_insert", f"{table}_volume_insert",
         f"{table}_follow_merge_insert", indexes),
    ).fetchall()
    for name, _, kind in lifted:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    yield
    for _, sql, _ in lifted:
        conn.execute(sql)


class BulkImport:
    def __init__(self, db: Database, exercises: Exercises, derivation: Derivation) -> None:
        self.db = db
        self.exercises = exercises
        self.derivation = derivation

    def import_sessions(self, sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]] = (),
                        source: str = "flux") -> ImportCounts:
        """Insert sessions and sets whose ids are not yet in the store (so the same file twice adds nothing),
        leaving out the sessions it holds under other ids (an export of it re-imported: `_not_held`).

        All or nothing: one transaction, which also queues every row it added in the outbox and
        derives the state over the history it leaves.
        """
        now = to_iso(utc_now())
        encode = _metadata_encoder()
        records = self._not_held(list(sessions))
        session_rows = [(
            record.id, record.archetype, record.anchor_pattern, record.status, to_iso(record.started_at),
            to_iso(record.completed_at) if record.completed_at else None, record.notes, source,
            record.utc_offset, record.title, encode_notes(record.exercise_notes), now, now,
        ) for record in records]
        set_count = sum(len(record.sets) for record in records)

        def set_rows() -> Iterator[tuple]:
            # Made as the insert takes them: 100k parameter tuples held at once were ~17 MB of the peak.
            for record, session_row in zip(records, session_rows):
                session_id, started_at, started = record.id, record.started_at, session_row[4]
                for logged in record.sets:
                    metadata = logged.metadata
                    logged_at = logged.logged_at
                    yield (
                        logged.id, session_id, logged.exercise_id, logged.set_index, logged.weight, logged.reps,
                        logged.seconds, logged.distance, logged.rpe, int(logged.is_warmup),
                        encode(metadata) if metadata else "{}",
                        started if logged_at is None or logged_at is started_at else to_iso(logged_at), now, now,
                    )

        def when(row: tuple) -> str:      # a session's start as the person who logged it saw it
            return local_time(from_iso(row[4]), row[8]).strftime("%Y-%m-%d %H:%M")

        bounds.check_rows("workout_sessions", _SESSION_COLUMNS, session_rows,
                          lambda row: f"import refused by the store, nothing was imported: session of {when(row)}: ")
        by_id = {row[0]: row for row in session_rows}
        # Checked as they are inserted: a refused one raises inside the transaction, which then adds nothing.
        checked_set_rows = bounds.checked(
            "workout_sets", tuple(c.strip() for c in SET_COLUMNS.split(",")), set_rows(),
            lambda row: f"import refused by the store, nothing was imported: set {row[3] + 1} "
                        f"of the session of {when(by_id[row[1]])}: ")
        try:
            with self.db.transaction() as conn:
                # A new row's rowid is above every rowid present when the transaction began (SQLite
                # allocates max(rowid) + 1): the rows this import adds are those above these marks.
                marks = {table: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
                         for table in _IMPORTED_TABLES}
                rebuild_indexes = set_count > marks["workout_sets"]
                with _bulk_cache(conn, wanted=not rebuild_indexes):
                    with _lifted(conn, "exercises"), _lifted(conn, "workout_sessions"), \
                            _lifted(conn, "workout_sets", indexes=rebuild_indexes):
                        exercises_added = self.exercises.add_custom(custom_exercises, conn)
                        sessions_added = conn.executemany(
                            "INSERT INTO workout_sessions (id, archetype, anchor_pattern, status, started_at,"
                            " completed_at, notes, source, utc_offset, title, exercise_notes, created_at, updated_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT (id) DO NOTHING",
                            session_rows,
                        ).rowcount
                        sets_added = conn.executemany(
                            f"INSERT INTO workout_sets ({SET_COLUMNS}, created_at, updated_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                            checked_set_rows,
                        ).rowcount
                        # What the follow-the-merge trigger would have done (migration 0008): a set naming an
                        # exercise merged into another (an id in a FLUX JSON file) points at that other one.
                        # The update triggers, still in place, queue and tally it as for any re-pointed set.
                        repointed = conn.execute(
                            "UPDATE workout_sets SET exercise_id ="
                            " (SELECT merged_into FROM exercises WHERE id = workout_sets.exercise_id)"
                            " WHERE rowid > ? AND exercise_id IN (SELECT id FROM exercises WHERE merged_into IS NOT NULL)",
                            (marks["workout_sets"],),
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
                    # What the volume tally's insert trigger would have kept (the history_stats migration): each
                    # (session, exercise) the import added sets to, tallied again from all its sets.
                    conn.execute(
                        "INSERT OR REPLACE INTO exercise_volume (session_id, exercise_id, working_sets, volume_kg)"
                        " SELECT session_id, exercise_id, count(*), coalesce(sum(coalesce(weight, 0) * coalesce(reps, 0)), 0)"
                        " FROM workout_sets WHERE deleted_at IS NULL AND is_warmup = 0 AND (session_id, exercise_id) IN"
                        " (SELECT session_id, exercise_id FROM workout_sets WHERE rowid > ?)"
                        " GROUP BY session_id, exercise_id",
                        (marks["workout_sets"],),
                    )
                    if sessions_added or sets_added or exercises_added:  # else the state stands as derived
                        self.derivation.bump(conn)
                    had_history = conn.execute(
                        "SELECT 1 FROM workout_sessions WHERE status = 'completed' AND rowid <= ? LIMIT 1",
                        (marks["workout_sessions"],)).fetchone() is not None
                    if not had_history and sessions_added == len(session_rows) and sets_added == set_count \
                            and not repointed:
                        # The store holds exactly these sessions and nothing else: fold them as held (sets
                        # in the store's order) instead of reading 100k rows straight back.
                        self.derivation.derive(conn, [
                            record._replace(sets=tuple(sorted(record.sets, key=lambda s: s.set_index)))
                            for record in records])
        except bounds.OutOfBounds:
            raise  # already says that nothing was imported, and which set was refused
        except StoreRefused as refused:
            cause = refused.__cause__ or refused
            raise StoreRefused(f"import refused by the store, nothing was imported: {cause}", self.db.path) from cause
        self.db.checkpoint()
        return ImportCounts(sessions_added, sets_added, exercises_added)

    def _not_held(self, records: list[SessionRecord]) -> list[SessionRecord]:
        """`records` without the sessions the store holds already under another id.

        An export re-imported — FLUX's own in another layout, or another app's of a history that
        came from FLUX — names its sessions by their wall-clock start, which the importer turns into
        new ids: a session is the same one when it started at the same minute on the clock of the
        place it happened (`utc_offset`; Hevy writes no seconds) and each of its sets is one of the
        stored session's, same exercise, weight (within 0.01 kg: a file rounds to 0.01 of its
        unit) and reps. Fewer sets is still the same session: an export may leave warm-ups out.
        """
        if not records or not self.db.value("SELECT EXISTS (SELECT 1 FROM workout_sessions)"):
            return records
        stored_by_minute: dict[datetime, list[str]] = {}
        for sid, started, offset in self.db.stream(
                "SELECT id, started_at, utc_offset FROM workout_sessions WHERE deleted_at IS NULL"):
            stored_by_minute.setdefault(_minute(self.db.decode_time(started), offset), []).append(sid)
        known = {sid for ids in stored_by_minute.values() for sid in ids}
        kept = []
        for record in records:
            candidates = () if record.id in known else stored_by_minute.get(
                _minute(record.started_at, record.utc_offset), ())
            match = next((sid for sid in candidates if self._holds(sid, record.sets)), None)
            if match is None:
                kept.append(record)
            else:
                candidates.remove(match)  # one stored session answers for one record
        return kept

    def _holds(self, session_id: str, sets: Iterable[LoggedSet]) -> bool:
        stored = self.db.rows("SELECT exercise_id, coalesce(weight, 0), coalesce(reps, 0) FROM workout_sets"
                              " WHERE session_id = ? AND deleted_at IS NULL", (session_id,))
        for logged in sets:
            weight, reps = logged.weight or 0.0, logged.reps or 0
            found = next((i for i, (ex, w, r) in enumerate(stored)
                          if ex == logged.exercise_id and r == reps and abs(w - weight) <= _SAME_KG), None)
            if found is None:
                return False
            del stored[found]
        return True

    def reset(self) -> Path:
        """The clean slate: history, configs, catalog and the outbox; refused while another process
        has the store open (it would go on showing, and writing, what was erased). A copy of the store
        as it was is kept in backups/ first (`flux-tui restore` brings it back); returns its path."""
        from flux_tui.store import db as store_file
        from flux_tui.store import lock

        with lock.exclusive(self.db.path, "`flux-tui reset`"):
            with self.db.lock:
                kept = store_file.backup(self.db.conn, self.db.path, "before-reset")
            with self.db.transaction() as conn:
                for table in ("workout_sets", "workout_sessions", "user_configs", "exercise_rests", "exercises",
                              "bodyweights", "outbox", "refused_rows"):
                    conn.execute(f"DELETE FROM {table}")
        return kept

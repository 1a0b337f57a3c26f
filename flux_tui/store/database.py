"""The store's one connection: its lock, its transactions, a read-only reader, and its errors.

Every statement of the store goes through a `Database`. It is the boundary
where sqlite3's exceptions become the typed errors of `flux_tui.errors`
(StoreDamaged, StoreFull, StoreLocked, StoreRefused), each naming the file, so
nothing above the store ever looks at an sqlite3 exception or a traceback.
Values that fail to decode while being read (JSON, timestamps) become
StoreDamaged where they are decoded (`decode_json`, `decode_time`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from flux_tui.errors import StoreError, StoreFull, StoreLocked, StoreRefused, damaged, one_line

_FETCH_CHUNK = 2048  # rows read per lock hold while streaming a long result


class Database:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn  # the store's modules and the tests' fault injection; nothing above the store
        self.path = path
        # One connection is shared by the UI's worker threads: a statement or a write transaction
        # must not interleave with another thread's.
        self.lock = threading.RLock()
        # Called with the connection before every COMMIT (store/derived.py: the state is derived
        # from the history in the transaction that changed it).
        self.before_commit: Callable[[sqlite3.Connection], None] | None = None
        self._holds_lock = False
        self._depth = 0  # transactions open on the thread holding the lock (nested ones join the outer)
        self.read_only = False  # opened in a folder that cannot be written: every transaction is refused

    @classmethod
    def open(cls, path: Path, daily_backup: bool = True) -> "Database":
        """Open (creating and migrating if needed) the store at `path`; see `db.connect`."""
        from flux_tui.store import db, lock

        db.prepare_folder(path)
        lock.acquire(path)  # held while open: restore and reset refuse to replace the file under us
        try:
            database = cls(db.connect(path, daily_backup), path)
        except BaseException:
            lock.release(path)
            raise
        database._holds_lock = True
        database.read_only = not db.writable(path)
        # No WAL checkpoint on the commit of a logged set: SQLite's default (every 1,000 pages,
        # ~every 90 sets) made one commit in ~90 wait ~7 ms while the WAL was copied back. The
        # store checkpoints when a session ends, after an import, and on close; this high bound is
        # only a backstop for a writer that never ends a session.
        database.conn.execute("PRAGMA wal_autocheckpoint=10000")
        return database

    def close(self) -> None:
        self.conn.close()
        if self._holds_lock:
            from flux_tui.store import lock

            self._holds_lock = False
            lock.release(self.path)

    # --- errors ---------------------------------------------------------------------

    def error(self, exc: BaseException, writing: bool = False) -> StoreError | None:
        """The typed error for an sqlite3 (or text decoding) failure; None for anything else (a bug)."""
        if isinstance(exc, UnicodeDecodeError):
            return damaged(self.path, exc)
        if not isinstance(exc, sqlite3.DatabaseError):
            return None
        name = getattr(exc, "sqlite_errorname", "") or ""
        if isinstance(exc, sqlite3.IntegrityError):
            return StoreRefused(f"refused by the store: {exc}", self.path)
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")) or "disk is full" in str(exc):
            problem = ("the disk is full — free some space and try again"
                       if name.startswith("SQLITE_FULL") or "disk is full" in str(exc)
                       else f"the disk reported an error ({one_line(exc)})")
            saved = "; this change was not saved (everything saved before it is safe)" if writing else ""
            return StoreFull(f"{self.path}: {problem}{saved}", self.path)
        if name.startswith("SQLITE_BUSY") or "database is locked" in str(exc):
            return StoreLocked(f"{self.path}: the store is busy in another flux-tui (waited 5 s); try again",
                               self.path)
        return damaged(self.path, exc)

    @contextmanager
    def _translated(self, writing: bool = False) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            typed = self.error(exc, writing)
            if typed is None:
                raise
            raise typed from exc

    def decode_json(self, text: str) -> Any:
        try:
            return json.loads(text)
        except (TypeError, ValueError) as exc:
            raise damaged(self.path, exc) from exc

    def decode_time(self, text: str) -> datetime:
        try:
            return datetime.fromisoformat(text)
        except (TypeError, ValueError) as exc:
            raise damaged(self.path, exc) from exc

    # --- reads ------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.lock, self._translated():
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        with self.lock, self._translated():
            return self.conn.execute(sql, params).fetchone()

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        """A long result a chunk at a time (a whole history), the lock held per chunk only."""
        with self.lock, self._translated():
            cursor = self.conn.execute(sql, params)
            chunk = cursor.fetchmany(_FETCH_CHUNK)
        while chunk:
            yield from chunk
            with self.lock, self._translated():
                chunk = cursor.fetchmany(_FETCH_CHUNK)

    @contextmanager
    def reader(self) -> Iterator["Database"]:
        """The store on a second, read-only connection, for a thread worker's long query.

        WAL lets it read while the UI thread uses the shared connection, so a 50 ms
        query never holds the lock the UI's page reads take. Falls back to the
        shared connection if the file cannot be opened again.
        """
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            yield self
            return
        try:
            yield Database(conn, self.path)
        finally:
            conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that must see the same commit (a rebuild's stored state and the history it is
        compared with): one read transaction, so another process's commit between them is not
        half seen. Inside a transaction already, its own reads are one snapshot."""
        with self.lock:
            if self._depth or self.conn.in_transaction:
                yield
                return
            with self._translated():
                self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")  # nothing was written: this only ends the snapshot

    # --- writes -------------------------------------------------------------------------

    def transaction(self) -> "_Transaction":
        """An immediate write transaction; committed on exit, rolled back on error.

        Nested inside another transaction of this thread it is part of that one: the outer
        one commits everything or nothing (a FLUX JSON file's Brain and its sessions).
        A COMMIT that fails (disk full, I/O error) is rolled back too: otherwise the
        refused change would stay pending and be committed silently with the next
        one, after the user was told it failed.
        """
        return _Transaction(self)

    def rollback_unfinished(self) -> None:
        """Roll back a transaction an interrupt (Ctrl-C) left open between its statements and its
        COMMIT, so what is read next is only what was committed."""
        with self.lock:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._depth = 0

    def data_version(self) -> int:
        """Changes whenever another connection (another process) committed since the last call."""
        return self.value("PRAGMA data_version")

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

    def integrity_check(self) -> str:
        return self.value("PRAGMA integrity_check")


class _Transaction:
    """`Database.transaction()`. A class, not a generator: an interrupt that lands in its exit
    leaves no suspended generator behind to be closed later, on a closed connection."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        db = self.db
        if db.read_only:
            from flux_tui.store.db import READ_ONLY_WRITE

            raise StoreRefused(READ_ONLY_WRITE.format(folder=db.path.parent), db.path)
        db.lock.acquire()
        try:
            if db._depth:
                db._depth += 1
            else:
                with db._translated(writing=True):
                    db.conn.execute("BEGIN IMMEDIATE")
                db._depth, self.outer = 1, True
        except BaseException:
            db.lock.release()
            raise
        return db.conn

    def __exit__(self, kind, exc, tb) -> bool:
        db = self.db
        try:
            if not self.outer:  # the outer transaction commits or rolls back
                db._depth -= 1
                typed = db.error(exc, writing=True) if exc is not None else None
                if typed is not None:
                    raise typed from exc
                return False
            try:
                if kind is None:
                    if db.before_commit is not None:
                        db.before_commit(db.conn)
                    db.conn.execute("COMMIT")
                    return False
            except BaseException as failed:
                self._rollback()
                typed = db.error(failed, writing=True)
                if typed is None:
                    raise
                raise typed from failed
            self._rollback()
            typed = db.error(exc, writing=True)
            if typed is not None:
                raise typed from exc
            return False
        finally:
            if self.outer:
                db._depth = 0
            db.lock.release()

    def _rollback(self) -> None:
        conn = self.db.conn
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

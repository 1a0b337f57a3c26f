"""The embedded SQLite store: opening, migrating and transactions.

One file in the data directory, WAL mode, `synchronous=FULL` so that a commit
that returned has reached the disk: the UI says "saved" only after that.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flux_tui.store.errors import StoreError
from flux_tui.store.timefmt import utc_now

BACKUP_DIRNAME = "backups"
BACKUPS_KEPT = 10


# Package data are plain files in the wheel too; a Path avoids importlib.resources' start-up cost.
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# (version, file) for every bundled migration, in order; read only when migrating.
MIGRATIONS = sorted(
    (int(path.name[:4]), path) for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the store at `path`.

    Refuses, without touching the file, a store from a newer FLUX or a file that
    is not a FLUX store.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    is_new = not path.exists() or path.stat().st_size == 0
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not is_new and version == 0 and _has_foreign_tables(conn):
            conn.close()
            raise StoreError(f"{path}: not a FLUX store (it holds other tables); refusing to touch it")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot read the store ({exc}); it may be damaged — see `flux-tui restore`") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path}: store schema v{version} was written by a newer flux-tui (this one knows up to "
            f"v{SCHEMA_VERSION}); upgrade flux-tui — the file was left untouched"
        )
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        if version < SCHEMA_VERSION:
            if version > 0:
                backup(conn, path, reason=f"pre-v{SCHEMA_VERSION}")
            _migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: cannot open the store ({exc}); see `flux-tui restore`") from exc
    return conn


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for version, path in MIGRATIONS:
        if version <= current:
            continue
        sql = path.read_text(encoding="utf-8")
        # executescript commits implicitly; wrap the script so a failed
        # migration leaves the file at the previous version.
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """An immediate write transaction; committed on exit, rolled back on error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def backup(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Copy the live store to `backups/` (consistent, via SQLite's backup API) and prune old copies."""
    folder = path.parent / BACKUP_DIRNAME
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}-{reason}.sqlite3"
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()
    for stale in sorted(folder.glob(f"{path.stem}-*.sqlite3"))[:-BACKUPS_KEPT]:
        stale.unlink()
    return target


def list_backups(path: Path) -> list[Path]:
    return sorted((path.parent / BACKUP_DIRNAME).glob(f"{path.stem}-*.sqlite3"))


def restore_backup(source: Path, path: Path) -> None:
    """Replace the store at `path` with `source`, keeping the current file as a backup first."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as probe:
            verdict = probe.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: not a readable store ({exc})") from exc
    if verdict != "ok":
        raise StoreError(f"{source}: fails the integrity check ({verdict})")
    if path.exists():
        keep = path.parent / BACKUP_DIRNAME / f"{path.stem}-{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}-before-restore.sqlite3"
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, keep)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy2(source, path)

"""The store's file: opening and migrating it, its backups, restoring one.

One file in the data directory, WAL mode, `synchronous=FULL` so that a commit
that returned has reached the disk: the UI says "saved" only after that.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from flux_tui.errors import StoreDamaged, StoreError, StoreRefused, one_line
from flux_tui.timefmt import utc_now

BACKUP_DIRNAME = "backups"
BACKUPS_KEPT = 10  # pre-migration and before-restore copies
DAILY_REASON = "daily"
DAILY_KEPT = 7  # one a day: a week of automatic copies
# A daily copy is taken only when the disk keeps this much free after it, beyond the store's own size
# again (room for the store to grow): backups never fill a small disk, and the store never stops
# taking sets because of them.
FREE_AFTER_COPY = 64 * 1024 * 1024
PRIVATE = 0o600  # the store, its journal (SQLite copies the store's mode) and every backup
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_BACKUP_NAME = re.compile(r"-(\d{8}T\d{12}Z)-(.+)\.sqlite3$")


# Package data are plain files in the wheel too; a Path avoids importlib.resources' start-up cost.
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# (version, file) for every bundled migration, in order; read only when migrating.
MIGRATIONS = sorted(
    (int(path.name[:4]), path) for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def connect(path: Path, daily_backup: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the store at `path`.

    Refuses, without touching the file, a store from a newer FLUX or a file that
    is not a FLUX store. With `daily_backup`, an existing store that has no
    automatic backup from today gets one, copied on a background thread from
    its own connection so that start-up does not wait for it (see
    `start_daily_backup`).
    """
    prepare_folder(path)
    if not writable(path):
        return _connect_read_only(path)
    is_new = not path.exists() or path.stat().st_size == 0
    if not path.exists():
        _create_private(path)
    if is_new and list_backups(path):
        # Backups of a store that is now missing or empty: a lost store, not a first start.
        # Creating a fresh one here would look like the history had vanished.
        state = "is empty" if path.exists() else "is missing"
        raise StoreDamaged(
            f"{path}: the store {state} but {path.parent / BACKUP_DIRNAME} holds backups of it; "
            "run `flux-tui restore latest` to bring the newest back (or move the backups away to start afresh)"
        )
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not is_new and version == 0 and _has_foreign_tables(conn):
            conn.close()
            raise StoreRefused(f"{path}: not a FLUX store (it holds other tables); refusing to touch it")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # a damaged schema text fails to decode
        _refuse_if_read_only(path, exc)
        raise StoreDamaged(f"{path}: cannot read the store ({one_line(exc)}); it may be damaged — see `flux-tui restore`") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreRefused(
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
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        conn.close()
        _refuse_if_read_only(path, exc)
        raise StoreDamaged(f"{path}: cannot open the store ({one_line(exc)}); it may be damaged — see `flux-tui restore`") from exc
    if daily_backup and not is_new:
        start_daily_backup(path)
    return conn


def writable(path: Path) -> bool:
    """Whether the store at `path` can be written: its folder (the journal is created beside it) and
    the file itself. access(2) tells a read-only mount apart even for root, who ignores mode bits."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


# Said by every write refused on a store opened read-only (store/database.py).
READ_ONLY_WRITE = ("{folder}: the data directory is read-only and this writes the store; nothing was changed "
                   "(reading works: history, plan, state, export) — make the folder writable to log, import or seed")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The store of a folder that cannot be written (a read-only mount, a backup disk), for reading.

    SQLite reads a WAL store read-only only when it can create the `-shm` index beside it; when it
    cannot, the file is opened immutable — nobody can change it there — unless a `-wal` journal
    holds commits the file does not, which only a writable folder can read back.
    """
    folder = path.parent
    if not path.exists() or path.stat().st_size == 0:
        raise StoreRefused(f"{folder}: the data directory is read-only and holds no store yet; flux-tui creates its "
                           "store there — make it writable, or point FLUX_HOME elsewhere")
    wal = Path(f"{path}-wal")
    try:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            if wal.exists() and wal.stat().st_size > 0:
                raise StoreRefused(f"{path}: the store's journal ({wal.name}) holds changes that only a writable "
                                   f"folder can read back, and {folder} is read-only; make it writable once "
                                   "(open flux-tui there) — nothing was changed") from None
            conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and _has_foreign_tables(conn):
            conn.close()
            raise StoreRefused(f"{path}: not a FLUX store (it holds other tables); refusing to touch it")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise StoreDamaged(f"{path}: cannot read the store ({one_line(exc)}); it may be damaged — see `flux-tui restore`") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreRefused(f"{path}: store schema v{version} was written by a newer flux-tui (this one knows up to "
                           f"v{SCHEMA_VERSION}); upgrade flux-tui — the file was left untouched")
    if version < SCHEMA_VERSION:
        conn.close()
        raise StoreRefused(f"{path}: the store (schema v{version}) needs upgrading to v{SCHEMA_VERSION} before this "
                           f"flux-tui can read it, and {folder} is read-only; make it writable once — nothing was changed")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _create_private(path: Path) -> None:
    """An empty file only its owner can read: sqlite3 would create it 0644 (the umask's default)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        pass


def _backup_folder(path: Path) -> Path:
    folder = path.parent / BACKUP_DIRNAME
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _room_for_a_copy(path: Path, folder: Path) -> bool:
    size = _store_bytes(path)
    return shutil.disk_usage(folder).free >= 2 * size + FREE_AFTER_COPY


def prepare_folder(path: Path) -> None:
    """The data directory of the store at `path`, created if needed; StoreRefused saying what is wrong."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise StoreRefused(f"{folder}: the data directory is a file, not a folder (is FLUX_HOME set to a file?); "
                           "point FLUX_HOME at a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreRefused(f"{folder}: cannot create the data directory ({exc.strerror or exc}); "
                           "point FLUX_HOME at a folder you can write") from exc


def _refuse_if_read_only(path: Path, exc: BaseException) -> None:
    """A store that cannot be written is not a damaged one: say which of the folder or the file it is."""
    if not os.access(path.parent, os.W_OK):
        raise StoreRefused(f"{path.parent}: the data directory is read-only ({one_line(exc)}); flux-tui writes its "
                           "store and journal there — make it writable, or point FLUX_HOME elsewhere") from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreRefused(f"{path}: the store file is read-only ({one_line(exc)}); make it writable "
                           "(chmod u+w) — nothing was changed") from exc


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


def backup(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Copy the live store to `backups/` (consistent, via SQLite's backup API) and prune old copies.

    The copy is written under a temporary name, flushed to disk and only then
    renamed into place: a crash mid-copy never leaves a half file that looks
    like a backup.
    """
    folder = _backup_folder(path)
    target = folder / f"{path.stem}-{utc_now().strftime(STAMP_FORMAT)}-{reason}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    _copy_into(conn, partial)
    os.replace(partial, target)
    _fsync_dir(folder)
    _prune(path, daily=reason == DAILY_REASON)
    return target


def _copy_into(conn: sqlite3.Connection, target: Path) -> None:
    if not target.exists() or target.stat().st_size:
        target.unlink(missing_ok=True)
        _create_private(target)
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
        # The copy is a standalone file: no -wal beside it, whatever the source's mode.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _prune(path: Path, daily: bool) -> None:
    """Keep the newest DAILY_KEPT daily copies and, separately, the newest BACKUPS_KEPT others,
    so that a week of daily copies never pushes out the copy taken before a migration."""
    same_kind = [p for p in list_backups(path) if (backup_reason(p) == DAILY_REASON) == daily]
    for stale in same_kind[: -(DAILY_KEPT if daily else BACKUPS_KEPT)]:
        stale.unlink(missing_ok=True)


def backup_reason(backup_path: Path) -> str | None:
    match = _BACKUP_NAME.search(backup_path.name)
    return match.group(2) if match else None


def backup_time(backup_path: Path) -> datetime | None:
    """When a backup was taken (aware UTC), read from its name; None for a name that is not ours."""
    match = _BACKUP_NAME.search(backup_path.name)
    if not match:
        return None
    # Sliced by hand rather than strptime: every start checks the daily backup, and
    # datetime.strptime imports _strptime, calendar and locale (~1 ms) just for this.
    s = match.group(1)  # YYYYmmddTHHMMSSffffffZ
    try:
        return datetime(int(s[0:4]), int(s[4:6]), int(s[6:8]), int(s[9:11]), int(s[11:13]), int(s[13:15]),
                        int(s[15:21]), tzinfo=timezone.utc)
    except ValueError:  # digits in the right places, but not a date (20261399...)
        return None


def daily_backup_due(path: Path, now: datetime | None = None) -> bool:
    """True when no daily backup was taken on today's (local) calendar day.

    Costs one directory listing: cheap enough for every start.
    """
    now = now or utc_now()
    today = now.astimezone().date()
    for candidate in reversed(list_backups(path)):
        if backup_reason(candidate) != DAILY_REASON:
            continue
        taken = backup_time(candidate)
        if taken is not None and taken.astimezone().date() == today:
            return False
    return True


def daily_backup(path: Path, now: datetime | None = None) -> Path | None:
    """Take today's automatic backup of the store at `path` if it is due; returns it, or None.

    Reads through its own connection (WAL: never blocks the app's writes).
    Two processes starting together take one copy: the partial file is created
    exclusively. A leftover partial from a killed process is removed after an hour.
    """
    now = now or utc_now()
    if not path.exists() or not daily_backup_due(path, now):
        return None
    folder = _backup_folder(path)
    try:
        if not _room_for_a_copy(path, folder):
            return None  # tried again on the next start; the copies already kept stay
    except OSError:
        return None
    lock = folder / f".{path.stem}-daily.partial"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
    except FileExistsError:
        try:
            if time.time() - lock.stat().st_mtime > 3600:  # the file's clock, not the (shiftable) app clock
                lock.unlink(missing_ok=True)
        except OSError:
            pass
        return None
    os.close(fd)
    try:
        source = sqlite3.connect(path, check_same_thread=False)
        try:
            source.execute("PRAGMA busy_timeout=5000")
            _copy_into(source, lock)
        finally:
            source.close()
        if not _sound(lock):
            # A damaged store must not push a good copy out of the rotation.
            lock.unlink(missing_ok=True)
            return None
        target = folder / f"{path.stem}-{now.astimezone(timezone.utc).strftime(STAMP_FORMAT)}-{DAILY_REASON}.sqlite3"
        os.replace(lock, target)
        _fsync_dir(folder)
        _prune(path, daily=True)
        return target
    except (sqlite3.Error, OSError):
        # A backup that cannot be taken (disk full, store busy) must not stop the app;
        # it is tried again on the next start.
        lock.unlink(missing_ok=True)
        return None


def _sound(copy_path: Path, pragma: str = "quick_check") -> bool:
    return _verdict(copy_path, pragma) == "ok"


def _verdict(copy_path: Path, pragma: str = "integrity_check") -> str:
    """SQLite's own check of a file we own. Opened read-write on purpose: a read-only
    connection skips the CHECK constraints (a flipped bit in a value passes as 'ok')."""
    try:
        copy = sqlite3.connect(copy_path)
        try:
            return copy.execute(f"PRAGMA {pragma}").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


_daily_thread: threading.Thread | None = None


def start_daily_backup(path: Path) -> threading.Thread | None:
    """Run `daily_backup` on a background thread when it is due (the check is one listdir).

    The thread is not a daemon: a short CLI command waits for the copy at exit
    rather than abandoning it. sqlite3 releases the GIL while copying pages.
    """
    global _daily_thread
    try:
        if not daily_backup_due(path):
            return None
    except OSError:
        return None
    _daily_thread = threading.Thread(target=daily_backup, args=(path,), name="flux-daily-backup")
    _daily_thread.start()
    return _daily_thread


def wait_for_daily_backup(timeout: float | None = None) -> None:
    """Block until a daily backup started by this process has finished (tests, `restore`)."""
    thread = _daily_thread
    if thread is not None:
        thread.join(timeout)


def list_backups(path: Path) -> list[Path]:
    return sorted((path.parent / BACKUP_DIRNAME).glob(f"{path.stem}-*.sqlite3"))


def check_backup(source: Path) -> int:
    """Refuse anything that is not a FLUX store this flux-tui can open; returns its schema version.

    Reads `source` only. Its integrity is checked on the staged copy (see restore_backup).
    """
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot be opened ({one_line(exc)})") from exc
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: not a readable store ({one_line(exc)})") from exc
    finally:
        probe.close()
    if version > SCHEMA_VERSION:
        raise StoreError(f"{source}: written by a newer flux-tui (schema v{version}, this one knows up to "
                         f"v{SCHEMA_VERSION}); nothing was changed")
    if version < 1 or not {"workout_sets", "workout_sessions", "outbox"} <= tables:
        raise StoreError(f"{source}: not a FLUX store backup; nothing was changed")
    return version


def restore_backup(source: Path, path: Path) -> Path | None:
    """Replace the store at `path` with `source`, keeping the current store as a backup first.

    The backup is copied beside the store under a temporary name and checked
    there (integrity, CHECK constraints included); only then is the current
    store copied aside, through SQLite (so sets still in its -wal are kept too;
    a file SQLite cannot read is copied byte for byte), and the staged copy
    renamed over it: at every moment either the old or the new store is whole.
    Returns the copy of the replaced store (None when there was none).
    """
    from flux_tui.store import lock

    check_backup(source)
    with lock.exclusive(path, "`flux-tui restore`"):
        return _restore(source, path)


def _restore(source: Path, path: Path) -> Path | None:
    staged = path.with_name(path.name + ".restoring")
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _copy_into(reader, staged)
        finally:
            reader.close()
    except sqlite3.DatabaseError as exc:
        staged.unlink(missing_ok=True)
        raise StoreError(f"{source}: not a readable store ({one_line(exc)}); nothing was changed") from exc
    verdict = _verdict(staged)
    if verdict != "ok":
        staged.unlink(missing_ok=True)
        raise StoreError(f"{source}: fails the integrity check ({verdict}); nothing was changed")
    kept = _keep_before_restore(path) if path.exists() else None
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, path)
    _fsync_dir(path.parent)
    return kept


def _keep_before_restore(path: Path) -> Path:
    folder = _backup_folder(path)
    keep = folder / f"{path.stem}-{utc_now().strftime(STAMP_FORMAT)}-before-restore.sqlite3"
    partial = keep.with_name(keep.name + ".partial")
    try:
        current = sqlite3.connect(path)
        try:
            current.execute("PRAGMA busy_timeout=5000")
            _copy_into(current, partial)
            os.replace(partial, keep)
        finally:
            current.close()
    except sqlite3.Error:
        # Not readable as a database: keep its bytes (and its -wal, if any) exactly as they are.
        partial.unlink(missing_ok=True)
        shutil.copyfile(path, keep)
        keep.chmod(PRIVATE)
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{keep}-wal"))
            Path(f"{keep}-wal").chmod(PRIVATE)
    _fsync_dir(folder)
    _prune(path, daily=False)
    return keep

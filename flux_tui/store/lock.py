"""Who has the store open: a lock file beside it (`flux.sqlite3.lock`).

Every process with the store open holds a shared POSIX record lock on it (`Database.open`, released
at `close`). A command that replaces or erases the store — `restore`, `reset` — takes it
exclusively first, or refuses naming a holder (its pid and command, which the kernel tells through
F_GETLK), so no process ever goes on writing to a file that was replaced under it. A process that
opens the store while one of those runs waits for it (up to 5 s).

Record locks belong to the process, and closing any descriptor of the file drops them: each
process keeps one descriptor per lock file, counted, whatever number of connections it opens.
On a system without fcntl (Windows) there is no lock and no refusal.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flux_tui.errors import StoreInUse, StoreRefused

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 5.0
_held: dict[str, list[int]] = {}  # lock file -> [descriptor, holders in this process]


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def _descriptor(store: Path) -> list[int]:
    key = str(lock_path(store))
    entry = _held.get(key)
    if entry is None:
        try:
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreRefused(f"{key}: cannot open the store's lock file ({exc.strerror or exc})") from exc
            # A folder that cannot be written: the store is opened read-only (store/db.py). A shared
            # lock needs only read access to an existing lock file; without one nothing can replace
            # the store there either, so there is nothing to hold.
            try:
                fd = os.open(key, os.O_RDONLY)
            except OSError:
                fd = -1
        entry = _held[key] = [fd, 0]
    return entry


def acquire(store: Path) -> None:
    """Hold the store open (shared), waiting while a restore or reset holds it exclusively."""
    if fcntl is None:
        return
    entry = _descriptor(store)
    if entry[1] == 0 and entry[0] >= 0:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.lockf(entry[0], fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    holder = _holder(entry[0])
                    _drop(store)
                    raise StoreInUse(f"{store}: the store is being replaced or erased by {holder}; "
                                     "try again when it has finished", store) from None
                time.sleep(0.05)
    entry[1] += 1


def release(store: Path) -> None:
    if fcntl is None:
        return
    entry = _held.get(str(lock_path(store)))
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] <= 0:
        _drop(store)


def _drop(store: Path) -> None:
    entry = _held.pop(str(lock_path(store)), None)
    if entry is not None and entry[0] >= 0:
        os.close(entry[0])  # releases this process's lock


@contextmanager
def exclusive(store: Path, doing: str) -> Iterator[None]:
    """Be the only process with the store open while `doing` (e.g. "restore"), or refuse naming a holder."""
    if fcntl is None:
        yield
        return
    if not os.access(store.parent, os.W_OK):  # its lock file may be open read-only, or not at all
        raise StoreRefused(f"{store.parent}: the data directory is read-only; {doing} replaces or erases the store "
                           "there — make it writable (nothing was changed)")
    entry = _descriptor(store)
    try:
        fcntl.lockf(entry[0], fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = _holder(entry[0])
        if entry[1] == 0:
            _drop(store)
        raise StoreInUse(f"{store}: the store is open in {holder}; close it and run {doing} again "
                         "(nothing was changed)", store) from None
    try:
        yield
    finally:
        if entry[1] > 0:
            fcntl.lockf(entry[0], fcntl.LOCK_SH)  # back to what this process held: atomic, never unlocked
        else:
            _drop(store)


def _holder(fd: int) -> str:
    """'another flux-tui (pid N: its command)' for a process holding a lock that conflicts with ours."""
    pid = _conflicting_pid(fd)
    if not pid:
        return "another flux-tui"
    command = _command(pid)
    return f"another flux-tui (pid {pid}: {command})" if command else f"another flux-tui (pid {pid})"


def _conflicting_pid(fd: int) -> int | None:
    if sys.platform.startswith("linux"):
        layout, pid_at = "@hhqqi4x", 4  # struct flock: type, whence, start, len, pid
    elif sys.platform == "darwin":
        layout, pid_at = "@qqihh", 2
    else:
        return None
    fields = [0, 0, 0, 0, 0]
    fields[0 if layout.startswith("@hh") else 3] = fcntl.F_WRLCK
    try:
        answer = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack(layout, *fields)))
    except OSError:
        return None
    return answer[pid_at] or None


def _command(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return ""
    words = [w.decode("utf-8", "replace") for w in words if w]
    if not words:
        return ""
    text = " ".join([os.path.basename(words[0]), *words[1:]])
    return text if len(text) <= 80 else text[:79] + "…"

"""The signed-in session on disk: `session.json` in the data directory, mode 0600 from its creation."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SESSION_FILENAME = "session.json"


@dataclass(frozen=True)
class StoredSession:
    url: str             # the SUPABASE_URL it was issued by
    user_id: str
    email: str
    access_token: str
    refresh_token: str
    expires_at: int      # unix seconds

    def expires_in(self, now: float | None = None) -> float:
        return self.expires_at - (time.time() if now is None else now)

    def __repr__(self) -> str:  # never print tokens
        return f"StoredSession(user={self.email}, url={self.url}, expires_at={self.expires_at})"


def session_path() -> Path:
    from flux_tui.settings import data_dir

    return data_dir() / SESSION_FILENAME


def load_session(path: Path | None = None) -> StoredSession | None:
    path = path or session_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoredSession(**{k: data[k] for k in StoredSession.__dataclass_fields__})
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None


def save_session(session: StoredSession, path: Path | None = None) -> Path:
    """Write atomically; the file is created 0600 (never readable by others, not even briefly)."""
    path = path or session_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask said
        os.write(fd, json.dumps(asdict(session)).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path


def remove_session(path: Path | None = None) -> bool:
    path = path or session_path()
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False

"""Sync for the UI: a status the Today badge can show, and a blocking `sync_now()` to run in a thread worker.

Importing this module costs nothing: supabase/httpx are imported on the first real sync, inside the worker.

    syncer = BackgroundSync(training.outbox, training.refold)   # once, at app start (cheap: no network, no supabase import)
    syncer.status().badge                      # "Synced · local" / "3 pending · remote" / "Offline · remote"

    @work(thread=True, exclusive=True, group="sync")
    def run_sync(self) -> None:                # after each logged set and on a timer
        status = syncer.sync_now()             # never raises; respects backoff; returns at once if not due
        self.call_from_thread(self.show_sync_status, status)

    self.set_interval(syncer.interval, self.run_sync)   # the timer; sync_now() decides whether it is due
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Callable

from flux_tui.remote.errors import RemoteError
from flux_tui.store.outbox import Outbox
from flux_tui.timefmt import from_iso, utc_now

# While the app is open, another device's changes arrive within this many seconds (one request when
# nothing changed); the app's own changes go up at once.
PULL_INTERVAL = 30.0

LABELS = {
    "not_configured": "Sync off",
    "signed_out": "Signed out",
    "offline": "Offline",
    "syncing": "Syncing…",
    "synced": "Synced",
    "error": "Sync error",
}
# The badge's word for the cause of a failed sync (RemoteError.kind); the details screen has the rest.
CAUSES = {
    "auth": "session expired, sign in again",
    "not_signed_in": "signed out",
    "config": "wrong URL or key",
    "account": "another account",
    "rls": "server policy refused",
    "grant": "server grants missing",
    "schema": "server schema outdated",
    "hidden": "server hides your rows",
    "server": "server error",
    "rejected": "rows refused",
}


@dataclass(frozen=True)
class SyncStatus:
    state: str                     # not_configured | signed_out | offline | syncing | synced | pending | error
    pending: int                   # outbox entries not yet on the server
    environment: str | None        # 'local' | 'remote' | None (not configured)
    url: str | None = None
    user: str | None = None        # the signed-in email
    last_sync_at: datetime | None = None
    next_attempt_at: datetime | None = None
    message: str = ""              # one line: what happened (the error's cause, or the last result)
    hint: str = ""                 # the fix, for errors
    rejected: int = 0              # outbox entries set aside: refused rows and the sets waiting for them
    sources: str = ""              # where SUPABASE_URL and SUPABASE_ANON_KEY came from (a .env file's path)
    pulled: int = 0                # rows the sync that returned this status brought from the server
    kind: str = ""                 # the failed sync's RemoteError.kind (error and offline states)

    @property
    def label(self) -> str:
        """One line: the state, and the cause of an error."""
        if self.state == "pending":
            return f"{self.pending} pending"
        if self.state == "error":
            return f"Sync error: {CAUSES.get(self.kind, 'see details')}"
        return LABELS.get(self.state, self.state)

    @property
    def badge(self) -> str:
        return f"{self.label} · {self.environment}" if self.environment else self.label

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "label": self.label, "pending": self.pending, "environment": self.environment,
                "url": self.url, "user": self.user, "message": self.message, "hint": self.hint,
                "rejected": self.rejected, "sources": self.sources, "kind": self.kind,
                "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
                "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None}


class BackgroundSync:
    """Owns one Remote (one HTTP client, reused) for the app's lifetime. Thread-safe; one sync at a time."""

    def __init__(self, outbox: Outbox, rebuild: Callable[[], bool] | None = None,
                 interval: float = PULL_INTERVAL) -> None:
        self.outbox = outbox
        self.rebuild = rebuild
        self.interval = interval
        self._remote: Any = None
        self._running = threading.Lock()
        self._syncing = False
        self._again = False            # asked for while a sync ran: it runs once more after it
        self._last_error: RemoteError | None = None

    # --- cheap: no network ---------------------------------------------------------------
    def status(self) -> SyncStatus:
        from flux_tui.remote.config import environment_of
        from flux_tui.remote.session import load_session
        from flux_tui.settings import remote_settings, setting_source

        settings = remote_settings()
        pending = self.outbox.size()
        env = environment_of(settings.url)
        rejected = self.outbox.set_aside_count()
        last_ok = _time(self.outbox.get_setting("sync.last_ok_at"))
        next_at = _time(self.outbox.get_setting("sync.next_attempt_at"))
        common = dict(pending=pending, environment=env, url=settings.url, last_sync_at=last_ok,
                      next_attempt_at=next_at, rejected=rejected,
                      sources=f"SUPABASE_URL from {setting_source('SUPABASE_URL')}; "
                              f"SUPABASE_ANON_KEY from {setting_source('SUPABASE_ANON_KEY')}")
        if not settings.configured:
            return SyncStatus("not_configured", message="SUPABASE_URL / SUPABASE_ANON_KEY not set",
                              hint="see docs/sync.md", **common)
        session = load_session()
        if session is None or session.url != settings.url.rstrip("/"):
            return SyncStatus("signed_out", message="not signed in", hint="run `flux-tui login`", **common)
        common["user"] = session.email
        if self._syncing:
            return SyncStatus("syncing", **common)
        error = _json(self.outbox.get_setting("sync.last_error"))
        if error:
            state = "offline" if error.get("kind") in ("offline", "timeout", "protocol") else "error"
            return SyncStatus(state, message=error.get("message", ""), hint=error.get("hint", ""),
                              kind=error.get("kind", ""), **common)
        if pending:
            return SyncStatus("pending", **common)
        return SyncStatus("synced", **common)

    def due(self, now: datetime | None = None) -> bool:
        """Whether a background sync should run now: signed in, past any backoff, and something to do
        (changes pending, or `interval` seconds since the last successful sync)."""
        now = now or utc_now()
        status = self.status()
        if status.state in ("not_configured", "signed_out", "syncing"):
            return False
        if status.next_attempt_at is not None and now < status.next_attempt_at:
            return False
        if status.pending - status.rejected > 0:
            return True
        return status.last_sync_at is None or now - status.last_sync_at >= timedelta(seconds=self.interval)

    # --- blocking: run in a thread worker ------------------------------------------------------
    def sync_now(self, force: bool = False) -> SyncStatus:
        """Sync if due (or `force`); never raises; returns the status afterwards."""
        if not force and not self.due():
            return self.status()
        if not self._running.acquire(blocking=False):
            self._again = True            # a change made while another worker syncs: that one goes again
            return self.status()
        self._syncing = True
        pulled = 0
        try:
            again = True
            while again:
                self._again = False
                pulled += self._sync_once()
                again = self._again and self._last_error is None
        finally:
            self._syncing = False
            self._running.release()
        return replace(self.status(), pulled=pulled)

    def _sync_once(self) -> int:
        """One sync; how many rows it brought (and a Brain adopted)."""
        from flux_tui.remote.sync import Syncer

        try:
            report = Syncer(self.outbox, self._remote_for_now(), rebuild=self.rebuild).sync()
            self._last_error = None
            return sum(report.pulled.values()) + int(report.adopted_config)
        except RemoteError as error:   # recorded in the store (backoff, last_error) by Syncer
            self._last_error = error
            if error.kind in ("config", "not_signed_in"):
                self._drop_remote()
        except Exception as error:  # noqa: BLE001 — a worker must not die; show it on the badge
            from flux_tui.remote.sync import record_failure

            self._last_error = RemoteError("protocol", f"sync failed: {type(error).__name__}: {error}",
                                           "set FLUX_DEBUG=1 and run `flux-tui sync`")
            record_failure(self.outbox, self._last_error)
        return 0

    def _remote_for_now(self) -> Any:
        from flux_tui.remote.client import Remote
        from flux_tui.remote.config import load_config
        from flux_tui.remote.session import load_session

        config = load_config()
        session = load_session()
        current = self._remote
        if current is None or current.config != config or current.session != session:
            if current is not None:
                current.close()
            self._remote = Remote(config, session)
        return self._remote

    def _drop_remote(self) -> None:
        if self._remote is not None:
            self._remote.close()
            self._remote = None

    def close(self) -> None:
        self._drop_remote()


def _json(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _time(value: str | None) -> datetime | None:
    return from_iso(value) if value else None

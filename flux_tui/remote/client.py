"""One supabase-py client per process, created lazily; the session kept in `session.json`.

This is the only module that imports `supabase` and `httpx`, and only when a
`Remote` first needs its client.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

from flux_tui.remote.config import RemoteConfig, load_config
from flux_tui.remote.errors import RemoteError, classify
from flux_tui.remote.session import StoredSession, load_session, save_session

T = TypeVar("T")
DEFAULT_TIMEOUT = 5.0        # seconds, per request (connect is shorter)
REFRESH_MARGIN = 60.0        # refresh a token that expires within this many seconds


def request_timeout() -> float:
    try:
        return float(os.environ.get("FLUX_SYNC_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


class Remote:
    """The app's view of one Supabase project, as one user (or nobody yet)."""

    def __init__(self, config: RemoteConfig, session: StoredSession | None = None, *,
                 session_file: Path | None = None, timeout: float | None = None) -> None:
        self.config = config
        self.session = session if session is not None and session.url == config.url else None
        self.session_file = session_file
        self.timeout = timeout if timeout is not None else request_timeout()
        self.requests = 0          # every HTTP request made (benchmarks and tests count them)
        self._client: Any = None
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._refresh_lock = threading.Lock()

    @classmethod
    def from_environment(cls, **kw: Any) -> "Remote":
        return cls(load_config(), load_session(kw.get("session_file")), **kw)

    @property
    def host(self) -> str:
        return self.config.rest_host

    @property
    def user_id(self) -> str:
        if self.session is None:
            raise RemoteError("not_signed_in", "not signed in", "run `flux-tui login`")
        return self.session.user_id

    # --- the client ----------------------------------------------------------

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._create_client()
            return self._client

    def _count(self, _request: Any) -> None:
        with self._count_lock:
            self.requests += 1

    def _create_client(self) -> Any:
        import httpx
        from supabase import ClientOptions, create_client

        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 3.0))
        http = httpx.Client(http2=False, timeout=timeout, event_hooks={"request": [self._count]})
        options = ClientOptions(
            httpx_client=http, postgrest_client_timeout=self.timeout, postgrest_client_retry=False,
            auto_refresh_token=False, persist_session=False,
        )
        try:
            client = create_client(self.config.url, self.config.anon_key, options)
        except Exception as exc:  # noqa: BLE001 — supabase validates url and key here
            raise RemoteError("config", f"cannot set up the Supabase client: {exc}",
                              "check SUPABASE_URL and SUPABASE_ANON_KEY") from exc
        if self.session is not None:
            self._use_token(client, self.session.access_token)
        return client

    @staticmethod
    def _use_token(client: Any, token: str) -> None:
        header = f"Bearer {token}"
        client.options.headers["Authorization"] = header
        client.auth._headers["Authorization"] = header
        client._postgrest = None  # rebuilt with the new header on next use

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                try:
                    self._client.options.httpx_client.close()
                except Exception:  # noqa: BLE001
                    pass
                self._client = None

    # --- sign-in ---------------------------------------------------------------

    def sign_in(self, email: str, password: str) -> StoredSession:
        client = self.client()
        try:
            response = client.auth.sign_in_with_password({"email": email, "password": password})
        except Exception as exc:  # noqa: BLE001
            raise classify(exc, host=self.host) from None
        self._adopt(response.session)
        return self.session

    def _adopt(self, session: Any) -> None:
        if session is None:
            raise RemoteError("auth", "Supabase Auth answered without a session", "confirm your email, then retry")
        expires_at = int(session.expires_at or (time.time() + (session.expires_in or 3600)))
        self.session = StoredSession(
            url=self.config.url, user_id=str(session.user.id), email=session.user.email or "",
            access_token=session.access_token, refresh_token=session.refresh_token, expires_at=expires_at,
        )
        save_session(self.session, self.session_file)
        self._use_token(self.client(), session.access_token)

    def refresh(self) -> None:
        if self.session is None:
            raise RemoteError("not_signed_in", "not signed in", "run `flux-tui login`")
        client = self.client()
        try:
            response = client.auth.refresh_session(self.session.refresh_token)
        except Exception as exc:  # noqa: BLE001
            error = classify(exc, host=self.host)
            if error.kind == "auth":
                raise RemoteError("auth", "your session expired and could not be renewed "
                                  f"({getattr(exc, 'message', exc)})", "run `flux-tui login` again") from None
            raise error from None
        self._adopt(response.session)

    def sign_out(self) -> None:
        """Revoke the refresh token on the server (best effort)."""
        if self.session is None:
            return
        try:
            self.client().auth.admin.sign_out(self.session.access_token, "local")
        except Exception:  # noqa: BLE001 — offline logout still removes the local session
            pass

    def ensure_fresh(self) -> None:
        if self.session is None:
            raise RemoteError("not_signed_in", "not signed in: sync needs a Supabase account",
                              "run `flux-tui login`")
        if self.session.expires_in() < REFRESH_MARGIN:
            self.refresh()

    # --- requests -----------------------------------------------------------------

    def call(self, fn: Callable[[Any], T], *, table: str | None = None) -> T:
        """Run `fn(client)`; map failures to RemoteError; an expired token is refreshed and retried once.
        Safe from several threads (push uploads in parallel): one refresh serves them all."""
        self.ensure_fresh()
        for attempt in (1, 2):
            used = self.session
            try:
                return fn(self.client())
            except Exception as exc:  # noqa: BLE001
                error = classify(exc, host=self.host, table=table)
                if error.kind == "auth" and attempt == 1 and self.session is not None:
                    with self._refresh_lock:
                        if self.session is used:      # nobody refreshed meanwhile
                            self.refresh()
                    continue
                raise error from None
        raise AssertionError("unreachable")

    def call_anonymous(self, fn: Callable[[Any], T]) -> T:
        try:
            return fn(self.client())
        except Exception as exc:  # noqa: BLE001
            raise classify(exc, host=self.host) from None

"""Every remote failure as one RemoteError: a kind, a message naming the likely cause, a hint with the fix."""

from __future__ import annotations


class RemoteError(Exception):
    """kind: config | not_signed_in | offline | timeout | server | auth | rls | grant | hidden |
    rejected | schema | account | protocol."""

    def __init__(self, kind: str, message: str, hint: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


def classify(exc: BaseException, *, host: str = "", table: str | None = None) -> RemoteError:
    """Turn an httpx / postgrest / auth exception into a RemoteError with a specific hint."""
    if isinstance(exc, RemoteError):
        return exc
    name = type(exc).__name__
    module = type(exc).__module__ or ""
    where = f" on table {table}" if table else ""
    if module.startswith("httpx") or module.startswith("httpcore"):
        if "Timeout" in name:
            return RemoteError("timeout", f"the server at {host} did not answer in time ({name})",
                               "the network or the project is slow or paused; changes stay queued and are "
                               "retried with backoff")
        if name in ("ConnectError", "ConnectTimeout"):
            return RemoteError("offline", f"cannot connect to {host}: network down or server not running",
                               "check your connection (and that the local stack runs, for a local URL); "
                               "changes stay queued in the outbox")
        return RemoteError("protocol", f"the connection to {host} failed mid-request ({name}: {exc})",
                           "transient network failure; the sync is retried and is idempotent")
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc)
    if module.startswith("postgrest") or name == "APIError":
        code = str(code) if code is not None else None
        lowered = message.lower()
        if "api key" in lowered:     # the gateway's answer to a key that is not this project's
            return wrong_key(host, message)
        if code in ("PGRST301", "PGRST302", "PGRST303") or "jwt" in lowered:
            return RemoteError("auth", f"the server refused the session token ({message})",
                               "the session expired or was revoked: run `flux-tui login`", code)
        if code == "42501":
            if "row-level security" in lowered:
                return RemoteError("rls", f"row-level security refused a write{where}: {message}",
                                   "an RLS policy is missing or wrong on the server (apply the migrations in "
                                   "supabase/migrations), or a row names a user other than the signed-in one", code)
            return RemoteError("grant", f"the server denied access{where}: {message}",
                               "a GRANT is missing for role authenticated (new Supabase projects grant nothing "
                               "by default): apply supabase/migrations with `supabase db push`", code)
        if code and (code.startswith("23") or code.startswith("22")):
            return RemoteError("rejected", f"the server rejected a row{where}: {message} ({code})",
                               "the row breaks a server constraint; it stays in the outbox (edit it to retry)",
                               code)
        # 42P10: no unique key to upsert on, i.e. a database without the per-user keys
        if code in ("PGRST202", "42883", "PGRST204", "42703", "PGRST205", "42P01", "42P10"):
            return RemoteError("schema", f"the database lacks what this version needs: {message}",
                               "apply the migrations in supabase/migrations (`supabase db push`)", code)
        if code is None or (code.isdigit() and code.startswith("5")) or code.startswith("PGRST0"):
            return RemoteError("server", f"the server failed{where} ({code or 'no code'}: {message})",
                               "a server-side error (5xx); changes stay queued and are retried with backoff",
                               code)
        return RemoteError("server", f"the server answered an error{where} ({code}: {message})",
                           "see the message; changes stay queued", code)
    if module.startswith("supabase_auth") or module.startswith("gotrue"):
        return _auth_error(exc, name, message, host)
    return RemoteError("protocol", f"unexpected failure talking to {host}: {name}: {message}",
                       "set FLUX_DEBUG=1 and retry to see the traceback")


def wrong_key(host: str, message: str) -> RemoteError:
    return RemoteError("config", f"the server at {host} refused SUPABASE_ANON_KEY ({message}): it is not "
                       "this project's anon key", "copy the anon (publishable) key from the project's "
                       "Settings > API into SUPABASE_ANON_KEY")


def _auth_error(exc: BaseException, name: str, message: str, host: str) -> RemoteError:
    """Supabase Auth's answers, each named for its cause (a wrong URL is not a wrong password)."""
    status = getattr(exc, "status", None)
    status = int(status) if isinstance(status, int) or str(status).isdigit() else None
    code = str(getattr(exc, "code", "") or "")
    if name == "AuthRetryableError" and not status:
        return RemoteError("offline", f"cannot connect to {host}: network down or server not running ({message})",
                           "check your connection and SUPABASE_URL (and that the local stack runs, for a local URL)")
    if status is not None and status >= 500:
        return RemoteError("server", f"Supabase Auth failed ({status}: {message})", "retry later")
    if "api key" in message.lower():
        return wrong_key(host, message)
    if status == 404 or message.strip() in ("{}", "") or "no route matched" in message.lower():
        return RemoteError("config", f"SUPABASE_URL is not a Supabase project: {host} has no Supabase Auth "
                           f"(/auth/v1 answered {status or 'nothing usable'})",
                           "use the project URL (https://<ref>.supabase.co, or the API URL `supabase status` "
                           "prints, e.g. http://127.0.0.1:54321) — not the PostgREST port or a /rest/v1 URL")
    if code in ("invalid_credentials", "invalid_grant") or "invalid login credentials" in message.lower():
        return RemoteError("auth", f"wrong email or password for {host}", "check them and run `flux-tui login`")
    if code in ("refresh_token_not_found", "refresh_token_already_used", "session_not_found", "session_expired") \
            or "refresh token" in message.lower():
        return RemoteError("auth", f"your session expired and could not be renewed ({message})",
                           "run `flux-tui login` again")
    return RemoteError("auth", f"sign-in refused: {message}",
                       "check the email and password, or run `flux-tui login` again")

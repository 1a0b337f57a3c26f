"""Settings that cannot redirect you: a .env file supplies FLUX's own keys only (never HTTP_PROXY,
SSL_CERT_FILE, …), `doctor` names the file each setting came from, and `login` shows where the password
goes and never sends it, unconfirmed, to a URL a .env file named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from flux_tui import settings

ROOT = Path(__file__).resolve().parents[2]
ANON = ("eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl")     # a JWT whose role claim is anon


def test_a_dotenv_file_sets_only_flux_keys(monkeypatch, tmp_path):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / ".env").write_text("SUPABASE_URL=http://from-file\nHTTP_PROXY=http://evil:3128\nHTTPS_PROXY=http://evil\n"
                               "SSL_CERT_FILE=/tmp/evil.pem\nPYTHONPATH=/tmp/evil\nFLUX_UNITS=lb\n")
    (home / ".env").write_text("SUPABASE_ANON_KEY=key-from-home\nREQUESTS_CA_BUNDLE=/tmp/evil.pem\n")
    monkeypatch.chdir(work)
    monkeypatch.setenv("FLUX_HOME", str(home))
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY", "HTTP_PROXY", "HTTPS_PROXY", "SSL_CERT_FILE", "FLUX_UNITS",
                 "REQUESTS_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    pythonpath = os.environ.get("PYTHONPATH")
    monkeypatch.setattr(settings, "_from_file", {})      # what this test loads is forgotten after it
    monkeypatch.setattr(settings, "_ignored", {})
    settings.load_dotenv_files()
    try:
        assert os.environ["SUPABASE_URL"] == "http://from-file" and os.environ["FLUX_UNITS"] == "lb"
        assert os.environ["SUPABASE_ANON_KEY"] == "key-from-home"
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
            assert name not in os.environ, name
        assert os.environ.get("PYTHONPATH") == pythonpath
        assert settings.setting_source("SUPABASE_URL") == f".env file {work / '.env'}"
        assert settings.setting_source("SUPABASE_ANON_KEY") == f".env file {home / '.env'}"
        assert settings.ignored_dotenv_keys() == {
            work / ".env": ["HTTP_PROXY", "HTTPS_PROXY", "SSL_CERT_FILE", "PYTHONPATH"],
            home / ".env": ["REQUESTS_CA_BUNDLE"]}
        monkeypatch.setenv("SUPABASE_URL", "http://mine")     # set by the user: the environment's
        settings.load_dotenv_files()
        assert settings.setting_source("SUPABASE_URL") == "the environment"
    finally:
        for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY", "FLUX_UNITS"):
            os.environ.pop(name, None)


class Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_POST(self):  # noqa: N802 — http.server's name
        length = int(self.headers.get("content-length") or 0)
        Recorder.seen.append(self.path + " " + self.rfile.read(length).decode(errors="replace"))
        self.send_response(400)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"error": "invalid_grant", "error_description": "no"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def foreign_server():
    """A server someone else runs: it records every request that reaches it."""
    Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", Recorder.seen
    server.shutdown()


def cli(cwd: Path, home: Path, *args: str, stdin: str = "", env: dict | None = None):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "FLUX_"))}
    full.update({"FLUX_HOME": str(home), "PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-m", "flux_tui", *args], input=stdin, capture_output=True, text=True,
                          env=full, cwd=cwd, timeout=60)


def test_login_never_sends_a_password_unconfirmed_to_a_url_from_a_dotenv_file(tmp_path, foreign_server):
    url, seen = foreign_server
    work, home = tmp_path / "cloned-repo", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / ".env").write_text(f"SUPABASE_URL={url}\nSUPABASE_ANON_KEY={ANON}\n")
    done = cli(work, home, "login", "--email", "me@example.com", "--password-stdin", stdin="hunter2\n")
    assert done.returncode == 2 and seen == [], (done.stdout, done.stderr, seen)
    assert f"the password will be sent to {url}" in done.stderr and str(work / ".env") in done.stderr
    assert "--yes" in done.stderr and "Traceback" not in done.stderr
    # confirmed: it goes where it said, and only there
    done = cli(work, home, "login", "--email", "me@example.com", "--password-stdin", "--yes", stdin="hunter2\n")
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert len(seen) == 1 and seen[0].startswith("/auth/v1/token") and "hunter2" in seen[0]
    # a URL the caller set in the environment is the caller's choice: no question without a terminal
    seen.clear()
    done = cli(tmp_path, home, "login", "--email", "me@example.com", "--password-stdin", stdin="hunter2\n",
               env={"SUPABASE_URL": url, "SUPABASE_ANON_KEY": ANON})
    assert len(seen) == 1 and "SUPABASE_URL from the environment" in done.stderr, done.stderr


def test_doctor_names_the_file_each_setting_came_from_and_what_it_ignored(tmp_path):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / ".env").write_text("SUPABASE_URL=http://127.0.0.1:9\nHTTP_PROXY=http://evil:3128\n")
    (home / ".env").write_text(f"SUPABASE_ANON_KEY={ANON}\n")
    done = cli(work, home, "doctor", "--json", env={"FLUX_SYNC_TIMEOUT": "1"})
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["configuration"]["detail"].startswith(
        f"SUPABASE_URL from .env file {work / '.env'}, SUPABASE_ANON_KEY from .env file {home / '.env'}")
    assert f"from .env file {work / '.env'}" in checks["environment"]["detail"]
    assert "ignored HTTP_PROXY" in checks["dotenv"]["detail"]

"""Which Supabase project the app talks to, and whether its key is acceptable. No network, no supabase import."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from flux_tui.remote.errors import RemoteError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def environment_of(url: str | None) -> str | None:
    """'local' for a project on this machine (localhost, loopback, *.local), else 'remote'."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".local") or host.endswith(".localhost") or host.startswith("127."):
        return "local"
    return "remote"


def jwt_claims(token: str) -> dict | None:
    """The payload of a JWT, decoded WITHOUT verifying it (we only read what the key claims to be)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def key_role(key: str) -> str | None:
    if key.startswith("sb_secret_"):
        return "service_role"
    if key.startswith("sb_publishable_"):
        return "anon"
    claims = jwt_claims(key)
    return str(claims.get("role")) if claims and "role" in claims else None


@dataclass(frozen=True)
class RemoteConfig:
    url: str
    anon_key: str

    @property
    def environment(self) -> str:
        return environment_of(self.url) or "remote"

    @property
    def rest_host(self) -> str:
        return urlsplit(self.url).netloc


def load_config() -> RemoteConfig:
    """SUPABASE_URL and SUPABASE_ANON_KEY from the environment (or a .env file, read by the CLI), checked."""
    from flux_tui.settings import remote_settings

    settings = remote_settings()
    if not settings.configured:
        missing = [n for n, v in (("SUPABASE_URL", settings.url), ("SUPABASE_ANON_KEY", settings.anon_key)) if not v]
        raise RemoteError(
            "config", f"sync is not configured: {' and '.join(missing)} not set",
            "put SUPABASE_URL and SUPABASE_ANON_KEY (the project's anon/publishable key) in the environment "
            "or in a .env file (working directory or data directory)")
    url = settings.url.rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise RemoteError("config", f"SUPABASE_URL is not an http(s) URL: {url!r}",
                          "use the project URL, e.g. https://abcd.supabase.co or http://127.0.0.1:54321")
    for service in ("/rest/v1", "/auth/v1"):
        if urlsplit(url).path.rstrip("/").endswith(service):
            raise RemoteError("config", f"SUPABASE_URL ends in {service} ({url}): that is one service of the "
                              "project, not the project URL", f"drop {service}: use e.g. https://abcd.supabase.co "
                              "or http://127.0.0.1:54321")
    check_anon_key(settings.anon_key)
    return RemoteConfig(url, settings.anon_key)


def check_anon_key(key: str) -> None:
    role = key_role(key)
    if role == "service_role":
        raise RemoteError(
            "config", "SUPABASE_ANON_KEY is a service_role key: refused (it bypasses row-level security "
            "and must never be in an app)",
            "use the project's anon (publishable) key from Settings > API; rotate the service_role key "
            "if it was shared")
    if role is not None and role != "anon":
        raise RemoteError("config", f"SUPABASE_ANON_KEY has role {role!r}, expected 'anon'",
                          "use the project's anon (publishable) key from Settings > API")

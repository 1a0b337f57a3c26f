"""`flux-tui doctor`: what is configured, what answers, and whether a row written can be read back."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Callable

from flux_tui.remote.errors import RemoteError

if TYPE_CHECKING:
    from flux_tui.store.outbox import Outbox

EXPECTED_SCHEMA = 8   # public.flux_schema_version() this version of flux-tui needs (8: remembered rests)
SYNCED_TABLES = ("user_configs", "exercises", "workout_sessions", "workout_sets", "bodyweights", "exercise_rests")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_checks(outbox: Outbox, remote_factory: Callable[[], Any] | None = None) -> list[Check]:
    from flux_tui.remote.client import Remote
    from flux_tui.remote.config import environment_of, key_role, load_config
    from flux_tui.remote.session import load_session, session_path
    from flux_tui.settings import ignored_dotenv_keys, remote_settings, setting_source

    checks: list[Check] = []
    settings = remote_settings()
    try:
        config = load_config()
        where = (f"SUPABASE_URL from {setting_source('SUPABASE_URL')}, "
                 f"SUPABASE_ANON_KEY from {setting_source('SUPABASE_ANON_KEY')}")
        if key_role(config.anon_key) == "anon":
            checks.append(Check("configuration", True, f"{where} (role anon, read from the key)"))
        else:
            checks.append(Check("configuration", False, f"{where}: SUPABASE_ANON_KEY is not a Supabase key "
                                "(neither a JWT with a role nor an sb_publishable_ key)",
                                "copy the anon (publishable) key from the project's Settings > API"))
    except RemoteError as error:
        checks.append(Check("configuration", False, error.message, error.hint))
        config = None
    ignored = ignored_dotenv_keys()
    if ignored:
        checks.append(Check("dotenv", True, "; ".join(f"{path}: ignored {', '.join(sorted(names))}"
                                                      for path, names in ignored.items())
                            + " (a .env file supplies only SUPABASE_URL, SUPABASE_ANON_KEY and FLUX_*)"))
    env = environment_of(settings.url)
    checks.append(Check("environment", env is not None,
                        f"{env} project at {settings.url} (from {setting_source('SUPABASE_URL')})" if env
                        else "no project configured",
                        "" if env else "set SUPABASE_URL"))
    if config is None:
        checks += [_last_sync(outbox), _outbox(outbox)]
        return checks

    remote: Any = remote_factory() if remote_factory else Remote(config, load_session())
    try:
        version = None
        try:
            version = remote.call_anonymous(lambda c: c.rpc("flux_schema_version").execute().data)
            checks.append(Check("api", True, f"{config.url} answers"))
        except RemoteError as error:
            if error.kind in ("offline", "timeout", "protocol", "server"):
                checks.append(Check("api", False, error.message, error.hint))
                checks += [_last_sync(outbox), _outbox(outbox)]
                return checks
            checks.append(Check("api", True, f"{config.url} answers ({error.kind})"))

        signed_in = False
        if remote.session is None:
            where = session_path()
            checks.append(Check("signed in", False, f"no session for {config.url} in {where}",
                                "run `flux-tui login`"))
        else:
            try:
                refreshed = remote.session.expires_in() < 60
                remote.ensure_fresh()
                minutes = int(remote.session.expires_in() // 60)
                checks.append(Check("signed in", True, f"as {remote.session.email} ({remote.session.user_id}); "
                                    f"token {'refreshed, ' if refreshed else ''}expires in {minutes} min"))
                checks.append(_account(outbox, remote.session.user_id, remote.session.email))
                signed_in = True
            except RemoteError as error:
                checks.append(Check("signed in", False, error.message, error.hint))

        if isinstance(version, int) and version >= EXPECTED_SCHEMA:
            schema = Check("schema", True, f"flux_schema_version() = {version} (needs {EXPECTED_SCHEMA})")
        elif isinstance(version, int):
            schema = Check("schema", False, f"database schema level {version}, this flux-tui needs "
                           f"{EXPECTED_SCHEMA}", "apply supabase/migrations (`supabase db push`)")
        else:
            schema = Check("schema", False, "public.flux_schema_version() is missing: the sync migration "
                           "was not applied", "apply supabase/migrations (`supabase db push`)")
        if schema.ok and signed_in:
            problem = _probe_tables(remote, outbox)
            if problem is not None:
                schema = Check("schema", False, problem.message, problem.hint)
            else:
                schema.detail += "; tables, columns and grants as expected"
        checks.append(schema)
        if signed_in:
            checks.append(_round_trip(remote))
        else:
            checks.append(Check("RLS round trip", False, "skipped: not signed in", "run `flux-tui login`"))
    finally:
        if remote_factory is None:
            remote.close()
    checks += [_last_sync(outbox), _outbox(outbox)]
    return checks


def _account(outbox: Outbox, user_id: str, email: str) -> Check:
    """The account this data folder is bound to (its first sync), against the one signed in."""
    owner = outbox.sync_owner()
    if owner is None:
        return Check("account", True, f"this data folder has not synced yet; its first sync binds it to {email}")
    if owner != user_id:
        return Check("account", False, f"this data folder syncs as account {owner}, but you are signed in as "
                     f"{email} ({user_id}): sync refuses to mix them",
                     "sign in as that account, use another data folder (FLUX_HOME), or `flux-tui reset`")
    return Check("account", True, f"this data folder syncs as {email} ({user_id})")


def _last_sync(outbox: Outbox) -> Check:
    """How the last sync ended (the app's and `flux-tui sync`'s both record it)."""
    import json

    from flux_tui.timefmt import from_iso, local_time

    def local_text(moment):
        return local_time(moment, None).strftime("%Y-%m-%d %H:%M:%S")

    failed = outbox.get_setting("sync.last_error")
    if failed:
        try:
            error = json.loads(failed)
        except ValueError:
            error = {"message": failed}
        at = f" at {local_text(from_iso(error['at']))}" if error.get("at") else ""
        return Check("last sync", False, f"failed{at}: {error.get('message', '')}", error.get("hint", ""))
    ok = outbox.get_setting("sync.last_ok_at")
    if ok:
        return Check("last sync", True, f"succeeded at {local_text(from_iso(ok))}")
    return Check("last sync", True, "none yet")


def _probe_tables(remote: Any, outbox: Outbox) -> RemoteError | None:
    for table in SYNCED_TABLES:
        columns = ",".join(outbox.table_columns(table))
        try:
            remote.call(lambda c, t=table, cols=columns: c.table(t).select(cols).limit(0).execute(), table=table)
        except RemoteError as error:
            return error
    return None


def _round_trip(remote: Any) -> Check:
    """Write a probe row (a deleted Brain, so no device ever uses it), read it back, delete it."""
    from flux_tui.remote.sync import CONFLICT_KEY

    probe = str(uuid.uuid4())
    row = {"id": probe, "user_id": remote.user_id, "brain_version": 1, "logic": {}, "selections": {},
           "sessions": {}, "conditioning": {}, "state": {"doctor_probe": True},
           "deleted_at": "2000-01-01T00:00:00+00:00"}
    try:
        remote.call(lambda c: c.table("user_configs").upsert(row, on_conflict=CONFLICT_KEY, returning="minimal")
                    .execute(), table="user_configs")
        back = remote.call(lambda c: c.table("user_configs").select("id").eq("user_id", row["user_id"])
                           .eq("id", probe).execute().data, table="user_configs")
        remote.call(lambda c: c.table("user_configs").delete(returning="minimal").eq("user_id", row["user_id"])
                    .eq("id", probe).execute(), table="user_configs")
    except RemoteError as error:
        return Check("RLS round trip", False, error.message, error.hint)
    if not back:
        return Check("RLS round trip", False,
                     "the server hides your rows: a row written was not returned when read back",
                     "RLS select policy missing (or `using (false)`), or you are signed in as another user; "
                     "apply supabase/migrations")
    return Check("RLS round trip", True, "a probe row was written, read back and removed as you")


def _outbox(outbox: Outbox) -> Check:
    from flux_tui.remote.sync import next_attempt_at

    size = outbox.size()
    rejected = outbox.refused()
    detail = f"{size} change(s) waiting to be pushed"
    when = next_attempt_at(outbox)
    if when is not None and size:
        detail += f"; next background attempt after {when.isoformat(timespec='seconds')}"
    if rejected:
        first = rejected[0]
        waiting = sum(r["waiting"] for r in rejected)
        return Check("outbox", False, f"{detail}; {len(rejected)} refused by the server and set aside"
                     f"{f', {waiting} set(s) waiting for them' if waiting else ''} "
                     f"(e.g. {first['table']} {first['id']}: {first['message']})",
                     "`flux-tui refused` lists them; `flux-tui refused fix ID [field=value ...]` corrects and "
                     "retries one, `flux-tui refused drop ID` discards it")
    return Check("outbox", True, detail)

"""`seed --remote` and `reset --remote`: writes to the user's rows on the server, after saying where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flux_tui.remote.client import Remote
from flux_tui.remote.config import RemoteConfig
from flux_tui.remote.errors import RemoteError
from flux_tui.remote.sync import PUSH_ORDER, SyncReport, Syncer, to_local

if TYPE_CHECKING:
    from flux_tui.store.outbox import Outbox


def describe_target(config: RemoteConfig, email: str | None) -> str:
    kind = "LOCAL project (this machine)" if config.environment == "local" else "REMOTE project (hosted)"
    return f"Supabase {kind} at {config.url}" + (f", as {email}" if email else "")


def signed_in_remote() -> Remote:
    remote = Remote.from_environment()
    if remote.session is None:
        remote.close()
        raise RemoteError("not_signed_in", f"not signed in to {remote.config.url}", "run `flux-tui login` first")
    return remote


def take_server_config_id(outbox: Outbox, remote: Remote) -> bool:
    """Before a seed that will be pushed: if the account has a live Brain with another id, continue that
    row (adopt its id) so the new Brain replaces it on the server instead of adding a second one."""
    rows = remote.call(lambda c: c.table("user_configs").select("*").is_("deleted_at", "null")
                       .order("created_at").order("id").limit(1).execute().data, table="user_configs")
    if not rows:
        return False
    server = to_local("user_configs", rows[0], outbox.table_columns("user_configs"))
    if any(r["id"] == server["id"] for r in outbox.live_config_rows()):
        return False
    outbox.adopt_config(server)
    return True


def push_seeded(outbox: Outbox, remote: Remote) -> SyncReport:
    return Syncer(outbox, remote).sync()


def delete_remote_rows(remote: Remote) -> dict[str, int]:
    """Delete every row of the signed-in user on the server, children first (the catalog is not theirs)."""
    uid = remote.user_id
    counts: dict[str, int] = {}
    for table in reversed(PUSH_ORDER):
        data = remote.call(lambda c, t=table: c.table(t).delete(returning="representation")
                           .eq("user_id", uid).execute().data, table=table)
        counts[table] = len(data or [])
    return counts

"""Offline-first sync: push the outbox, then pull what changed since a keyset cursor (docs/sync.md).

Blocking, network-bound: the UI runs it in a thread worker (see background.py).
"""

from __future__ import annotations

import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator, Mapping

from flux_tui.remote.client import Remote
from flux_tui.remote.errors import RemoteError
from flux_tui.store.outbox import Outbox
from flux_tui.timefmt import from_iso, to_iso, utc_now

PUSH_ORDER = ("exercises", "workout_sessions", "workout_sets", "bodyweights", "exercise_rests",  # parents first
              "user_configs")
# The Brain before the history it is folded with; custom exercises before the Brain and sets naming them.
PULL_ORDER = ("exercises", "user_configs", "workout_sessions", "workout_sets", "bodyweights", "exercise_rests")
HISTORY = PUSH_ORDER[:-1]  # pushed before the pull; the Brain and its state after it (derived from all of it)
# Rows per upsert request. Each table's last batch is partial, so 4 tables cost up to 3 requests more
# than N/size: at 1,000 rows a 100k-set push takes ~105 requests, well within ⌈N/500⌉, and a body
# of sets stays ~0.5 MB (the size of a pull page, Supabase's default max_rows).
BATCH_SIZE = 1000
# Bytes per upsert body as well: a page of rows near the server's size limits (16 KiB of metadata a
# set, a Brain section up to 1 MiB) is cut into several requests. A row larger than this goes alone.
BATCH_BYTES = 1024 * 1024
# Every server table is keyed per user (supabase/migrations/20261202010000_per_user_keys_and_limits.sql):
# an id names a row of this user only, so pushes upsert on the pair.
CONFLICT_KEY = "user_id,id"
PARALLEL_UPLOADS = 3      # upsert requests in flight at once (same count of requests, less waiting)
PAGE_SIZE = 1000          # rows per pull request (Supabase's default max_rows)
PULL_LAG = timedelta(seconds=30)   # re-read window below the cursor: rows committed late by a slow transaction
BISECT_BUDGET = 200       # extra requests a sync may spend isolating rejected rows
BACKOFF_BASE = 2.0        # seconds; doubles per consecutive failure
BACKOFF_CAP = 30.0        # at most 30 s between background attempts: back soon after the network

JSON_COLUMNS: dict[str, frozenset[str]] = {
    "user_configs": frozenset({"logic", "selections", "sessions", "conditioning", "state"}),
    "exercises": frozenset({"aliases", "primary_muscles", "secondary_muscles"}),
    "workout_sessions": frozenset({"plan", "exercise_notes"}),
    "workout_sets": frozenset({"metadata"}),
    "bodyweights": frozenset(),
    "exercise_rests": frozenset(),
}
BOOL_COLUMNS: dict[str, frozenset[str]] = {
    "exercises": frozenset({"is_custom"}),
    "workout_sets": frozenset({"is_warmup"}),
}
TIME_COLUMNS = frozenset({"created_at", "updated_at", "deleted_at", "started_at", "completed_at", "logged_at",
                          "measured_at"})


# --- row mapping: SQLite values <-> PostgREST JSON ------------------------------------

def to_remote(table: str, row: Mapping[str, Any], user_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    json_columns, bool_columns = JSON_COLUMNS[table], BOOL_COLUMNS.get(table, frozenset())
    for column, value in row.items():
        if column == "user_id":
            value = user_id
        elif column in json_columns and value is not None:
            value = json.loads(value)
        elif column in bool_columns:
            value = bool(value)
        out[column] = value
    return out


def to_local(table: str, row: Mapping[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    json_columns, bool_columns = JSON_COLUMNS[table], BOOL_COLUMNS.get(table, frozenset())
    for column in columns:
        value = row.get(column)
        if value is None:
            pass
        elif column in json_columns:
            value = json.dumps(value, sort_keys=True, ensure_ascii=False)
        elif column in bool_columns:
            value = int(bool(value))
        elif column in TIME_COLUMNS:
            value = to_iso(from_iso(value))
        elif column in ("id", "user_id", "session_id"):
            value = str(value)
        out[column] = value
    return out


def _same_time(a: str | None, b: str | None) -> bool:
    return a is b or (a is not None and b is not None and from_iso(a) == from_iso(b))


def filter_time(iso: str) -> str:
    """A timestamp for a PostgREST filter: UTC with 'Z' (no '+' to be mangled in a query string)."""
    return from_iso(iso).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- results -------------------------------------------------------------------------------

@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    rejected: list[dict[str, str]] = field(default_factory=list)
    apply_errors: list[tuple[str, str, str]] = field(default_factory=list)
    kept_local: int = 0
    adopted_config: bool = False
    rebuilt_state: bool = False
    requests: int = 0
    seconds: float = 0.0
    pending: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed, "pulled": self.pulled, "rejected": self.rejected,
            "apply_errors": [list(e) for e in self.apply_errors], "kept_local": self.kept_local,
            "adopted_config": self.adopted_config, "rebuilt_state": self.rebuilt_state,
            "requests": self.requests, "seconds": round(self.seconds, 3), "pending": self.pending,
        }


# --- the sync --------------------------------------------------------------------------------

class Syncer:
    """One sync of the store's `outbox` with `remote`. `rebuild`: folds the engine over the whole history
    again and returns whether the state changed (Training.rebuild_state), called when sessions arrived."""

    def __init__(self, outbox: Outbox, remote: Remote, *, rebuild: Callable[[], bool] | None = None,
                 batch_size: int = BATCH_SIZE, batch_bytes: int = BATCH_BYTES, page_size: int = PAGE_SIZE,
                 parallel: int = PARALLEL_UPLOADS) -> None:
        self.outbox = outbox
        self.rebuild = rebuild
        self.parallel = max(1, parallel)
        self.remote = remote
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.page_size = page_size
        self.report = SyncReport()
        self._pushed_now: set[str] = set()
        self._rebuild = False
        self._bisect_left = BISECT_BUDGET
        self._parked: dict[str, str] = {}             # this table's set-aside rows: id -> queued_at refused
        self._refused_before: set[str] = set()       # this table's rows refused at some point (edited since or not)
        self._waiting_on: dict[str, set[str]] = {}    # a set's column -> set-aside parents it waits for
        self._unparked = False
        self._table_acked = 0
        self._rls_refused: list[str] = []
        self._rls_error: RemoteError | None = None

    # the whole cycle ------------------------------------------------------------------------
    def sync(self) -> SyncReport:
        """Push the history, pull (applied in one transaction that also derives the state), then push
        the Brain: the state that goes up is always the fold of the history as synced."""
        started, requests0 = time.monotonic(), self.remote.requests
        self.report = SyncReport()
        try:
            self.remote.ensure_fresh()
            uid = self.remote.user_id
            self._check_owner(uid)
            first = self.outbox.get_setting("sync.uid") != uid
            adopt = self._server_config() if first else None
            self.push(uid, HISTORY)
            self.pull(uid, adopt=adopt, first=first)
            self.outbox.settle_configs()
            self.push(uid)
        except RemoteError as error:
            record_failure(self.outbox, error)
            raise
        finally:
            self.report.requests = self.remote.requests - requests0
            self.report.seconds = time.monotonic() - started
            self.report.pending = self.outbox.size()
        record_success(self.outbox)
        return self.report

    def _check_owner(self, uid: str) -> None:
        owner = self.outbox.sync_owner()
        if owner is not None and owner != uid:
            raise RemoteError(
                "account", f"this data directory ({self.outbox.path.parent}) was synced as another account "
                f"(user {owner}); refusing to mix two accounts' data",
                "sign in as that account, or use another data directory (FLUX_HOME), or "
                "`flux-tui reset` to start this one over")

    def _server_config(self) -> dict[str, Any] | None:
        """A device's first sync as this user: the account's Brain, to adopt (in the pull's transaction)
        if ours never reached the server, so the account keeps one Brain."""
        rows = self.remote.call(
            lambda c: c.table("user_configs").select("*").is_("deleted_at", "null")
            .order("created_at").order("id").limit(1).execute().data, table="user_configs")
        if not rows:
            return None
        server = to_local("user_configs", rows[0], self.outbox.table_columns("user_configs"))
        live = self.outbox.live_config_rows()
        never_pushed = all(r["user_id"] is None for r in live)
        if (not live or never_pushed) and all(r["id"] != server["id"] for r in live):
            return server
        return None

    # push ---------------------------------------------------------------------------------------
    def push(self, uid: str, tables: tuple[str, ...] = PUSH_ORDER) -> None:
        """Send every table's queue, parents first. A row the server refuses is set aside with its reason
        (Outbox.refuse) and the rest still goes; sets of a set-aside session or exercise wait for it."""
        for table in tables:
            if self._unparked:
                # a row set aside before went through: children refused for its sake (23503) may pass now
                self.outbox.retry_refused(code="23503")
                self._unparked = False
            self._parked = self.outbox.set_aside(table)
            self._refused_before = self.outbox.refused_ids(table)
            self._waiting_on = {"session_id": set(self.outbox.set_aside("workout_sessions")),
                                "exercise_id": set(self.outbox.set_aside("exercises"))} \
                if table == "workout_sets" else {}
            self._table_acked, self._rls_refused = 0, []
            self._push_table(table, uid)
            if self._rls_refused and not self._table_acked:
                # every row of the table refused by RLS: a policy problem on the server, not a bad row
                self.outbox.retry_refused([(table, row_id) for row_id in self._rls_refused])
                self.report.rejected = [r for r in self.report.rejected
                                        if not (r["table"] == table and r["id"] in self._rls_refused)]
                raise self._rls_error
        self.outbox.prune_refused()

    def _sendable(self, table: str, row_id: str, queued_at: str, row: dict[str, Any]) -> bool:
        if self._parked.get(row_id) == queued_at:
            return False
        return not any(row.get(column) in parents for column, parents in self._waiting_on.items())

    def _push_table(self, table: str, uid: str) -> None:
        """Upload one table's queue in batches, `parallel` requests in flight (rows of one table are
        independent; the parent tables were all acknowledged before). The local ack of one batch
        overlaps the next uploads; every SQLite write stays on this thread."""
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        self.remote.client().postgrest    # built once, before the workers share it
        after, exhausted = 0, False
        ready: deque[tuple[list[tuple[str, str, dict[str, Any]]], list[dict[str, Any]]]] = deque()
        inflight: dict[Any, list[tuple[str, str, dict[str, Any]]]] = {}
        failure: RemoteError | None = None
        with ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="flux-push") as pool:
            while True:
                while failure is None and len(inflight) < self.parallel:
                    if ready:
                        items, payload = ready.popleft()
                        inflight[pool.submit(self._upload, table, payload)] = items
                        continue
                    if exhausted:
                        break
                    page = self.outbox.page(table, after, self.batch_size)
                    if not page:
                        exhausted = True
                        break
                    after = page[-1][0]
                    gone = [(row_id, queued_at, None) for _, row_id, queued_at, row in page if row is None]
                    if gone:
                        self.outbox.ack(table, gone, None)
                    items = [(row_id, queued_at, row) for _, row_id, queued_at, row in page
                             if row is not None and self._sendable(table, row_id, queued_at, row)]
                    ready.extend(self._batches(table, items, uid))
                if not inflight:
                    break
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for future in done:
                    items = inflight.pop(future)
                    error = future.exception()
                    if error is None:
                        self._acked(table, items, uid, future.result())
                        continue
                    if not isinstance(error, RemoteError):
                        error = RemoteError("protocol", f"push failed: {type(error).__name__}: {error}")
                    if error.kind in ("rejected", "rls") and failure is None:
                        try:
                            self._send(table, items, uid)       # isolate the bad rows, send the rest
                        except RemoteError as again:
                            failure = failure or again
                        continue
                    self.outbox.attempted(table, [row_id for row_id, _, _ in items])
                    failure = failure or error
        if failure is not None:
            raise failure

    def _batches(self, table: str, items: list[tuple[str, str, dict[str, Any]]], uid: str
                 ) -> Iterator[tuple[list[tuple[str, str, dict[str, Any]]], list[dict[str, Any]]]]:
        """Cut one page into request bodies of at most `batch_bytes`, measured as httpx encodes them
        (compact JSON, UTF-8); a row that is larger on its own is sent alone. A row holding NaN or
        +/-Infinity cannot be sent as JSON at all: it is rejected here, so the rest still syncs."""
        batch: list[tuple[str, str, dict[str, Any]]] = []
        payload: list[dict[str, Any]] = []
        size = 2                                   # the array's brackets
        for item in items:
            row = to_remote(table, item[2], uid)
            try:
                text = json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            except ValueError:
                self._park(table, item[0], item[1], "22003",
                           f"the row holds a number that is not finite (NaN or Infinity) on table {table}")
                continue
            row_size = len(text.encode()) + 1
            if payload and size + row_size > self.batch_bytes:
                yield batch, payload
                batch, payload, size = [], [], 2
            batch.append(item)
            payload.append(row)
            size += row_size
        if payload:
            yield batch, payload

    def _upload(self, table: str, payload: list[dict[str, Any]]) -> dict[str, str]:
        """Upsert one body. The server answers each row's id, the updated_at it stamped, and deleted_at:
        a row it kept deleted (a tombstone wins over an older edit) gets no stamp here, so the store
        does not look like the server's copy and the pull brings the tombstone back."""
        rows = self.remote.call(lambda c: c.table(table).upsert(payload, on_conflict=CONFLICT_KEY)
                                .select("id,updated_at,deleted_at").execute().data, table=table)
        sent = {str(r["id"]): r.get("deleted_at") for r in payload}
        return {str(r["id"]): to_iso(from_iso(r["updated_at"])) for r in rows or ()
                if _same_time(r.get("deleted_at"), sent.get(str(r["id"])))}

    def _acked(self, table: str, items: list[tuple[str, str, dict[str, Any]]], uid: str,
               stamps: dict[str, str]) -> None:
        self.outbox.ack(table, [(row_id, queued_at, row["updated_at"]) for row_id, queued_at, row in items],
                        uid, stamps)
        if any(row_id in self._refused_before for row_id, _, _ in items):
            self._unparked = True
        self._table_acked += len(items)
        self.report.pushed[table] = self.report.pushed.get(table, 0) + len(items)
        self._pushed_now.add(table)

    def _send(self, table: str, items: list[tuple[str, str, dict[str, Any]]], uid: str) -> None:
        try:
            stamps = self._upload(table, [to_remote(table, row, uid) for _, _, row in items])
        except RemoteError as error:
            if error.kind in ("rejected", "rls"):
                if len(items) == 1:
                    row_id, queued_at, _ = items[0]
                    self._park(table, row_id, queued_at, error.code or "", error.message)
                    if error.kind == "rls":
                        self._rls_refused.append(row_id)
                        self._rls_error = error
                    return
                if self._bisect_left >= 2:
                    self._bisect_left -= 2
                    middle = len(items) // 2
                    self._send(table, items[:middle], uid)
                    self._send(table, items[middle:], uid)
                    return
            self.outbox.attempted(table, [row_id for row_id, _, _ in items])
            raise
        self._acked(table, items, uid, stamps)

    def _park(self, table: str, row_id: str, queued_at: str, code: str, message: str) -> None:
        """Set a refused row aside: reported, kept in the outbox, not sent again until it is edited or fixed."""
        self.outbox.refuse(table, row_id, queued_at, code, message)
        self.report.rejected.append({"table": table, "id": row_id, "code": code, "message": message})

    # pull -----------------------------------------------------------------------------------------
    def pull(self, uid: str, adopt: dict[str, Any] | None = None, first: bool = False) -> None:
        """Read what changed on the server, then apply all of it with the cursors in one store
        transaction (Outbox.apply_pull): a failure leaves no cursor moved past rows not applied."""
        status = self.remote.call(lambda c: c.rpc("sync_cursor").execute().data)
        if not isinstance(status, dict) or "tables" not in status:
            raise RemoteError("schema", "the server's sync_cursor() answered something unexpected",
                              "apply the migrations in supabase/migrations (`supabase db push`)")
        if status.get("uid") != uid:
            raise RemoteError("auth", "the server does not see you as signed in (auth.uid() is "
                              f"{status.get('uid')!r}, expected {uid})", "run `flux-tui login` again")
        tables = status["tables"]
        for table in PULL_ORDER:
            if int((tables.get(table) or {}).get("n") or 0) == 0 and (
                    table in self._pushed_now or self.outbox.has_synced_rows(table, uid)):
                raise RemoteError(
                    "hidden", f"the server hides your rows: {table} rows it acknowledged are not returned when "
                    "read back", "an RLS select policy is missing or wrong (e.g. `using (false)`), or you are "
                    "signed in as another user (or your rows were deleted on the server by `reset --remote` "
                    "elsewhere); apply supabase/migrations and run `flux-tui doctor`")
        pulled: list[tuple[str, list[dict[str, Any]], frozenset[str]]] = []
        marks: dict[str, dict[str, str]] = {}
        for table in PULL_ORDER:
            fingerprint = json.dumps(tables.get(table), sort_keys=True)
            if fingerprint == self.outbox.get_setting(f"sync.fp.{table}"):
                continue
            marks[table] = {f"sync.fp.{table}": fingerprint}
            if not int((tables.get(table) or {}).get("n") or 0):
                continue  # the server holds none of its rows (an unused table): nothing to read back
            newest = self._mirrored(table, uid, tables.get(table) or {})
            if newest is None:
                rows, newest = self._read_table(table, uid)
                pulled.append((table, rows, JSON_COLUMNS[table]))
            if newest:
                marks[table][f"sync.cursor.{table}"] = newest
        if not marks and not first:
            return
        results = self.outbox.apply_pull(pulled, marks, adopt, owner=uid if first else None)
        self.report.adopted_config = adopt is not None
        for table, result in results.items():
            changed = len(result["content"])
            if changed:
                self.report.pulled[table] = self.report.pulled.get(table, 0) + changed
            self.report.kept_local += result["kept_local"]
            self.report.apply_errors += [(table, i, m) for i, m in result["errors"]]
            if changed and table in ("workout_sessions", "workout_sets", "user_configs"):
                self._rebuild = True
        if (self._rebuild or adopt is not None) and self.rebuild is not None and self.outbox.has_config():
            self.report.rebuilt_state = self.rebuild()

    def _mirrored(self, table: str, uid: str, server: Mapping[str, Any]) -> str | None:
        """After pushes of ours (this sync's, or the Brain pushed at the end of the last one), the server's
        rows may be exactly the ones this store holds (a push takes the server's stamps from its
        answer): then there is nothing to read back. Returns the
        cursor to store in that case. Count and newest stamp compare exactly; the exact local sum,
        rounded as the server's is when it is read as JSON, equals it."""
        if not server.get("max"):
            return None
        count, newest, total, newest_id = self.outbox.fingerprint(table, uid)
        if (count != int(server.get("n") or 0) or newest is None
                or from_iso(newest) != from_iso(server["max"]) or float(total) != float(server.get("sum") or 0)):
            return None
        return f"{newest}|{newest_id}"

    def _read_table(self, table: str, uid: str) -> tuple[list[dict[str, Any]], str | None]:
        """Every row of `table` changed since its cursor (keyset pages), in SQLite form, and the new cursor."""
        columns = self.outbox.table_columns(table)
        saved = self.outbox.get_setting(f"sync.cursor.{table}")
        start = None
        if saved:
            start = filter_time(to_iso(from_iso(saved.split("|", 1)[0]) - PULL_LAG))
        position: tuple[str, str] | None = None
        newest = saved
        staged: list[dict[str, Any]] = []
        while True:
            def page(c: Any, position=position) -> list[dict[str, Any]]:
                # own rows only (for exercises: custom ones; the catalog is shipped): ids are unique per user,
                # so the keyset (updated_at, id) is a total order within them
                q = c.table(table).select("*").eq("user_id", uid)
                if position is not None:
                    ts, last_id = filter_time(position[0]), position[1]
                    q = q.or_(f'updated_at.gt."{ts}",and(updated_at.eq."{ts}",id.gt."{last_id}")')
                elif start is not None:
                    q = q.gte("updated_at", start)
                return q.order("updated_at").order("id").limit(self.page_size).execute().data

            rows = self.remote.call(page, table=table)
            if not rows:
                break
            staged += [to_local(table, r, columns) for r in rows]
            position = (rows[-1]["updated_at"], str(rows[-1]["id"]))
            mark = f"{to_iso(from_iso(position[0]))}|{position[1]}"
            if newest is None or mark > newest:
                newest = mark
            if len(rows) < self.page_size:
                break
        return staged, newest


# --- bookkeeping in the store's settings ----------------------------------------------------

def backoff_delay(failures: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, failures - 1))


def record_failure(outbox: Outbox, error: RemoteError) -> None:
    failures = int(outbox.get_setting("sync.failures", "0") or 0) + 1
    delay = backoff_delay(failures) * random.uniform(0.9, 1.1)
    outbox.set_setting("sync.failures", str(failures))
    outbox.set_setting("sync.next_attempt_at", to_iso(utc_now() + timedelta(seconds=delay)))
    outbox.set_setting("sync.last_error", json.dumps({"kind": error.kind, "message": error.message,
                                                     "hint": error.hint, "at": to_iso(utc_now())}))


def record_success(outbox: Outbox) -> None:
    outbox.set_setting("sync.failures", "0")
    outbox.set_setting("sync.next_attempt_at", "")
    outbox.set_setting("sync.last_error", "")
    outbox.set_setting("sync.last_ok_at", to_iso(utc_now()))


def next_attempt_at(outbox: Outbox) -> datetime | None:
    value = outbox.get_setting("sync.next_attempt_at")
    return from_iso(value) if value else None



"""Push requests are bounded in bytes as well as rows: every upsert body the gateway receives is at most
`batch_bytes` (as sent on the wire) and `batch_size` rows, a row larger than the byte cap goes alone,
and every row still arrives."""

from __future__ import annotations

import json

import pytest

from flux_tui.remote.sync import BATCH_BYTES, Syncer
from tests.sync.conftest import assert_converged, server_rows

pytestmark = pytest.mark.stack


def test_push_batches_are_cut_by_bytes_and_rows(stack, user, devices):
    email, password, uid = user
    d = devices("big").login(email, password)
    d.log_session(14)
    # one set with a ~15 KB note in its metadata (within the server's 16 KiB, above the cap below),
    # eight with ~5 KB (two fit a request), five plain ones (four fit: the row cap)
    for n, (set_id,) in enumerate(d.store.db.conn.execute("SELECT id FROM workout_sets ORDER BY set_index").fetchall()):
        note = "x" * (15_000 if n == 0 else 5_000 if n <= 8 else 10)
        d.store.db.conn.execute("UPDATE workout_sets SET metadata = ? WHERE id = ?", (json.dumps({"note": note}), set_id))
    bodies: list[bytes] = []

    def record(req):
        if req.method == "POST" and req.path == "/rest/v1/workout_sets":
            bodies.append(req.body)

    with stack.faults(record):
        Syncer(d.store.outbox, d.remote, rebuild=d.training.refold, batch_size=4, batch_bytes=12_000).sync()
    rows_per_request = [len(json.loads(b)) for b in bodies]
    assert max(len(b) for b in bodies if len(json.loads(b)) > 1) <= 12_000, [len(b) for b in bodies]
    assert max(rows_per_request) <= 4
    big = [json.loads(b) for b in bodies if len(b) > 12_000]
    assert len(big) == 1 and len(big[0]) == 1, "the one row larger than the cap goes alone"
    assert sum(rows_per_request) == 14, rows_per_request
    assert 2 in rows_per_request and 4 in rows_per_request, rows_per_request
    assert assert_converged(stack, uid, d)["workout_sets"] == 14
    assert d.store.outbox.size() == 0


def test_default_batches_keep_a_typical_push_to_its_row_count(stack, user, devices):
    """The byte cap is not what limits everyday pushes: 1,000 ordinary sets fit one request."""
    email, password, _ = user
    d = devices("typical").login(email, password)
    d.log_session(3)
    row = d.store.outbox.rows("workout_sets")[0]
    from flux_tui.remote.sync import to_remote

    size = len(json.dumps(to_remote("workout_sets", row, "0" * 36), separators=(",", ":")).encode())
    assert 1000 * (size + 1) < BATCH_BYTES, size


def test_a_row_with_a_number_json_cannot_carry_is_rejected_and_the_rest_syncs(stack, user, devices):
    """SQLite keeps Infinity; JSON (and so httpx) cannot send it. That row is reported and kept,
    never lets the push fail as a whole, and is not sent again until edited."""
    email, password, uid = user
    d = devices("inf").login(email, password)
    d.log_session(3)
    bad = d.store.db.conn.execute("SELECT id FROM workout_sets ORDER BY set_index LIMIT 1").fetchone()[0]
    d.store.db.conn.execute("UPDATE workout_sets SET weight = 1e999 WHERE id = ?", (bad,))
    report = d.sync()
    assert [(r["id"], r["code"]) for r in report.rejected] == [(bad, "22003")]
    assert "not finite" in report.rejected[0]["message"]
    on_server = {r["id"] for r in server_rows(stack, "workout_sets", uid)}
    assert len(on_server) == 2 and bad not in on_server
    assert d.store.outbox.size() == 1
    assert d.sync().rejected == [], "a parked row is not sent again until it is edited"
    d.store.db.conn.execute("UPDATE workout_sets SET weight = 100 WHERE id = ?", (bad,))
    d.sync()
    assert assert_converged(stack, uid, d)["workout_sets"] == 3

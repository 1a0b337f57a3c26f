-- Version 5 (local only): rows the server refused on push, set aside with its reason (docs/sync.md,
-- "Refused rows"). A row stays set aside while its outbox entry is the one refused (same `queued_at`):
-- an edit re-queues it and the next sync sends it again; `flux-tui refused fix|drop` resolves it.
-- Children of a set-aside parent (a session's sets) are not sent meanwhile; they are not listed here.
CREATE TABLE refused_rows (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    refused_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00','now')),
    PRIMARY KEY (table_name, row_id)
);

-- Version 4 kept them as one JSON setting {"table/id": {"queued_at", "code", "message"}}.
INSERT OR IGNORE INTO refused_rows (table_name, row_id, queued_at, code, message)
SELECT substr(j.key, 1, instr(j.key, '/') - 1), substr(j.key, instr(j.key, '/') + 1),
       json_extract(j.value, '$.queued_at'), coalesce(json_extract(j.value, '$.code'), ''),
       coalesce(json_extract(j.value, '$.message'), '')
FROM settings s, json_each(s.value) j
WHERE s.key = 'sync.rejected' AND json_valid(s.value) AND instr(j.key, '/') > 0
  AND json_extract(j.value, '$.queued_at') IS NOT NULL;
DELETE FROM settings WHERE key = 'sync.rejected';

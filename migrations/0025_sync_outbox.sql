-- 0025: head office's outbox. What changed since the last batch is frozen as a batch under a
-- UUIDv7 (the upload's idempotency key) and sent oldest first; a batch is never changed, only
-- marked sent or refused. sync_sent holds each key's value as last put in a batch, so the next
-- batch carries only what changed. Summaries only: no table here holds a name or a per-person row.
CREATE TABLE sync_sent (
    site       TEXT NOT NULL,
    period     TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    breakdown  TEXT NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    PRIMARY KEY (site, period, indicator, breakdown)
) WITHOUT ROWID;

CREATE TABLE sync_outbox (
    seq        INTEGER PRIMARY KEY,      -- the till's order of its batches: 1, 2, 3, ...
    id         TEXT NOT NULL UNIQUE,     -- UUIDv7
    made_at    TEXT NOT NULL,
    summaries  INTEGER NOT NULL,
    sent_at    TEXT,                     -- head office stored it
    refused    TEXT,                     -- head office refused it for good, in its words
    seen_at    TEXT,                     -- a manager saw the refusal (mekong sync --now)
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    body       TEXT NOT NULL CHECK (json_valid(body))    -- last: the state's reads never touch it
);
-- The top bar reads these every second: from the indexes alone.
CREATE INDEX sync_outbox_waiting ON sync_outbox (seq, summaries) WHERE sent_at IS NULL AND refused IS NULL;
CREATE INDEX sync_outbox_refused ON sync_outbox (seq) WHERE refused IS NOT NULL AND seen_at IS NULL;

CREATE TRIGGER sync_outbox_batch_is_frozen BEFORE UPDATE OF seq, id, made_at, body, summaries ON sync_outbox
BEGIN SELECT RAISE(ABORT, 'a batch is frozen: a later change makes a new batch'); END;

-- The last attempt and the last success, for the top bar and `mekong sync --now`.
CREATE TABLE sync_state (
    one             INTEGER PRIMARY KEY CHECK (one = 1),
    last_try_at     TEXT,
    last_success_at TEXT,
    last_error      TEXT
);
INSERT INTO sync_state (one) VALUES (1);

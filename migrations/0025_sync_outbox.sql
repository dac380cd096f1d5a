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
    body       TEXT NOT NULL CHECK (json_valid(body)),   -- sent byte for byte as frozen
    summaries  INTEGER NOT NULL,
    sent_at    TEXT,                     -- head office stored it
    refused    TEXT,                     -- head office refused it for good, in its words
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

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

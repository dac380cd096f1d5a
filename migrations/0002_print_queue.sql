-- 0002: the print queue. A sale's receipt job is written in the sale's own transaction, so no
-- sale is ever without its receipt; the printer is fed from here, oldest job first. Finished
-- jobs are deleted: the sale itself is the record, and the table stays a page or two.
CREATE TABLE print_jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('receipt', 'copy')),
    till_id      TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL,
    -- queued: waiting its turn; sending: being sent now (found at start-up it means the till
    -- stopped mid-send, so a person decides); held: waiting for a person to say print or not.
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'held')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,               -- RFC 3339
    next_try_at  TEXT,                        -- RFC 3339; back-off after a failure
    confirmed    INTEGER NOT NULL DEFAULT 0,  -- a person let an old job print
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no)
);

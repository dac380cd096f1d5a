-- 0002: the print queue.
-- A sale says in its own row that it wants a receipt, so no sale is ever without one and the
-- sale's commit writes no extra page. The printer's worker turns new sales into jobs (sales
-- above its mark), then feeds the printer from print_jobs, oldest first. Finished jobs are
-- deleted: the sale is the record, and the table stays a page or two.
ALTER TABLE orders ADD COLUMN wants_receipt INTEGER NOT NULL DEFAULT 0;
-- Where a line is made (bar, kitchen), so its order ticket goes there; NULL: no ticket.
ALTER TABLE order_lines ADD COLUMN station TEXT;

CREATE TABLE print_marks (
    till_id        TEXT PRIMARY KEY,
    queued_up_to   INTEGER NOT NULL       -- every sale of the till up to this number has a job or needs none
) WITHOUT ROWID;

CREATE TABLE print_jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('receipt', 'copy', 'ticket')),
    station      TEXT,                        -- for a ticket: which station's lines
    printer      TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'tickets')),
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

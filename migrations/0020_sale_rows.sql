-- 0020: a sale is one row. Its lines, tenders and discounts were rows of three WITHOUT ROWID
-- tables hanging off the order, so a sale's commit wrote about 6.8 pages to the write-ahead
-- log (order, UUID index, one to three line leaves, tenders, discounts) against one for a bare
-- commit, 1.8-2.0x its time on the VM (BENCHMARKS.md). Now the order's row holds the sale's
-- whole record (`record`: the canonical JSON its link of the chain hashes, lines, tenders and
-- discounts included) in a rowid table, appended at its right edge, with the few sums reports
-- add up across many sales (`items`, `tendered`, `discounts`, before the record so a report
-- never reads a long record's overflow pages), so a month's report reads small columns
-- instead of parsing every record. The receipt number is the rowid: a data directory is one
-- till's (the till refuses to start under another till id once it has sold), so the sale needs
-- no second b-tree for its key, and returns and print jobs refer to it by number alone (both
-- rebuilt below, rows copied whole). The UUID keeps no index (it is looked up only by
-- `mekong receipt --order`).
-- One transaction, run by the till with foreign keys off (dropping the old parent would
-- otherwise delete through the references of returns and print jobs); the till checks those
-- references before it commits. Between the two halves the till fills the new table from the
-- old ones (`store::sales::fill_sale_rows`: its records are canonical JSON, which SQL cannot
-- write). DROP TABLE fires no trigger.
CREATE TABLE orders_0020 (
    receipt_no     INTEGER PRIMARY KEY,         -- the till's receipt number, and the rowid
    till_id        TEXT NOT NULL,
    id             TEXT NOT NULL,               -- UUIDv7, made on the till
    created_at     TEXT NOT NULL,               -- RFC 3339 with the till's UTC offset
    business_day   TEXT,                        -- sales before 0012 have none
    currency       TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    gross          INTEGER NOT NULL CHECK (gross >= 0),
    vat            INTEGER NOT NULL,
    net            INTEGER NOT NULL,
    vat_rate       TEXT NOT NULL,
    change_given   INTEGER NOT NULL CHECK (change_given >= 0),
    cash_rounding  INTEGER NOT NULL,
    wants_receipt  INTEGER NOT NULL DEFAULT 0,
    staff_id       TEXT REFERENCES staff (id),
    journal_seq    INTEGER,
    prev_hash      TEXT,
    hash           TEXT,
    link_version   INTEGER NOT NULL DEFAULT 1,
    -- Sums of the record for reports: [[item id, qty, line total at list price], ...],
    -- [[tender kind, currency, amount], ...] and how many discounts it has. `mekong verify`
    -- checks they are the record's.
    items          TEXT NOT NULL CHECK (json_valid(items)),
    tendered       TEXT NOT NULL CHECK (json_valid(tendered)),
    discounts      INTEGER NOT NULL DEFAULT 0,
    -- The whole sale: a SaleRecord as compact JSON (src/domain/journal.rs). From link version 2
    -- on, its link's hash covers exactly these bytes (`mekong verify` checks the record is the
    -- one its columns and lines make).
    record         TEXT NOT NULL CHECK (json_valid(record)),
    CHECK (vat + net = gross)
);

-- (the till fills orders_0020 here)

CREATE TABLE returns_0020 (
    till_id      TEXT NOT NULL,
    return_no    INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
    at           TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL REFERENCES orders (receipt_no),
    session_no   INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    approved_by  TEXT REFERENCES staff (id),
    gross        INTEGER NOT NULL CHECK (gross >= 0),
    vat          INTEGER NOT NULL,
    lines        TEXT NOT NULL CHECK (json_valid(lines)),
    paid_back    TEXT NOT NULL CHECK (json_valid(paid_back)),
    PRIMARY KEY (till_id, return_no),
    FOREIGN KEY (till_id, session_no) REFERENCES till_sessions (till_id, session_no)
) WITHOUT ROWID;
INSERT INTO returns_0020 SELECT till_id, return_no, kind, at, receipt_no, session_no, reason,
    staff_id, approved_by, gross, vat, lines, paid_back FROM returns;
CREATE TABLE print_jobs_0020 (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('receipt', 'copy', 'ticket')),
    station      TEXT,                        -- for a ticket: which station's lines
    printer      TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'tickets')),
    till_id      TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL REFERENCES orders (receipt_no),
    -- queued: waiting its turn; sending: being sent now (found at start-up it means the till
    -- stopped mid-send, so a person decides); held: waiting for a person to say print or not.
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'held')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,               -- RFC 3339
    next_try_at  TEXT,                        -- RFC 3339; back-off after a failure
    confirmed    INTEGER NOT NULL DEFAULT 0   -- a person let an old job print
);
INSERT INTO print_jobs_0020 SELECT id, kind, station, printer, till_id, receipt_no, state,
    attempts, last_error, created_at, next_try_at, confirmed FROM print_jobs;

DROP TABLE order_lines;
DROP TABLE tenders;
DROP TABLE discounts;
DROP TABLE returns;
DROP TABLE print_jobs;
DROP TABLE orders;
ALTER TABLE orders_0020 RENAME TO orders;
ALTER TABLE returns_0020 RENAME TO returns;
ALTER TABLE print_jobs_0020 RENAME TO print_jobs;
CREATE TRIGGER orders_never_change BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;
CREATE INDEX returns_of_sale ON returns (till_id, receipt_no);
CREATE INDEX returns_of_session ON returns (till_id, session_no);
CREATE TRIGGER returns_never_change BEFORE UPDATE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never changed'); END;
CREATE TRIGGER returns_never_deleted BEFORE DELETE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never deleted'); END;

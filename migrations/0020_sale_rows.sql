-- 0020: a sale is one row. Its lines, tenders and discounts were rows of three WITHOUT ROWID
-- tables hanging off the order, so a sale's commit wrote about 6.8 pages to the write-ahead
-- log (order, UUID index, one to three line leaves, tenders, discounts) against one for a bare
-- commit, 1.8-2.0x its time on the VM (BENCHMARKS.md). Now the order's row holds the sale's
-- whole record (`record`: the canonical JSON its link of the chain hashes, lines, tenders and
-- discounts included) in a rowid table, appended at its right edge, plus the few sums reports
-- add up across many sales (`items`, `tendered`, `discounts`), so a month's report reads small
-- columns instead of parsing every record. The UUID keeps no index (it is looked up only by
-- `mekong receipt --order`). The till fills this table from the old ones in the same
-- transaction (`store::sales::fill_sale_rows`); 0021 then drops them.
CREATE TABLE orders_0020 (
    till_id        TEXT NOT NULL,
    receipt_no     INTEGER NOT NULL,
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
    UNIQUE (till_id, receipt_no),
    CHECK (vat + net = gross)
);

-- (the till fills orders_0020 here)

DROP TABLE order_lines;
DROP TABLE tenders;
DROP TABLE discounts;
DROP TABLE orders;
ALTER TABLE orders_0020 RENAME TO orders;
CREATE TRIGGER orders_never_change BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;

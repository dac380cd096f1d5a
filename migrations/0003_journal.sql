-- 0003: the journal, and records that are never changed.
-- Every money event is appended to the journal in the transaction that makes it. Each record's
-- hash covers the previous record's hash and its own fields (see src/domain/journal.rs), so
-- `mekong verify` can name the first record that was changed or removed. Sales made before this
-- migration get a 'sale_backfilled' record when the program first opens the upgraded database.
CREATE TABLE journal (
    seq        INTEGER PRIMARY KEY,          -- 1, 2, 3, … with no gaps
    at         TEXT NOT NULL,                -- RFC 3339 with the till's UTC offset
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL CHECK (json_valid(body)),   -- canonical JSON, hashed as stored
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: a record is never changed'); END;
CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: a record is never deleted'); END;

-- A sale is a record too: a void or a refund is a new record, never an edit.
CREATE TRIGGER orders_never_change BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;
CREATE TRIGGER order_lines_never_change BEFORE UPDATE ON order_lines
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER order_lines_never_deleted BEFORE DELETE ON order_lines
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;
CREATE TRIGGER tenders_never_change BEFORE UPDATE ON tenders
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER tenders_never_deleted BEFORE DELETE ON tenders
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;

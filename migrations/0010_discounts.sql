-- 0010: discounts given on a sale, on one of its lines or on the whole order, with the reason,
-- who gave it and the manager who approved it. Written with the sale, only when it has one;
-- the order's gross is after them.
CREATE TABLE discounts (
    till_id      TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    line_no      INTEGER,                          -- 1-based; NULL: the whole order
    kind         TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),
    value        INTEGER NOT NULL,                 -- percent, or minor units
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    reason       TEXT NOT NULL,
    staff_id     TEXT REFERENCES staff (id),
    approved_by  TEXT REFERENCES staff (id),
    PRIMARY KEY (till_id, receipt_no, position),
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no)
) WITHOUT ROWID;

CREATE TRIGGER discounts_never_change BEFORE UPDATE ON discounts
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER discounts_never_deleted BEFORE DELETE ON discounts
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;

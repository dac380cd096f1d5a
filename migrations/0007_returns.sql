-- 0007: voids and refunds. A sale is never changed: money going back is a new record naming
-- the sale, the lines and quantities returned, the reason, who did it and who approved it, and
-- how it was paid back. A return belongs to the till session it was made in, whose X and Z
-- reports count it.
CREATE TABLE returns (
    till_id      TEXT NOT NULL,
    return_no    INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
    at           TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL,                 -- the sale returned
    session_no   INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    approved_by  TEXT REFERENCES staff (id),
    gross        INTEGER NOT NULL CHECK (gross > 0),
    vat          INTEGER NOT NULL,
    lines        TEXT NOT NULL CHECK (json_valid(lines)),     -- [{"line_no", "qty", "amount"}]
    paid_back    TEXT NOT NULL CHECK (json_valid(paid_back)), -- [{"kind", "amount"}]
    PRIMARY KEY (till_id, return_no),
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no),
    FOREIGN KEY (till_id, session_no) REFERENCES till_sessions (till_id, session_no)
) WITHOUT ROWID;

CREATE INDEX returns_of_sale ON returns (till_id, receipt_no);
CREATE INDEX returns_of_session ON returns (till_id, session_no);

CREATE TRIGGER returns_never_change BEFORE UPDATE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never changed'); END;
CREATE TRIGGER returns_never_deleted BEFORE DELETE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never deleted'); END;

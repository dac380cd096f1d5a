-- 0012: cash control without holes.
-- A held order keeps the discounts given on it, each with who gave and who approved it, so
-- holding an order no longer loses an approved discount.
ALTER TABLE open_tickets ADD COLUMN discounts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(discounts));
-- A pay-out above the limit is a manager's: who approved it is kept with it.
ALTER TABLE cash_moves ADD COLUMN approved_by TEXT REFERENCES staff (id);
-- A PIN locked a second time within 24 hours stays locked until a manager unlocks it.
ALTER TABLE staff ADD COLUMN last_lockout_at TEXT;
ALTER TABLE staff ADD COLUMN manager_lock INTEGER NOT NULL DEFAULT 0 CHECK (manager_lock IN (0, 1));
-- A sale's link of the journal's chain covers the whole sale (every line, tender and discount)
-- from version 2 on; sales linked before keep version 1 (their summary), and a `relinked`
-- journal record written at the first start after this upgrade fingerprints each of them whole.
ALTER TABLE orders ADD COLUMN link_version INTEGER NOT NULL DEFAULT 1;
-- The highest receipt queued for printing only ever goes up (verify trusts it for the tail).
CREATE TRIGGER print_marks_never_lower BEFORE UPDATE ON print_marks
WHEN NEW.queued_up_to < OLD.queued_up_to
BEGIN SELECT RAISE(ABORT, 'the receipts queued for printing never go back'); END;
CREATE TRIGGER print_marks_never_deleted BEFORE DELETE ON print_marks
BEGIN SELECT RAISE(ABORT, 'the receipts queued for printing are never forgotten'); END;
-- Each sale keeps its business day, computed once in the till's zone and never before the day
-- of the sale before it; reports find a day's sales by it (sales before this have none and
-- count by the date of their time).
ALTER TABLE orders ADD COLUMN business_day TEXT;
-- A return of a sale discounted to nothing gives back 0 kip: the returns table takes it
-- (rebuilt as 0007 made it, but gross >= 0). DROP TABLE fires no trigger; rows are copied whole.
CREATE TABLE returns_0012 (
    till_id      TEXT NOT NULL,
    return_no    INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
    at           TEXT NOT NULL,
    receipt_no   INTEGER NOT NULL,
    session_no   INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    approved_by  TEXT REFERENCES staff (id),
    gross        INTEGER NOT NULL CHECK (gross >= 0),
    vat          INTEGER NOT NULL,
    lines        TEXT NOT NULL CHECK (json_valid(lines)),
    paid_back    TEXT NOT NULL CHECK (json_valid(paid_back)),
    PRIMARY KEY (till_id, return_no),
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no),
    FOREIGN KEY (till_id, session_no) REFERENCES till_sessions (till_id, session_no)
) WITHOUT ROWID;
INSERT INTO returns_0012 SELECT till_id, return_no, kind, at, receipt_no, session_no, reason,
    staff_id, approved_by, gross, vat, lines, paid_back FROM returns;
DROP TABLE returns;
ALTER TABLE returns_0012 RENAME TO returns;
CREATE INDEX returns_of_sale ON returns (till_id, receipt_no);
CREATE INDEX returns_of_session ON returns (till_id, session_no);
CREATE TRIGGER returns_never_change BEFORE UPDATE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never changed'); END;
CREATE TRIGGER returns_never_deleted BEFORE DELETE ON returns
BEGIN SELECT RAISE(ABORT, 'a void or refund is never deleted'); END;

-- 0005: till sessions (shifts), cash moved in and out of the drawer, and Z reports.
-- A session's sales are the till's receipts from `first_receipt_no` (set at opening) to
-- `last_receipt_no` (set at closing): a range of the orders' own key, so neither the sale nor
-- the reports need another index. At most one session per till is open.
CREATE TABLE till_sessions (
    till_id          TEXT NOT NULL,
    session_no       INTEGER NOT NULL,
    opened_at        TEXT NOT NULL,
    opened_by        TEXT NOT NULL REFERENCES staff (id),
    float            TEXT NOT NULL CHECK (json_valid(float)),    -- {"LAK": {"100000": 2, ...}}
    first_receipt_no INTEGER NOT NULL,
    closed_at        TEXT,
    closed_by        TEXT REFERENCES staff (id),
    approved_by      TEXT REFERENCES staff (id),
    counted          TEXT CHECK (counted IS NULL OR json_valid(counted)),
    last_receipt_no  INTEGER,
    PRIMARY KEY (till_id, session_no),
    CHECK ((closed_at IS NULL) = (last_receipt_no IS NULL))
) WITHOUT ROWID;

CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (till_id) WHERE closed_at IS NULL;

CREATE TRIGGER closed_sessions_never_change BEFORE UPDATE ON till_sessions
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed till session is never changed'); END;
CREATE TRIGGER sessions_never_deleted BEFORE DELETE ON till_sessions
BEGIN SELECT RAISE(ABORT, 'a till session is never deleted'); END;

CREATE TABLE cash_moves (
    till_id      TEXT NOT NULL,
    session_no   INTEGER NOT NULL,
    move_no      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),
    currency     TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    reason       TEXT NOT NULL,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    PRIMARY KEY (till_id, session_no, move_no),
    FOREIGN KEY (till_id, session_no) REFERENCES till_sessions (till_id, session_no)
) WITHOUT ROWID;

CREATE TRIGGER cash_moves_never_change BEFORE UPDATE ON cash_moves
BEGIN SELECT RAISE(ABORT, 'a pay-in or pay-out is never changed: record another'); END;
CREATE TRIGGER cash_moves_never_deleted BEFORE DELETE ON cash_moves
BEGIN SELECT RAISE(ABORT, 'a pay-in or pay-out is never deleted: record another'); END;

CREATE TABLE z_reports (
    till_id     TEXT NOT NULL,
    z_no        INTEGER NOT NULL,
    session_no  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    report      TEXT NOT NULL CHECK (json_valid(report)),     -- the ShiftReport, as printed
    PRIMARY KEY (till_id, z_no),
    UNIQUE (till_id, session_no),
    FOREIGN KEY (till_id, session_no) REFERENCES till_sessions (till_id, session_no)
) WITHOUT ROWID;

CREATE TRIGGER z_reports_never_change BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_reports_never_deleted BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;

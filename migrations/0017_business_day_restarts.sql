-- 0017: a manager who confirms a clock reading earlier than the last sale says the clock is
-- right now; when its date is before the last sale's business day (the clock had run ahead),
-- business days start again from the clock's date at the next receipt. Each restart is the
-- receipt it starts from, written with the `clock_confirmed` journal record that names it.
-- Between restarts business days never go back, so reports find a span of days as one range
-- of receipts in each stretch.
CREATE TABLE business_day_restarts (
    till_id      TEXT NOT NULL,
    from_receipt INTEGER NOT NULL CHECK (from_receipt > 0),
    journal_seq  INTEGER NOT NULL,
    PRIMARY KEY (till_id, from_receipt)
) WITHOUT ROWID;
CREATE TRIGGER business_day_restarts_never_change BEFORE UPDATE ON business_day_restarts
BEGIN SELECT RAISE(ABORT, 'a restart of business days is never changed'); END;
CREATE TRIGGER business_day_restarts_never_deleted BEFORE DELETE ON business_day_restarts
BEGIN SELECT RAISE(ABORT, 'a restart of business days is never deleted'); END;

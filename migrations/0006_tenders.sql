-- 0006: payments in several currencies and by Lao QR transfer, and the day's exchange rates.
-- A tender keeps what was handed over in its own currency (`amount`), what it is worth in the
-- sale's currency (`value`) and the rate used (`rate`: minor units of the sale's currency per
-- whole unit of the tender's). Both are NULL for tenders made before: in the sale's currency.
ALTER TABLE tenders ADD COLUMN value INTEGER;
ALTER TABLE tenders ADD COLUMN rate INTEGER;

-- Rates a manager sets, each from a day on until the next. Setting a day's rate again
-- replaces it (the journal keeps every setting).
CREATE TABLE exchange_rates (
    currency    TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    valid_from  TEXT NOT NULL,                   -- YYYY-MM-DD
    per_unit    INTEGER NOT NULL CHECK (per_unit > 0),
    set_at      TEXT NOT NULL,
    set_by      TEXT NOT NULL REFERENCES staff (id),
    approved_by TEXT REFERENCES staff (id),
    PRIMARY KEY (currency, valid_from)
) WITHOUT ROWID;

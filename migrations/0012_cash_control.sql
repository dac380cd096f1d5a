-- 0012: cash control without holes.
-- A held order keeps the discounts given on it, each with who gave and who approved it, so
-- holding an order no longer loses an approved discount.
ALTER TABLE open_tickets ADD COLUMN discounts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(discounts));
-- A pay-out above the limit is a manager's: who approved it is kept with it.
ALTER TABLE cash_moves ADD COLUMN approved_by TEXT REFERENCES staff (id);
-- A PIN locked a second time within 24 hours stays locked until a manager unlocks it.
ALTER TABLE staff ADD COLUMN last_lockout_at TEXT;
ALTER TABLE staff ADD COLUMN manager_lock INTEGER NOT NULL DEFAULT 0 CHECK (manager_lock IN (0, 1));

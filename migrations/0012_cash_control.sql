-- 0012: cash control without holes.
-- A held order keeps the discounts given on it, each with who gave and who approved it, so
-- holding an order no longer loses an approved discount.
ALTER TABLE open_tickets ADD COLUMN discounts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(discounts));
-- A pay-out above the limit is a manager's: who approved it is kept with it.
ALTER TABLE cash_moves ADD COLUMN approved_by TEXT REFERENCES staff (id);

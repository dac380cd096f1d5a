-- 0012: a held order keeps the discounts given on it, each with who gave and who approved it,
-- so holding an order no longer loses an approved discount.
ALTER TABLE open_tickets ADD COLUMN discounts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(discounts));

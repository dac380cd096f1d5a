-- 0021: the sale's rows of before 0020 are dropped, its one row takes the name `orders` and
-- the guards a sale has always had. Returns and print jobs refer to orders by (till_id,
-- receipt_no), which the new table keeps unique. The till runs this with foreign keys off
-- (dropping the old parent would otherwise delete through them) and checks every reference
-- before it commits. DROP TABLE fires no trigger.
DROP TABLE order_lines;
DROP TABLE tenders;
DROP TABLE discounts;
DROP TABLE orders;
ALTER TABLE orders_0020 RENAME TO orders;
CREATE TRIGGER orders_never_change BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never changed: void or refund it instead'); END;
CREATE TRIGGER orders_never_deleted BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'a sale is never deleted: void or refund it instead'); END;

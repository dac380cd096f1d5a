-- 0011: a sale is a link of the journal's chain in its own row. Its record is not copied into
-- the journal table: the hashed body is the sale as its rows describe it (rebuilt by
-- `mekong verify`), so each sale writes one b-tree page less (see BENCHMARKS.md). Sales made
-- before keep their records in the journal table. Other money events stay in the journal table;
-- the chain runs through both by `seq`.
ALTER TABLE orders ADD COLUMN journal_seq INTEGER;
ALTER TABLE orders ADD COLUMN prev_hash TEXT;
ALTER TABLE orders ADD COLUMN hash TEXT;

-- 0009: open tickets. An order held under a customer's name or a table, to be recalled, added
-- to and paid later. A held order is not a sale (no money has moved); it is removed once paid.
CREATE TABLE open_tickets (
    id        TEXT PRIMARY KEY,                   -- UUIDv7
    till_id   TEXT NOT NULL,
    name      TEXT NOT NULL,                      -- "Table 4", "Ms Vong"
    lines     TEXT NOT NULL CHECK (json_valid(lines)),
    staff_id  TEXT REFERENCES staff (id),
    held_at   TEXT NOT NULL
) WITHOUT ROWID;

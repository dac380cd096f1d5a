-- 0004: staff who sign in with a PIN, and who made each sale.
-- Only the nickname a person chose is kept here; it is the only name a receipt shows.
-- The PIN is an Argon2id hash (PHC string). Wrong PINs in a row are counted; enough of them
-- lock the PIN until `locked_until` or until a manager unlocks it.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,               -- UUIDv7
    nickname      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('trainee', 'barista', 'manager', 'admin')),
    pin_hash      TEXT NOT NULL,
    wrong_pins    INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,                           -- RFC 3339
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Who took the sale; NULL for sales made before staff signed in.
ALTER TABLE orders ADD COLUMN staff_id TEXT REFERENCES staff (id);

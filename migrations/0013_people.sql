-- 0013: people. Staff get a status (only who is active signs in), a language, and trainees a
-- programme (track, cohort, dates, mentor). Identity (full name, phone, emergency contact, a
-- short note) lives in its own table, each field sealed with XChaCha20-Poly1305 under the key
-- file `identity.key` next to this database: a copy of this file alone shows no name, phone or
-- note. Reading or exporting identity is written to the access log.
--
-- Ground rule: no table, column or CHECK list here or anywhere in the schema records how a
-- person came to the programme (a test reads the schema for such words).

CREATE TABLE cohorts (
    id           TEXT PRIMARY KEY,                    -- UUIDv7
    name         TEXT NOT NULL UNIQUE,
    starts_on    TEXT NOT NULL,                       -- local date
    planned_end  TEXT NOT NULL CHECK (planned_end >= starts_on),
    created_at   TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE staff ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'on_leave', 'graduated', 'left'));
UPDATE staff SET status = CASE active WHEN 1 THEN 'active' ELSE 'left' END;
ALTER TABLE staff DROP COLUMN active;
ALTER TABLE staff ADD COLUMN status_since TEXT;          -- local date the status last changed
ALTER TABLE staff ADD COLUMN language TEXT CHECK (language IN ('lo', 'en'));  -- NULL: the site's
ALTER TABLE staff ADD COLUMN track TEXT CHECK (track IN ('barista', 'kitchen', 'service'));
ALTER TABLE staff ADD COLUMN cohort_id TEXT REFERENCES cohorts (id);
ALTER TABLE staff ADD COLUMN started_on TEXT;            -- local date
ALTER TABLE staff ADD COLUMN planned_end TEXT;           -- local date
ALTER TABLE staff ADD COLUMN mentor_id TEXT REFERENCES staff (id);
ALTER TABLE staff ADD COLUMN erased_at TEXT;             -- RFC 3339: identity gone, PIN off


-- Each value is nonce (24 bytes) || ciphertext with its tag, bound to the person and field.
CREATE TABLE identities (
    staff_id           TEXT PRIMARY KEY REFERENCES staff (id),
    full_name          BLOB,
    phone              BLOB,
    emergency_contact  BLOB,
    note               BLOB,
    updated_at         TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE access_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,                           -- RFC 3339
    by_staff TEXT REFERENCES staff (id),              -- NULL: at the till's console
    subject  TEXT REFERENCES staff (id),              -- NULL: many people (an export)
    what     TEXT NOT NULL CHECK (what IN ('open_record', 'show_identity', 'edit_identity',
                                           'export', 'export_identity', 'erase')),
    detail   TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER access_log_never_changes BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_never_deleted BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

-- Head office (SQLite). Sites send summaries only: no table here holds a name or a per-person row.
CREATE TABLE sites (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    token_hash    TEXT NOT NULL UNIQUE,   -- SHA-256 of the token: the token itself is never kept
    signing_key   TEXT NOT NULL,          -- derived from the token (SHA-256), for HMAC
    added_at      BIGINT NOT NULL,
    last_sync_at  BIGINT,
    last_seq      BIGINT NOT NULL DEFAULT 0
);

-- Each batch id once: a retry gets the same answer, another body under it gets 409.
CREATE TABLE batches (
    id           TEXT PRIMARY KEY,
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    seq          BIGINT NOT NULL,
    body_hash    TEXT NOT NULL,
    stored       BIGINT NOT NULL,
    received_at  BIGINT NOT NULL
);

-- One value per (site, period, indicator, breakdown): a resend overwrites, a value from an
-- earlier batch never overwrites a later one.
CREATE TABLE summary_values (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    period     TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    breakdown  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    number     BIGINT,
    text       TEXT,
    batch_seq  BIGINT NOT NULL,
    PRIMARY KEY (site_id, period, indicator, breakdown)
);
CREATE INDEX summary_values_by_indicator ON summary_values (indicator, period);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,         -- Argon2id (PHC string)
    added_at       BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,         -- SHA-256 of the cookie's value
    user_id     BIGINT NOT NULL REFERENCES users (id),
    csrf        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- A day's journal head is the site's anchor: once the day is past it is never replaced. A
-- different one offered later is kept here, and the sites page says so.
CREATE TABLE anchor_conflicts (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    period      TEXT NOT NULL,
    kept        TEXT NOT NULL,
    offered     TEXT NOT NULL,
    batch_id    TEXT NOT NULL,
    offered_at  BIGINT NOT NULL
);

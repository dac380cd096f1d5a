-- 0001: menus and sales (orders with lines, modifiers and tenders). Receipt numbers are
-- allocated as max + 1 per till inside the sale's own transaction, so they have no gaps.
-- Amounts are integers in the minor unit of the order's currency (whole kip for LAK).
-- Tables keyed by what they are looked up by are WITHOUT ROWID: one b-tree each, so a sale
-- writes fewer pages before its commit.

CREATE TABLE menu_versions (
    id         INTEGER PRIMARY KEY,
    loaded_at  TEXT NOT NULL,
    source     TEXT NOT NULL
);

CREATE TABLE orders (
    id             TEXT PRIMARY KEY,            -- UUIDv7, made on the till
    till_id        TEXT NOT NULL,
    receipt_no     INTEGER NOT NULL,
    created_at     TEXT NOT NULL,               -- RFC 3339 with the till's UTC offset
    currency       TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    gross          INTEGER NOT NULL CHECK (gross >= 0),
    vat            INTEGER NOT NULL,
    net            INTEGER NOT NULL,
    vat_rate       TEXT NOT NULL,               -- percent, exact decimal text
    change_given   INTEGER NOT NULL CHECK (change_given >= 0),
    cash_rounding  INTEGER NOT NULL,            -- exact change − change given
    UNIQUE (till_id, receipt_no),
    CHECK (vat + net = gross)
) WITHOUT ROWID;

CREATE TABLE order_lines (
    order_id    TEXT NOT NULL REFERENCES orders (id),
    line_no     INTEGER NOT NULL,
    item_id     TEXT NOT NULL,
    variant_id  TEXT NOT NULL,
    item_en     TEXT NOT NULL,
    item_lo     TEXT NOT NULL,
    variant_en  TEXT NOT NULL,
    variant_lo  TEXT NOT NULL,
    qty         INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 999),
    unit_price  INTEGER NOT NULL,
    line_total  INTEGER NOT NULL CHECK (line_total = unit_price * qty),
    note        TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE line_modifiers (
    order_id   TEXT NOT NULL,
    line_no    INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    group_id   TEXT NOT NULL,
    option_id  TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    name_lo    TEXT NOT NULL,
    delta      INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no, position),
    FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
    order_id  TEXT NOT NULL REFERENCES orders (id),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('cash')),
    currency  TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

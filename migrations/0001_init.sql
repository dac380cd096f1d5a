-- 0001: menus and sales (orders with lines and their modifiers, and tenders). Receipt numbers are
-- allocated as max + 1 per till inside the sale's own transaction, so they have no gaps.
-- Amounts are integers in the minor unit of the order's currency (whole kip for LAK).
-- Every page a sale touches is written to the WAL before the commit's sync, so the layout keeps
-- them few (see BENCHMARKS.md): a sale is keyed by (till_id, receipt_no) and its lines and
-- tenders hang off that key in WITHOUT ROWID tables, one b-tree each; the UUID has one index.

CREATE TABLE menu_versions (
    id         INTEGER PRIMARY KEY,
    loaded_at  TEXT NOT NULL,
    source     TEXT NOT NULL
);

CREATE TABLE orders (
    till_id        TEXT NOT NULL,
    receipt_no     INTEGER NOT NULL,
    id             TEXT NOT NULL UNIQUE,        -- UUIDv7, made on the till
    created_at     TEXT NOT NULL,               -- RFC 3339 with the till's UTC offset
    currency       TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    gross          INTEGER NOT NULL CHECK (gross >= 0),
    vat            INTEGER NOT NULL,
    net            INTEGER NOT NULL,
    vat_rate       TEXT NOT NULL,               -- percent, exact decimal text
    change_given   INTEGER NOT NULL CHECK (change_given >= 0),
    cash_rounding  INTEGER NOT NULL,            -- exact change − change given
    PRIMARY KEY (till_id, receipt_no),
    CHECK (vat + net = gross)
) WITHOUT ROWID;

CREATE TABLE order_lines (
    till_id     TEXT NOT NULL,
    receipt_no  INTEGER NOT NULL,
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
    -- The modifiers chosen, as sold: JSON [{"group", "option", "en", "lo", "delta"}, ...].
    -- They only ever change with their line, so they live in it: one b-tree less per sale.
    modifiers   TEXT NOT NULL CHECK (json_valid(modifiers)),
    PRIMARY KEY (till_id, receipt_no, line_no),
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
    till_id     TEXT NOT NULL,
    receipt_no  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    kind      TEXT NOT NULL,                -- 'cash'; more tender kinds will come
    currency  TEXT NOT NULL CHECK (currency IN ('LAK', 'THB', 'USD')),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (till_id, receipt_no, position),
    FOREIGN KEY (till_id, receipt_no) REFERENCES orders (till_id, receipt_no)
) WITHOUT ROWID;

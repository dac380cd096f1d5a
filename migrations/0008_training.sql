-- 0008: practice orders in training mode. They live apart from sales, numbered on their own
-- (VTE1-T000001), so no sales total, Z report or summary can ever count one; they count as a
-- trainee's practice, under the manager who supervised.
CREATE TABLE training_orders (
    till_id        TEXT NOT NULL,
    practice_no    INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    staff_id       TEXT NOT NULL REFERENCES staff (id),
    supervisor_id  TEXT NOT NULL REFERENCES staff (id),
    currency       TEXT NOT NULL,
    gross          INTEGER NOT NULL,
    lines          INTEGER NOT NULL,                 -- how many lines were practised
    items          TEXT NOT NULL CHECK (json_valid(items)),  -- item ids, as practised
    PRIMARY KEY (till_id, practice_no)
) WITHOUT ROWID;

-- 0021: practice drills. A trainee in training mode rings up a customer's order from a card;
-- each scored drill is kept here with its journal record (`drill_scored`, the same fields),
-- never changed or deleted: evidence from the till for taking an order and handling cash. A
-- drill is never a sale: nothing here is counted in sales, a drawer or a Z report. It names
-- the person by staff id only; no card text, no note.
CREATE TABLE drill_results (
    id               INTEGER PRIMARY KEY,
    till_id          TEXT NOT NULL,
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    supervisor_id    TEXT NOT NULL REFERENCES staff (id),
    at               TEXT NOT NULL,                -- RFC 3339 with the till's UTC offset
    on_day           TEXT NOT NULL,
    seed             INTEGER NOT NULL CHECK (seed >= 0),
    level            TEXT NOT NULL CHECK (level IN ('foundation', 'intermediate', 'professional')),
    points           INTEGER NOT NULL CHECK (points BETWEEN 0 AND 100),
    lines_right      INTEGER NOT NULL CHECK (lines_right IN (0, 1)),
    options_right    INTEGER NOT NULL CHECK (options_right IN (0, 1)),
    quantities_right INTEGER NOT NULL CHECK (quantities_right IN (0, 1)),
    tender_right     INTEGER NOT NULL CHECK (tender_right IN (0, 1)),
    change_right     INTEGER NOT NULL CHECK (change_right IN (0, 1)),
    seconds          INTEGER NOT NULL CHECK (seconds >= 0),
    journal_seq      INTEGER NOT NULL
);
CREATE INDEX drill_results_of_staff ON drill_results (staff_id, on_day);
CREATE TRIGGER drill_results_never_change BEFORE UPDATE ON drill_results
BEGIN SELECT RAISE(ABORT, 'a drill result is never changed'); END;
CREATE TRIGGER drill_results_never_deleted BEFORE DELETE ON drill_results
BEGIN SELECT RAISE(ABORT, 'a drill result is never deleted'); END;

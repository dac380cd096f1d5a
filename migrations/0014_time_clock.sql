-- 0014: the time clock. Clocking in and out, and breaks, are events; nothing is ever changed
-- or deleted. A clock-out forgotten overnight is closed by the till (source 'auto') and
-- flagged for a manager. A manager's correction is a row of its own, with who, why and the
-- old time; the time in force is the latest correction's.

CREATE TABLE clock_events (
    id           INTEGER PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    kind         TEXT NOT NULL CHECK (kind IN ('in', 'out', 'break_start', 'break_end')),
    at           TEXT NOT NULL,                          -- RFC 3339, the till's zone
    recorded_at  TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('till', 'auto')),
    flagged      INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1))
);
CREATE INDEX clock_events_of_staff ON clock_events (staff_id, id);

CREATE TABLE clock_corrections (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES clock_events (id),
    old_at    TEXT NOT NULL,
    new_at    TEXT NOT NULL,
    by_staff  TEXT NOT NULL REFERENCES staff (id),
    reason    TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 200),
    at        TEXT NOT NULL
);
CREATE INDEX clock_corrections_of_event ON clock_corrections (event_id, id);

CREATE TRIGGER clock_events_never_change BEFORE UPDATE ON clock_events
BEGIN SELECT RAISE(ABORT, 'clock events are never changed: a manager corrects them'); END;
CREATE TRIGGER clock_events_never_deleted BEFORE DELETE ON clock_events
BEGIN SELECT RAISE(ABORT, 'clock events are never deleted'); END;
CREATE TRIGGER clock_corrections_never_change BEFORE UPDATE ON clock_corrections
BEGIN SELECT RAISE(ABORT, 'clock corrections are never changed'); END;
CREATE TRIGGER clock_corrections_never_deleted BEFORE DELETE ON clock_corrections
BEGIN SELECT RAISE(ABORT, 'clock corrections are never deleted'); END;

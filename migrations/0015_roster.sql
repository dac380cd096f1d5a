-- 0015: the roster. One planned shift per person per day, in the till's local time, with who
-- set it last. A plan for today or later is changed and cleared (a past day's stays as it was:
-- attendance is measured against it); what happened is in clock_events. Clock events get indexes on their time (everyone's, and each
-- person's), so a week or a month is read without the whole history.

CREATE TABLE roster_shifts (
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    day       TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    start     TEXT NOT NULL CHECK (start GLOB '[0-2][0-9]:[0-5][0-9]'),
    minutes   INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 960),
    set_by    TEXT NOT NULL REFERENCES staff (id),
    set_at    TEXT NOT NULL,
    PRIMARY KEY (staff_id, day)
) WITHOUT ROWID;
CREATE INDEX roster_shifts_by_day ON roster_shifts (day);

CREATE INDEX clock_events_by_time ON clock_events (at);
CREATE INDEX clock_events_of_staff_by_time ON clock_events (staff_id, at);
CREATE INDEX clock_corrections_by_time ON clock_corrections (new_at);

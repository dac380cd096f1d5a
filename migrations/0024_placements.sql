-- 0024: job placements with employer partners, and the follow-ups of each woman's first year
-- in the job. A partner is archived, never deleted once it has placements. A placement moves
-- forward only and is never deleted; each change to it is written with a `placement` journal
-- record holding the whole row after the change. A follow-up is append-only, written with a
-- `follow_up` journal record holding everything but its note, whose words go when the person
-- is erased. Each change to a partner is written with a `partner` journal record (never its
-- contact or note). Partners' contacts and notes, and follow-up notes, never leave the till.
CREATE TABLE employers (
    id            TEXT PRIMARY KEY,                 -- UUIDv7
    name          TEXT NOT NULL,
    sector        TEXT NOT NULL CHECK (sector IN
                    ('hotel', 'cafe-restaurant', 'retail', 'garment', 'office', 'other')),
    city          TEXT NOT NULL,
    country       TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    agreement     TEXT NOT NULL CHECK (agreement IN ('none', 'in-talks', 'signed', 'lapsed')),
    agreement_on  TEXT,
    note          TEXT NOT NULL,
    archived_on   TEXT,
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX employers_by_name ON employers (lower(name));

CREATE TABLE placements (
    id            INTEGER PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES staff (id),
    employer_id   TEXT NOT NULL REFERENCES employers (id),
    -- The partner's sector when she was referred: a partner edited later leaves past
    -- placements' figures as they were.
    sector        TEXT NOT NULL CHECK (sector IN
                    ('hotel', 'cafe-restaurant', 'retail', 'garment', 'office', 'other')),
    referred_on   TEXT NOT NULL,
    title         TEXT NOT NULL,
    contract      TEXT NOT NULL CHECK (contract IN
                    ('permanent', 'fixed-term', 'casual', 'apprenticeship')),
    hours         INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 84),
    wage_currency TEXT NOT NULL CHECK (wage_currency IN ('LAK', 'THB', 'USD')),
    wage_minor    INTEGER NOT NULL CHECK (wage_minor >= 0),
    -- Where it was before the start; started_on and ended_on say the rest.
    before_start  TEXT NOT NULL CHECK (before_start IN ('referred', 'interview', 'offered')),
    started_on    TEXT,
    ended_on      TEXT,
    end_reason    TEXT CHECK (end_reason IN
                    ('better-job', 'moved-away', 'contract-ended', 'let-go', 'own-choice',
                     'not-hired')),
    consent       INTEGER CHECK (consent IN (0, 1)),
    consent_on    TEXT,
    created_by    TEXT NOT NULL REFERENCES staff (id),
    created_at    TEXT NOT NULL,
    journal_seq   INTEGER NOT NULL,                 -- its latest journal record
    CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
    -- A referral closes unstarted only as not hired; a job that started never as not hired.
    CHECK ((started_on IS NULL) = (end_reason IS 'not-hired') OR ended_on IS NULL),
    CHECK ((consent IS NULL) = (consent_on IS NULL))
);
CREATE INDEX placements_of_person ON placements (person_id);
CREATE INDEX placements_of_employer ON placements (employer_id);
CREATE TRIGGER placements_never_deleted BEFORE DELETE ON placements
BEGIN SELECT RAISE(ABORT, 'a placement is never deleted'); END;
-- Who, where and the job offered stay as they were referred.
CREATE TRIGGER placements_keep_their_job BEFORE UPDATE ON placements
WHEN NEW.id <> OLD.id OR NEW.person_id <> OLD.person_id OR NEW.employer_id <> OLD.employer_id
    OR NEW.sector <> OLD.sector OR NEW.referred_on <> OLD.referred_on OR NEW.title <> OLD.title
    OR NEW.contract <> OLD.contract OR NEW.hours <> OLD.hours
    OR NEW.wage_currency <> OLD.wage_currency OR NEW.wage_minor <> OLD.wage_minor
    OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
    OR (OLD.started_on IS NOT NULL AND NEW.started_on IS NOT OLD.started_on)
    OR (OLD.ended_on IS NOT NULL AND NEW.ended_on IS NOT OLD.ended_on)
BEGIN SELECT RAISE(ABORT, 'a placement moves forward only: its job, start and end stay'); END;
CREATE TRIGGER employers_with_placements_stay BEFORE DELETE ON employers
WHEN EXISTS (SELECT 1 FROM placements WHERE employer_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a partner with placements is archived, never deleted'); END;

CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    placement_id  INTEGER NOT NULL REFERENCES placements (id),
    month         INTEGER NOT NULL CHECK (month IN (1, 3, 6, 12)),
    on_day        TEXT NOT NULL,
    reached       INTEGER NOT NULL CHECK (reached IN (0, 1)),
    employed      INTEGER NOT NULL CHECK (employed IN (0, 1)),
    same_employer INTEGER NOT NULL CHECK (same_employer IN (0, 1)),
    wage_currency TEXT CHECK (wage_currency IN ('LAK', 'THB', 'USD')),
    wage_minor    INTEGER CHECK (wage_minor >= 0),
    note          TEXT NOT NULL,
    by_id         TEXT NOT NULL REFERENCES staff (id),
    at            TEXT NOT NULL,
    journal_seq   INTEGER NOT NULL,
    CHECK (reached OR NOT (employed OR same_employer OR wage_minor IS NOT NULL)),
    CHECK ((wage_currency IS NULL) = (wage_minor IS NULL))
);
CREATE INDEX follow_ups_of ON follow_ups (placement_id);
CREATE TRIGGER follow_ups_never_deleted BEFORE DELETE ON follow_ups
BEGIN SELECT RAISE(ABORT, 'a follow-up is never deleted'); END;
-- Nothing about a follow-up changes, except that its note reads "erased" once its person is.
CREATE TRIGGER follow_ups_never_change BEFORE UPDATE ON follow_ups
WHEN NOT (
    NEW.note = 'erased'
    AND NEW.id = OLD.id AND NEW.placement_id = OLD.placement_id AND NEW.month = OLD.month
    AND NEW.on_day = OLD.on_day AND NEW.reached = OLD.reached AND NEW.employed = OLD.employed
    AND NEW.same_employer = OLD.same_employer AND NEW.wage_currency IS OLD.wage_currency
    AND NEW.wage_minor IS OLD.wage_minor AND NEW.by_id = OLD.by_id AND NEW.at = OLD.at
    AND NEW.journal_seq = OLD.journal_seq
    AND EXISTS (SELECT 1 FROM placements p JOIN staff s ON s.id = p.person_id
                WHERE p.id = OLD.placement_id AND s.erased_at IS NOT NULL)
)
BEGIN SELECT RAISE(ABORT, 'a follow-up is never changed: record another'); END;

-- The day she graduated and the day her training ended, kept apart from her status, which
-- changes later (an erased woman's status reads "left" from the day she was erased): the
-- placement rate and the women trained per year count from these.
ALTER TABLE staff ADD COLUMN graduated_on TEXT;
ALTER TABLE staff ADD COLUMN trained_until TEXT;
UPDATE staff SET graduated_on = status_since WHERE status = 'graduated';
-- (For a woman erased before now, the day she was erased: her training ended by then.)
UPDATE staff SET trained_until = status_since WHERE status IN ('graduated', 'left');

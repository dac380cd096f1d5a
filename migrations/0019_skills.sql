-- 0019: skills. The competency framework's versions as loaded (a version is never edited: a
-- changed framework is a new version), the evidence managers record (append-only: a correction
-- is a new piece pointing at the old one), and sign-offs. Each piece and each sign-off is
-- written with its journal record (`skill_evidence`, `skill_signed_off`); the journal holds
-- everything but the note, whose words go when the person is erased.
CREATE TABLE skill_frameworks (
    version   INTEGER PRIMARY KEY CHECK (version > 0),
    source    TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TRIGGER skill_frameworks_never_change BEFORE UPDATE ON skill_frameworks
BEGIN SELECT RAISE(ABORT, 'a framework version is never edited'); END;
CREATE TRIGGER skill_frameworks_never_deleted BEFORE DELETE ON skill_frameworks
BEGIN SELECT RAISE(ABORT, 'a framework version is never deleted'); END;

CREATE TABLE skill_evidence (
    id          INTEGER PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES staff (id),
    version     INTEGER NOT NULL REFERENCES skill_frameworks (version),
    competency  TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('not-yet', 'developing', 'competent', 'can-coach')),
    method      TEXT NOT NULL CHECK (method IN ('observed', 'product', 'written', 'till', 'employer')),
    assessor_id TEXT NOT NULL REFERENCES staff (id),
    approved_by TEXT REFERENCES staff (id),
    shift       TEXT NOT NULL,
    on_day      TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL,
    corrects    INTEGER REFERENCES skill_evidence (id),
    journal_seq INTEGER NOT NULL,
    CHECK (person_id <> assessor_id)
);
CREATE INDEX skill_evidence_of_person ON skill_evidence (person_id);
-- A piece is corrected once; a correction can itself be corrected.
CREATE UNIQUE INDEX skill_evidence_corrected_once ON skill_evidence (corrects)
    WHERE corrects IS NOT NULL;
CREATE TRIGGER skill_evidence_never_deleted BEFORE DELETE ON skill_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted: record a correction'); END;
-- Nothing about a piece changes, except that its note reads "erased" once its person is.
CREATE TRIGGER skill_evidence_never_change BEFORE UPDATE ON skill_evidence
WHEN NOT (
    NEW.note = 'erased'
    AND NEW.id = OLD.id AND NEW.person_id = OLD.person_id AND NEW.version = OLD.version
    AND NEW.competency = OLD.competency AND NEW.rating = OLD.rating AND NEW.method = OLD.method
    AND NEW.assessor_id = OLD.assessor_id AND NEW.approved_by IS OLD.approved_by
    AND NEW.shift = OLD.shift AND NEW.on_day = OLD.on_day AND NEW.at = OLD.at
    AND NEW.corrects IS OLD.corrects AND NEW.journal_seq = OLD.journal_seq
    AND EXISTS (SELECT 1 FROM staff s WHERE s.id = OLD.person_id AND s.erased_at IS NOT NULL)
)
BEGIN SELECT RAISE(ABORT, 'evidence is never changed: record a correction'); END;

CREATE TABLE skill_sign_offs (
    person_id   TEXT NOT NULL REFERENCES staff (id),
    version     INTEGER NOT NULL REFERENCES skill_frameworks (version),
    competency  TEXT NOT NULL,
    signed_by   TEXT NOT NULL REFERENCES staff (id),
    on_day      TEXT NOT NULL,
    at          TEXT NOT NULL,
    journal_seq INTEGER NOT NULL,
    PRIMARY KEY (person_id, version, competency)
) WITHOUT ROWID;
CREATE TRIGGER skill_sign_offs_never_change BEFORE UPDATE ON skill_sign_offs
BEGIN SELECT RAISE(ABORT, 'a sign-off is never changed'); END;
CREATE TRIGGER skill_sign_offs_never_deleted BEFORE DELETE ON skill_sign_offs
BEGIN SELECT RAISE(ABORT, 'a sign-off is never deleted'); END;

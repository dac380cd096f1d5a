-- 0023: each person's standing at each competency of the framework in force, written in the
-- same transaction as the evidence or sign-off that changes it, so the progress matrix and the
-- sign-off queue read one row per cell instead of years of evidence. Nothing here is
-- evidence: it is worked out from skill_evidence and skill_sign_offs, rebuilt from them when
-- another framework version comes into force (and when this table is new), and `mekong
-- verify` checks every row against them. Signing off always works from the evidence itself.
CREATE TABLE skill_standings (
    person_id  TEXT NOT NULL REFERENCES staff (id),
    competency TEXT NOT NULL,                      -- in the framework version below
    version    INTEGER NOT NULL,
    standing   TEXT CHECK (standing IN ('not-yet', 'developing', 'competent', 'can-coach')),
    ready      INTEGER NOT NULL CHECK (ready IN (0, 1)), -- its rule is met, not signed off yet
    signed_off INTEGER NOT NULL CHECK (signed_off IN (0, 1)),
    CHECK (NOT (ready AND signed_off)),
    PRIMARY KEY (person_id, competency)
) WITHOUT ROWID;
-- The framework version the standings were last worked out for (one row; none before the
-- first time).
CREATE TABLE skill_standings_of (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    version INTEGER NOT NULL
);

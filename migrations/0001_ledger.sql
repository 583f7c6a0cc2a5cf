-- The ledger's first shape: one append-only list of entries, each chained to the one before by
-- SHA-256, and the result document of each recorded evaluation beside its entry.
CREATE TABLE entries (
    seq       INTEGER PRIMARY KEY,  -- 1, 2, 3 … in the order written
    recorded  TEXT    NOT NULL,     -- when it was written, UTC (2026-12-07T19:30:00Z)
    who       TEXT    NOT NULL,     -- who wrote it
    kind      TEXT    NOT NULL,     -- run, propose, object, uphold, dismiss, approve, pay, revoke, void
    award     TEXT    NOT NULL,     -- the award (the policies' family)
    year      INTEGER NOT NULL,     -- the award cycle
    applicant TEXT,                 -- the identity it is about, when it is about one
    corrects  INTEGER REFERENCES entries (seq), -- the entry it voids, for a correction
    body      TEXT    NOT NULL,     -- its facts, as JSON
    prev      TEXT    NOT NULL,     -- the hash of the entry before (64 zeros for the first)
    hash      TEXT    NOT NULL      -- SHA-256 over prev and every column above
);
CREATE INDEX entries_by_year ON entries (award, year);
CREATE INDEX entries_by_applicant ON entries (applicant);

-- The result document of a recorded evaluation; its digest is in the run's entry, so an edit
-- here breaks the chain as surely as an edit there.
CREATE TABLE results (
    seq    INTEGER PRIMARY KEY REFERENCES entries (seq),
    result TEXT NOT NULL
);

-- Nothing written is changed or removed through qaward's own connection: a correction is a
-- new entry that voids the old one.
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER results_no_update BEFORE UPDATE ON results
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER results_no_delete BEFORE DELETE ON results
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;

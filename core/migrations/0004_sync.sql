-- 0004: what sync needs on the phone: the replicated value and stamp of every lead
-- field, an outbox of field changes not yet pushed, push state of notes, and the cursor.

-- The last value of each lead field as replicated, with its clock stamp (LWW).
CREATE TABLE field_values (
    lead_id TEXT NOT NULL,
    field   TEXT NOT NULL,
    value   TEXT,
    stamp   TEXT NOT NULL,
    PRIMARY KEY (lead_id, field)
) STRICT, WITHOUT ROWID;

-- Field changes made here and not yet acknowledged by the server; written in the same
-- transaction as the change itself.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE,
    change    TEXT NOT NULL            -- JSON, as pushed
) STRICT;

-- Notes and answers: 0 until the server has them (the "synced" tick).
ALTER TABLE notes ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notes_unpushed ON notes (id) WHERE pushed = 0;

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

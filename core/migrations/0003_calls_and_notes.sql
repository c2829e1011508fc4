-- 0003: call sessions as event logs, notes and answers with full-text search.

-- One call walked through a script. The script is kept as it was when the call started,
-- so a call resumed after an update still follows the same stages.
CREATE TABLE call_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    attempt_id  TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    script      TEXT NOT NULL,               -- TOML
    started_at  INTEGER NOT NULL,
    finished_at INTEGER                      -- NULL while the call is open
) STRICT;
CREATE INDEX call_sessions_open ON call_sessions (started_at) WHERE finished_at IS NULL;
CREATE INDEX call_sessions_lead ON call_sessions (lead_id, started_at);

-- Everything that happened in a session, in order; the session's state is this replayed.
CREATE TABLE session_events (
    seq        INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES call_sessions (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    event      TEXT NOT NULL                 -- JSON
) STRICT;
CREATE INDEX session_events_session ON session_events (session_id, seq);

-- Free notes (per call or per lead) and answers to script questions: the lead's words.
CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,        -- UUIDv7, stable across devices
    lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    session_id  TEXT REFERENCES call_sessions (id) ON DELETE SET NULL,
    question_id TEXT,                        -- set for answers
    prompt      TEXT,                        -- the question, for answers
    body        TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX notes_one_answer ON notes (session_id, question_id) WHERE question_id IS NOT NULL;
CREATE INDEX notes_lead ON notes (lead_id, at);

CREATE VIRTUAL TABLE notes_search USING fts5 (
    body,
    content = 'notes',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    -- Search as you type matches the last word as a prefix; prefix indexes keep short
    -- prefixes of common words as fast as whole words.
    prefix = '2 3 4'
);
CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_search (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_search (notes_search, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_search (notes_search, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_search (rowid, body) VALUES (new.id, new.body);
END;

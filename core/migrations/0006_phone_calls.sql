-- 0006: a dial becomes an attempt only once the phone says a call was placed; what the
-- phone reported about each dial; talk time with how it was known; the note being typed.

-- 0 while the dial has not become a call: such a row is neither counted nor synced.
ALTER TABLE attempts ADD COLUMN placed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE attempts ADD COLUMN talk_seconds INTEGER;
ALTER TABLE attempts ADD COLUMN talk_confidence TEXT;

DROP TRIGGER attempts_revised;
CREATE TRIGGER attempts_revised
 AFTER UPDATE OF connected_at, ended_at, outcome, outcome_at, callback_at, stages,
                 placed, talk_seconds, talk_confidence ON attempts
 WHEN new.rev_stamp IS old.rev_stamp
BEGIN
    UPDATE attempts SET rev_id = '', rev_stamp = NULL, pushed = 0 WHERE id = new.id;
END;

-- What the phone can report (JSON), and when the rep backed out of the dial.
ALTER TABLE call_sessions ADD COLUMN capabilities TEXT;
ALTER TABLE call_sessions ADD COLUMN cancelled_at INTEGER;

-- Every platform report about a session's dial, as it arrived; its meaning is computed
-- from all of them ordered by `at`, so late and repeated reports change nothing.
CREATE TABLE phone_reports (
    seq        INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES call_sessions (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    event      TEXT NOT NULL                 -- JSON
) STRICT;
CREATE INDEX phone_reports_session ON phone_reports (session_id, seq);

-- The quick note being typed during a call, kept as it is typed so a kill loses nothing.
CREATE TABLE call_drafts (
    session_id TEXT PRIMARY KEY NOT NULL REFERENCES call_sessions (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

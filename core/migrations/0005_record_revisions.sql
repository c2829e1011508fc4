-- 0005: notes, answers and call attempts replicate as revisions.
--
-- Each row carries its current revision: `rev_id` (the change id it travels under) and
-- `rev_stamp` (its clock stamp). A new row has neither; its first revision's id is the
-- record's own id (one id less on the wire). A local edit sets `rev_id` to '' and clears
-- the stamp (the triggers below), so the next revision gets a new id. The sync outbox
-- stamps rows in the same transaction as the edit, so the stamp is the edit's time. A
-- pulled revision sets both itself, which the triggers leave alone.

ALTER TABLE notes ADD COLUMN rev_id TEXT;
ALTER TABLE notes ADD COLUMN rev_stamp TEXT;
-- Notes pushed before this version went up under "<uid>@<length>"; keep that id.
UPDATE notes SET rev_id = uid || '@' || length(CAST(body AS BLOB)),
                 rev_stamp = printf('%016d-0000000000-upgraded', at)
 WHERE pushed = 1;
CREATE INDEX notes_unstamped ON notes (id) WHERE rev_stamp IS NULL;

CREATE TRIGGER notes_revised AFTER UPDATE OF body ON notes
 WHEN new.rev_stamp IS old.rev_stamp AND new.body IS NOT old.body
BEGIN
    UPDATE notes SET rev_id = '', rev_stamp = NULL, pushed = 0 WHERE id = new.id;
END;

-- The script stages a call went through, in order (JSON array), set when its outcome is
-- logged: the team's report shows where calls stop.
ALTER TABLE attempts ADD COLUMN stages TEXT;
ALTER TABLE attempts ADD COLUMN rev_id TEXT;
ALTER TABLE attempts ADD COLUMN rev_stamp TEXT;
ALTER TABLE attempts ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attempts_unstamped ON attempts (id) WHERE rev_stamp IS NULL;
CREATE INDEX attempts_unpushed ON attempts (id) WHERE pushed = 0;

CREATE TRIGGER attempts_revised
 AFTER UPDATE OF connected_at, ended_at, outcome, outcome_at, callback_at, stages ON attempts
 WHEN new.rev_stamp IS old.rev_stamp
BEGIN
    UPDATE attempts SET rev_id = '', rev_stamp = NULL, pushed = 0 WHERE id = new.id;
END;

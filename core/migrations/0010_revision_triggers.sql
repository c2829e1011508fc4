-- 0010: a pulled revision is never mistaken for a local edit. The triggers (0005, 0006) took
-- any body change under an unchanged stamp for an edit made here; a pulled revision that
-- carries the same stamp as the current one (a peer reusing a stamp) then lost its id,
-- was pushed back as this phone's own edit, and blocked later revisions. A pulled
-- revision always sets its own id, so an unchanged id is what marks a local edit.
DROP TRIGGER notes_revised;
CREATE TRIGGER notes_revised AFTER UPDATE OF body ON notes
 WHEN new.rev_stamp IS old.rev_stamp AND new.rev_id IS old.rev_id
      AND new.body IS NOT old.body
BEGIN
    UPDATE notes SET rev_id = '', rev_stamp = NULL, pushed = 0 WHERE id = new.id;
END;

DROP TRIGGER attempts_revised;
CREATE TRIGGER attempts_revised
 AFTER UPDATE OF connected_at, ended_at, outcome, outcome_at, callback_at, stages,
                 placed, talk_seconds, talk_confidence ON attempts
 WHEN new.rev_stamp IS old.rev_stamp AND new.rev_id IS old.rev_id
BEGIN
    UPDATE attempts SET rev_id = '', rev_stamp = NULL, pushed = 0 WHERE id = new.id;
END;

-- 0009: pulled changes this phone could not apply (a value its rules refuse, or a
-- write the store refused) are kept here instead of being lost behind the cursor. The
-- core version that set a change aside is kept: a newer core tries it again.
CREATE TABLE quarantine (
    change_id    TEXT PRIMARY KEY NOT NULL,
    change       TEXT NOT NULL,        -- the change as pulled, JSON
    problem      TEXT NOT NULL,        -- why it was set aside, in words
    core_version TEXT NOT NULL,
    at           INTEGER NOT NULL
) STRICT;

-- 0007: the team's values a call's lines are filled with (the company name), fixed when
-- the call starts, so new team settings never change a call in progress. NULL for calls
-- started before this step: they read the current settings, as they always did.
ALTER TABLE call_sessions ADD COLUMN team_values TEXT;

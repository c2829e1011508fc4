-- 0001: leads, the first slice of the on-device store.
-- Timestamps are integer milliseconds since the Unix epoch, UTC.

CREATE TABLE leads (
    id          TEXT PRIMARY KEY NOT NULL,   -- UUIDv7, text form: sortable by creation
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL DEFAULT '',
    phone_e164  TEXT NOT NULL,               -- normalised, e.g. +14155550123
    phone_raw   TEXT NOT NULL,               -- exactly what the form or the rep typed
    email       TEXT,
    company     TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- The same person asking twice is one lead: the normalised phone identifies them.
CREATE UNIQUE INDEX leads_phone_e164 ON leads (phone_e164);

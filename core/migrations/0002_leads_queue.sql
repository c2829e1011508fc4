-- 0002: everything the queue needs to know about a lead, its inquiries, call attempts,
-- a timeline of events, and the team's settings.

ALTER TABLE leads ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'other';
ALTER TABLE leads ADD COLUMN campaign_name TEXT;
ALTER TABLE leads ADD COLUMN ad_name TEXT;
ALTER TABLE leads ADD COLUMN form_name TEXT;
ALTER TABLE leads ADD COLUMN asked_about TEXT;
ALTER TABLE leads ADD COLUMN first_inquired_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN inquired_at INTEGER NOT NULL DEFAULT 0;     -- latest inquiry
ALTER TABLE leads ADD COLUMN inquiry_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE leads ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';      -- IANA name
ALTER TABLE leads ADD COLUMN time_zone_source TEXT NOT NULL DEFAULT 'team_default';
ALTER TABLE leads ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE leads ADD COLUMN assigned_to TEXT;
ALTER TABLE leads ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;       -- in the current cycle
ALTER TABLE leads ADD COLUMN last_attempt_at INTEGER;
ALTER TABLE leads ADD COLUMN next_action_at INTEGER;                    -- NULL once closed
ALTER TABLE leads ADD COLUMN callback_at INTEGER;
ALTER TABLE leads ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '[]';  -- JSON [[name, value], ...]

-- Leads stored by version 1 were asked about when they were stored, and are new.
UPDATE leads SET first_inquired_at = created_at, inquired_at = created_at, next_action_at = created_at;

-- The queue loads open leads only.
CREATE INDEX leads_open ON leads (next_action_at) WHERE next_action_at IS NOT NULL;

-- Every time a person asked to hear from us; the same person twice is one lead.
CREATE TABLE inquiries (
    id            TEXT PRIMARY KEY NOT NULL,
    lead_id       TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    received_at   INTEGER NOT NULL,
    source_kind   TEXT NOT NULL,
    campaign_name TEXT,
    ad_name       TEXT,
    form_name     TEXT,
    asked_about   TEXT,
    custom_fields TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX inquiries_lead ON inquiries (lead_id, received_at);

INSERT INTO inquiries (id, lead_id, received_at, source_kind)
    SELECT id, id, created_at, 'other' FROM leads;

-- Each call: dialled, maybe connected, ended, and the outcome the rep logged.
CREATE TABLE attempts (
    id           TEXT PRIMARY KEY NOT NULL,
    lead_id      TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    started_at   INTEGER NOT NULL,
    connected_at INTEGER,
    ended_at     INTEGER,
    outcome      TEXT,
    outcome_at   INTEGER,
    callback_at  INTEGER
) STRICT;
CREATE INDEX attempts_lead ON attempts (lead_id, started_at);

-- The lead's timeline: append-only, in the order things happened.
CREATE TABLE lead_events (
    seq     INTEGER PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX lead_events_lead ON lead_events (lead_id, at, seq);

INSERT INTO lead_events (lead_id, at, kind) SELECT id, created_at, 'inquiry' FROM leads;

-- Team-wide settings as JSON documents, by key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

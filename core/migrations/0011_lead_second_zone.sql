-- 0011: a lead whose clue spans a zone line (a split area code, a state such as Texas)
-- may live in either of two zones and is called only while the window is open in both
-- (ADR 0010). The second zone replicates like the first. NULL: one zone.
-- Leads whose zone was the team default are given the zone their number or state now
-- says when the store opens after this step (Warmline::open, `rederive_default_zones`).
ALTER TABLE leads ADD COLUMN also_time_zone TEXT;

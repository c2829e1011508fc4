-- 0008: a dial reserves its lead for the rep who tapped it, until the call ends or the
-- reservation runs out (ADR 0009). Both columns replicate, so other phones learn of it
-- at their next pull. NULL: nobody is calling them.
ALTER TABLE leads ADD COLUMN reserved_by TEXT;
ALTER TABLE leads ADD COLUMN reserved_until INTEGER;

-- A level an authority notified for an asset's data (important or core; NDSMR Art. 29), as its
-- provider or the operator declared it, with the notice it rests on. Grading never goes below it.
ALTER TABLE assets ADD COLUMN declared_level TEXT;
ALTER TABLE assets ADD COLUMN declared_basis TEXT;
ALTER TABLE assets ADD COLUMN declared_at TEXT

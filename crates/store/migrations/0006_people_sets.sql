-- The people a scanned version concerns, as a stored set of identifier hashes (no identifiers),
-- so that distinct people can be counted across datasets: an exporter's transfers abroad this
-- year, for the cross-border thresholds.
ALTER TABLE scan_reports ADD COLUMN people_sha256 TEXT

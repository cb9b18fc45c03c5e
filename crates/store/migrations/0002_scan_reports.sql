-- The classification-and-grading report of each asset version, written when the version has
-- been read in full: column kinds, distinct people, and the level with its reasons, as JSON (the
-- shape of `dataport scan --format json`). Level and counts are columns too, for listings and
-- for the export decisions that read them.
CREATE TABLE scan_reports (
    version_id            TEXT PRIMARY KEY REFERENCES asset_versions (id),
    level                 TEXT NOT NULL CHECK (level IN ('general', 'important', 'core')),
    general_grade         BIGINT,
    individuals           BIGINT NOT NULL,
    sensitive_individuals BIGINT NOT NULL,
    minors_under_14       BIGINT NOT NULL,
    report                TEXT NOT NULL,
    created_at            TEXT NOT NULL
);

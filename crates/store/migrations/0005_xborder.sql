-- The cross-border gate's record: approvals an exporter holds (security assessment results,
-- filed standard contracts, certifications), and every decision the gate took for a transfer
-- abroad. Executed transfers are the counters: people whose personal information left an
-- exporter since 1 January (Asia/Shanghai), kept apart by the legal basis they left under.

CREATE TABLE xborder_approvals (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT NOT NULL REFERENCES participants (id),
    kind            TEXT NOT NULL,
    reference       TEXT NOT NULL,
    issued          TEXT NOT NULL,
    valid_until     TEXT,
    note            TEXT NOT NULL,
    -- The document itself (result, filing receipt, certificate), stored content-addressed.
    document_sha256 TEXT,
    document_type   TEXT,
    document_size   BIGINT,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX xborder_approvals_participant ON xborder_approvals (participant_id);

CREATE TABLE xborder_transfers (
    id                     TEXT PRIMARY KEY,
    participant_id         TEXT NOT NULL REFERENCES participants (id),
    transfer_year          BIGINT NOT NULL,
    destination            TEXT NOT NULL,
    outcome                TEXT NOT NULL,
    allowed                BIGINT NOT NULL,
    executed               BIGINT NOT NULL,
    counting               TEXT NOT NULL,
    individuals            BIGINT NOT NULL,
    sensitive_individuals  BIGINT NOT NULL,
    request                TEXT NOT NULL,
    decision               TEXT NOT NULL,
    decided_by             TEXT NOT NULL,
    decided_at             TEXT NOT NULL,
    -- The asset version transferred, when the decision was about one: its people set makes
    -- the counters count distinct people.
    asset_version_id       TEXT
);
CREATE INDEX xborder_transfers_participant ON xborder_transfers (participant_id, transfer_year);

-- What the operator has established about an exporter for the gate: whether it is a critical
-- information infrastructure operator (notified by its regulator) and which free-trade zone's
-- list it exports under. Decisions use this record over the exporter's own declaration.
CREATE TABLE xborder_exporters (
    participant_id  TEXT PRIMARY KEY REFERENCES participants (id),
    ciio            BIGINT NOT NULL,
    ftz             TEXT,
    basis           TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- The distinct people whose personal information left an exporter in a year under one legal
-- basis: a stored set of identifier hashes (the union of the executed transfers' people sets).
CREATE TABLE xborder_people (
    participant_id  TEXT NOT NULL REFERENCES participants (id),
    transfer_year   BIGINT NOT NULL,
    counting        TEXT NOT NULL,
    set_sha256      TEXT NOT NULL,
    PRIMARY KEY (participant_id, transfer_year, counting)
);

-- The rights registry (三权分置): what is registered about each asset and every grant of one of
-- the three rights over it, as the `rights` crate models them (JSON of its records), with the
-- columns queries need beside them. `rights_meta.generation` grows with every change so that a
-- node can tell whether its cached registry is current without reading it all.

CREATE TABLE rights_meta (
    id          BIGINT PRIMARY KEY,
    generation  BIGINT NOT NULL
);
INSERT INTO rights_meta (id, generation) VALUES (1, 0);

CREATE TABLE rights_assets (
    asset_id        TEXT PRIMARY KEY REFERENCES assets (id),
    registrant      TEXT NOT NULL REFERENCES participants (id),
    record          TEXT NOT NULL,
    -- The latest rights event about the asset: the registration certificate attests the state
    -- it describes.
    last_event_id   TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE rights_grants (
    id          TEXT PRIMARY KEY,
    asset_id    TEXT NOT NULL REFERENCES assets (id),
    holder      TEXT NOT NULL REFERENCES participants (id),
    right_kind  TEXT NOT NULL,
    status      TEXT NOT NULL,
    grant_json  TEXT NOT NULL
);
CREATE INDEX rights_grants_asset ON rights_grants (asset_id);
CREATE INDEX rights_grants_holder ON rights_grants (holder);

-- An asset's place in its lifecycle (MoF data-asset guidance): unregistered → registered →
-- listed ⇄ suspended → delisted → destroyed; and how its owner accounts for it
-- (财会〔2023〕11号): intangible asset, inventory, or not recognised.
ALTER TABLE assets ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'unregistered';
ALTER TABLE assets ADD COLUMN lifecycle_reason TEXT;
ALTER TABLE assets ADD COLUMN accounting_class TEXT NOT NULL DEFAULT 'not_recognised';
-- When a destroyed asset's files were deleted (NULL while the deletion is pending).
ALTER TABLE assets ADD COLUMN files_deleted_at TEXT;

-- Costs a participant records against a data asset it holds rights over.
CREATE TABLE asset_costs (
    id              TEXT PRIMARY KEY,
    asset_id        TEXT NOT NULL REFERENCES assets (id),
    participant_id  TEXT NOT NULL REFERENCES participants (id),
    category        TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL,
    incurred_on     TEXT NOT NULL,
    capitalised     BIGINT NOT NULL,
    note            TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX asset_costs_asset ON asset_costs (asset_id, participant_id);

-- Evidence documents behind a source declaration (contracts, authorisations, consent records),
-- stored content-addressed.
CREATE TABLE rights_evidence (
    asset_id      TEXT NOT NULL REFERENCES assets (id),
    sha256        TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          BIGINT NOT NULL,
    file_name     TEXT NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (asset_id, sha256)
);

-- Certificates the exchange issued (W3C verifiable credentials), each attesting one logged
-- event, with its place in the revocation status list.
CREATE TABLE certificates (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    asset_id        TEXT NOT NULL REFERENCES assets (id),
    event_id        TEXT NOT NULL,
    status_list     BIGINT NOT NULL,
    status_index    BIGINT NOT NULL,
    credential      TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    revoked_at      TEXT,
    revoked_reason  TEXT,
    UNIQUE (status_list, status_index),
    UNIQUE (kind, event_id)
);
CREATE INDEX certificates_asset ON certificates (asset_id, kind);

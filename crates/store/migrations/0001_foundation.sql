-- Participants, users and credentials, data assets, the event outbox and idempotency records.
-- SERIAL_PRIMARY_KEY is replaced per engine: INTEGER PRIMARY KEY AUTOINCREMENT on SQLite, BIGSERIAL
-- PRIMARY KEY on PostgreSQL. It is the only difference between the engines.
-- Timestamps are fixed-width RFC 3339 UTC text, so text order is time order.

CREATE TABLE participants (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('merchant', 'operator', 'regulator')),
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    id_scheme     TEXT NOT NULL CHECK (id_scheme IN ('uscc', 'lei')),
    id_value      TEXT NOT NULL,
    region        TEXT NOT NULL,
    roles         TEXT NOT NULL,
    service_kinds TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'suspended')),
    status_reason TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (id_scheme, id_value)
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    staff_role     TEXT NOT NULL CHECK (staff_role IN ('admin', 'reviewer', 'member')),
    created_at     TEXT NOT NULL
);
CREATE INDEX users_participant ON users (participant_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    secret_hash TEXT NOT NULL UNIQUE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE login_failures (
    throttle_key TEXT NOT NULL,
    failed_at    TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);

CREATE TABLE assets (
    id               TEXT PRIMARY KEY,
    participant_id   TEXT NOT NULL REFERENCES participants (id),
    title            TEXT NOT NULL,
    title_en         TEXT,
    description      TEXT NOT NULL,
    description_en   TEXT,
    sector           TEXT NOT NULL,
    source_kind      TEXT NOT NULL,
    source_evidence  TEXT,
    update_frequency TEXT NOT NULL,
    latest_version   BIGINT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX assets_participant ON assets (participant_id, id);

-- A version is written when its upload has been received and stored (`processing`); reading it
-- in full and normalising it to Parquet fills in the rest (`ready`) or records why it could not
-- (`failed`). Format, compression, encoding and delimiter are known from the upload's first
-- bytes; the final pass may still correct the encoding.
CREATE TABLE asset_versions (
    id                TEXT PRIMARY KEY,
    asset_id          TEXT NOT NULL REFERENCES assets (id),
    version           BIGINT NOT NULL,
    file_name         TEXT NOT NULL,
    sha256            TEXT NOT NULL,
    size_bytes        BIGINT NOT NULL,
    format            TEXT NOT NULL,
    compression       TEXT NOT NULL,
    encoding          TEXT,
    delimiter         TEXT,
    state             TEXT NOT NULL CHECK (state IN ('processing', 'ready', 'failed')),
    columns_json      TEXT,
    row_count         BIGINT,
    parquet_sha256    TEXT,
    parquet_size      BIGINT,
    error_code        TEXT,
    error_en          TEXT,
    error_zh          TEXT,
    uploaded_by       TEXT NOT NULL REFERENCES users (id),
    created_at        TEXT NOT NULL,
    processed_at      TEXT,
    UNIQUE (asset_id, version)
);
CREATE INDEX asset_versions_state ON asset_versions (state);

-- The outbox: every state change writes its event here in the same transaction. `seq` is the
-- insertion order; the transparency-log sequencer assigns the log index.
CREATE TABLE events (
    seq         SERIAL_PRIMARY_KEY,
    id          TEXT NOT NULL UNIQUE,
    event_type  TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    actor_id    TEXT,
    occurred_at TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX events_subject ON events (subject_id);

CREATE TABLE idempotency_keys (
    principal     TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    route         TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        BIGINT,
    response_body TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (principal, idem_key)
);

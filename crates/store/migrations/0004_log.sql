-- The transparency log (存证). The `events` outbox is the queue; the sequencer turns events into
-- log entries in `seq` order, writes tiles to the blob store, and records each batch here in one
-- transaction together with the checkpoint it signed. This table is the durable record of the
-- log: tiles in the blob store are derived from it and checked against `log_tiles`.

-- One row per log entry. `entry` is the public entry exactly as hashed into the tree (canonical
-- JSON); `salt` opens the entry's commitment to the event body, and is given only to parties.
CREATE TABLE log_entries (
    log_index  BIGINT PRIMARY KEY,
    event_seq  BIGINT NOT NULL UNIQUE,
    event_id   TEXT NOT NULL UNIQUE,
    salt       TEXT NOT NULL,
    entry      TEXT NOT NULL
);

-- Every checkpoint ever signed, so any two can be proved consistent and a receipt's checkpoint
-- can be found again.
CREATE TABLE log_checkpoints (
    tree_size   BIGINT PRIMARY KEY,
    root_hash   TEXT NOT NULL,
    note        TEXT NOT NULL,
    signed_at   TEXT NOT NULL
);

-- The SHA-256 of every tile and entry bundle written, so a tile that was altered or lost in the
-- blob store is detected before it is served.
CREATE TABLE log_tiles (
    path    TEXT PRIMARY KEY,
    digest  TEXT NOT NULL
);

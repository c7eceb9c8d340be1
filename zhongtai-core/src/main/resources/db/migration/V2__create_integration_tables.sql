-- Sources and sync state (integration). Portable types only, as in V1.

CREATE TABLE zt_source (
    name        TEXT   NOT NULL PRIMARY KEY,
    type        TEXT   NOT NULL,
    options     TEXT   NOT NULL,  -- JSON object of the non-secret option values
    secrets     TEXT   NOT NULL,  -- JSON object: option name -> AES-256-GCM ciphertext (see SecretBox); never plain text
    description TEXT,
    created_at  BIGINT NOT NULL,
    created_by  TEXT,
    updated_at  BIGINT NOT NULL
);

-- One row per synced source table: where it lands and how far it got. The authoritative position
-- (high-water mark, stream offsets, CDC offset) is written into the Iceberg snapshot summary of the
-- commit that contains the data; this row mirrors it for listing and is updated right after the commit.
CREATE TABLE zt_sync_state (
    source       TEXT   NOT NULL,
    source_table TEXT   NOT NULL,
    target_table TEXT   NOT NULL,
    mode         TEXT   NOT NULL,
    position     TEXT,
    snapshot_id  BIGINT,
    rows_synced  BIGINT NOT NULL,
    synced_at    BIGINT NOT NULL,
    PRIMARY KEY (source, source_table)
);

CREATE TABLE zt_sync_run (
    id          TEXT   NOT NULL PRIMARY KEY,
    source      TEXT   NOT NULL,
    mode        TEXT   NOT NULL,
    status      TEXT   NOT NULL,  -- running, succeeded, failed, stopped
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    rows_read   BIGINT NOT NULL,
    tables      TEXT,             -- JSON array of per-table results
    error       TEXT,
    started_by  TEXT
);

CREATE INDEX zt_sync_run_source ON zt_sync_run (source, started_at);

-- Following syncs (CDC, streams with follow) started as server jobs. A row lives from the job's start until a
-- user stops it; a server starting on this metadata store resumes every job listed here.
CREATE TABLE zt_sync_job (
    id         TEXT   NOT NULL PRIMARY KEY,
    source     TEXT   NOT NULL,
    request    TEXT   NOT NULL,  -- JSON of the sync request
    created_at BIGINT NOT NULL,
    created_by TEXT   NOT NULL
);

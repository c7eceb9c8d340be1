-- Pipelines: versioned specs, runs and their nodes, column lineage, quality results. Portable types only, as in V1.

CREATE TABLE zt_pipeline (
    name            TEXT    NOT NULL PRIMARY KEY,
    current_version INTEGER NOT NULL,
    paused          INTEGER NOT NULL,  -- 1 when the scheduler must not start runs
    created_at      BIGINT  NOT NULL,
    created_by      TEXT,
    updated_at      BIGINT  NOT NULL
);

-- Every applied spec. Applying the same text again adds no version (spec_hash).
CREATE TABLE zt_pipeline_version (
    pipeline   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    spec       TEXT    NOT NULL,  -- the YAML as applied
    spec_hash  TEXT    NOT NULL,  -- SHA-256 hex of spec
    origin     TEXT,              -- the file it was applied from
    created_at BIGINT  NOT NULL,
    created_by TEXT,
    PRIMARY KEY (pipeline, version)
);

CREATE TABLE zt_pipeline_run (
    id           TEXT    NOT NULL PRIMARY KEY,
    pipeline     TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    bizdate      TEXT    NOT NULL,  -- yyyy-MM-dd: the business date the run processes
    run_trigger  TEXT    NOT NULL,  -- schedule, manual, backfill, rerun
    -- Scheduled runs only: pipeline and tick. Unique, so two servers sharing this store never both start a tick.
    schedule_key TEXT,
    state        TEXT    NOT NULL,  -- queued, running, succeeded, failed, cancelled
    rerun_of     TEXT,              -- the failed run this one continues from its failed nodes
    params       TEXT,              -- JSON object of the run's resolved parameters
    queued_at    BIGINT  NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    error        TEXT,
    owner        TEXT,              -- the process running it (host/pid/uuid)
    heartbeat_at BIGINT,            -- refreshed by the owner while it runs; a stale one marks an orphaned run
    created_by   TEXT
);

CREATE UNIQUE INDEX zt_pipeline_run_schedule ON zt_pipeline_run (schedule_key);
CREATE INDEX zt_pipeline_run_pipeline ON zt_pipeline_run (pipeline, queued_at);
CREATE INDEX zt_pipeline_run_state ON zt_pipeline_run (state);

CREATE TABLE zt_pipeline_node_run (
    run_id        TEXT    NOT NULL,
    node          TEXT    NOT NULL,
    state         TEXT    NOT NULL,  -- pending, running, succeeded, failed, skipped, cancelled
    attempts      INTEGER NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    rows_in       BIGINT,
    rows_out      BIGINT,
    rows_rejected BIGINT,
    bytes_written BIGINT,
    error         TEXT,
    log           TEXT,              -- the node's log lines, newline-separated
    PRIMARY KEY (run_id, node)
);

-- Column lineage of each pipeline version: source column -> target column (kind direct or indirect), and
-- table-level edges with empty column names (kind table).
CREATE TABLE zt_lineage_edge (
    pipeline      TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    node          TEXT    NOT NULL,
    source_table  TEXT    NOT NULL,
    source_column TEXT    NOT NULL,
    target_table  TEXT    NOT NULL,
    target_column TEXT    NOT NULL,
    kind          TEXT    NOT NULL
);

CREATE INDEX zt_lineage_edge_target ON zt_lineage_edge (target_table, target_column);
CREATE INDEX zt_lineage_edge_source ON zt_lineage_edge (source_table, source_column);
CREATE INDEX zt_lineage_edge_pipeline ON zt_lineage_edge (pipeline, version);

CREATE TABLE zt_quality_result (
    id           TEXT    NOT NULL PRIMARY KEY,
    table_name   TEXT    NOT NULL,
    rule         TEXT    NOT NULL,
    rule_type    TEXT    NOT NULL,
    severity     TEXT    NOT NULL,  -- block, warn
    passed       INTEGER NOT NULL,
    failing_rows BIGINT  NOT NULL,
    observed     TEXT,
    message      TEXT,
    run_id       TEXT,              -- the pipeline run, when a pipeline checked it
    node         TEXT,
    checked_at   BIGINT  NOT NULL
);

CREATE INDEX zt_quality_result_table ON zt_quality_result (table_name, checked_at);

-- Row counts measured by quality checks: the baseline of row_count_change rules.
CREATE TABLE zt_table_row_count (
    table_name  TEXT   NOT NULL,
    measured_at BIGINT NOT NULL,
    row_count   BIGINT NOT NULL
);

CREATE INDEX zt_table_row_count_table ON zt_table_row_count (table_name, measured_at);

-- Alerts sent, so that an SLA miss is reported once per run.
CREATE TABLE zt_alert (
    id        TEXT   NOT NULL PRIMARY KEY,
    pipeline  TEXT   NOT NULL,
    run_id    TEXT,
    kind      TEXT   NOT NULL,  -- failure, sla_miss
    alert_key TEXT   NOT NULL UNIQUE,
    message   TEXT   NOT NULL,
    sent_at   BIGINT NOT NULL,
    outcome   TEXT   NOT NULL   -- which channels took it and which failed
);

-- Backups: registered repositories, schedules and the history of backup, restore, verify and prune runs.
-- Portable types only, as in V1.

CREATE TABLE zt_backup_repo (
    name           TEXT   NOT NULL PRIMARY KEY,
    url            TEXT   NOT NULL,  -- file:///path or s3://bucket/prefix
    endpoint       TEXT,             -- S3-compatible stores only
    region         TEXT,
    path_style     INTEGER NOT NULL,
    access_key     TEXT,             -- encrypted with the platform master key (SecretBox)
    secret_key     TEXT,             -- encrypted
    passphrase     TEXT   NOT NULL,  -- encrypted: scheduled backups run without a prompt
    repository_id  TEXT   NOT NULL,  -- the id in the repository's config, to notice a swapped location
    created_at     BIGINT NOT NULL,
    created_by     TEXT
);

CREATE TABLE zt_backup_schedule (
    name          TEXT    NOT NULL PRIMARY KEY,
    repo          TEXT    NOT NULL,
    cron          TEXT    NOT NULL,
    time_zone     TEXT    NOT NULL,
    scope         TEXT    NOT NULL,  -- JSON: {"all":true} | {"namespaces":[...]} | {"tables":[...]}
    keep_last     INTEGER NOT NULL,
    keep_daily    INTEGER NOT NULL,
    keep_weekly   INTEGER NOT NULL,
    keep_monthly  INTEGER NOT NULL,
    webhooks      TEXT    NOT NULL,  -- JSON array of URLs alerted when a run fails
    emails        TEXT    NOT NULL,  -- JSON array of addresses
    paused        INTEGER NOT NULL,
    created_at    BIGINT  NOT NULL,
    created_by    TEXT
);

CREATE TABLE zt_backup_run (
    id            TEXT   NOT NULL PRIMARY KEY,
    kind          TEXT   NOT NULL,  -- backup, restore, verify, prune
    repo          TEXT   NOT NULL,
    backup_id     TEXT,
    state         TEXT   NOT NULL,  -- running, succeeded, failed
    run_trigger   TEXT   NOT NULL,  -- manual or schedule
    -- Scheduled runs only: schedule and tick. Unique, so two servers sharing this store never both run a tick.
    schedule_key  TEXT   UNIQUE,
    started_at    BIGINT NOT NULL,
    finished_at   BIGINT,
    heartbeat_at  BIGINT,
    files         BIGINT,
    bytes         BIGINT,            -- bytes read (backup) or written (restore)
    new_bytes     BIGINT,            -- bytes added to the repository (backup)
    detail        TEXT,              -- JSON: tables, rows, objects
    error         TEXT,
    created_by    TEXT
);

CREATE INDEX zt_backup_run_started ON zt_backup_run (started_at);

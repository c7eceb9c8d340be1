-- The web console's saved queries and dashboards. Portable types only, as in V1.

CREATE TABLE zt_saved_query (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    sql_text   TEXT   NOT NULL,
    namespace  TEXT,              -- for unqualified table names; null means ods
    chart      TEXT,              -- JSON: {"type","x","y":[..],"series"}; null shows a table
    owner      TEXT   NOT NULL,   -- principal (kind:name); only the owner may change or delete it
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX zt_saved_query_owner_name ON zt_saved_query (owner, name);

CREATE TABLE zt_dashboard (
    id              TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    layout          TEXT    NOT NULL,  -- JSON array of {"query": saved query id, "x","y","w","h"}
    refresh_seconds INTEGER NOT NULL,  -- 0 = no automatic refresh
    owner           TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE UNIQUE INDEX zt_dashboard_owner_name ON zt_dashboard (owner, name);

package io.zhongtai.core.session;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableMaintenance;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.FileLoader;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.metadata.AuditLog;
import io.zhongtai.core.sql.SqlEngine;
import io.zhongtai.core.sql.SqlResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one gate to data: every read and write (CLI, REST, and later pipelines and services) goes
 * through here with the caller's {@link Session}, so identity-based rules (grants, masking,
 * audit) apply in one place. Today it audits every write and table change.
 */
public final class SessionService {
    private final Lakehouse lakehouse;
    private final SqlEngine engine;
    private final TableMaintenance maintenance;
    private final FileLoader loader;
    private final AuditLog audit;

    public SessionService(Lakehouse lakehouse, SqlEngine engine, TableMaintenance maintenance, FileLoader loader, AuditLog audit) {
        this.lakehouse = lakehouse;
        this.engine = engine;
        this.maintenance = maintenance;
        this.loader = loader;
        this.audit = audit;
    }

    /** Runs one SQL statement; close the result. */
    public SqlResult execute(Session session, String sql) {
        SqlResult result = audited(session, "sql", null, abbreviate(sql), () -> engine.execute(session, sql));
        return result;
    }

    /** Runs a script statement by statement; each result is closed after {@code each} returns. */
    public void executeScript(Session session, String script, Consumer<SqlResult> each) {
        audited(session, "sql", null, abbreviate(script), () -> {
            engine.executeScript(session, script, each);
            return null;
        });
    }

    public List<String> namespaces(Session session) {
        return lakehouse.namespaces();
    }

    public void createNamespace(Session session, String namespace) {
        audited(session, "namespace.create", namespace, null, () -> {
            lakehouse.createNamespace(namespace, false);
            return null;
        });
    }

    public void dropNamespace(Session session, String namespace, boolean cascade) {
        audited(session, "namespace.drop", namespace, cascade ? "cascade" : null, () -> {
            lakehouse.dropNamespace(namespace, false, cascade);
            return null;
        });
    }

    public List<TableName> tables(Session session, String namespace) {
        return lakehouse.tables(namespace);
    }

    public TableInfo table(Session session, TableName name) {
        return maintenance.info(name);
    }

    /**
     * Every table's columns and size from metadata only (no scans), by namespace and table; a table dropped while
     * they are read is left out.
     */
    public List<TableSummary> tableSummaries(Session session) {
        List<TableSummary> out = new ArrayList<>();
        for (String namespace : lakehouse.namespaces()) {
            for (TableName name : lakehouse.tables(namespace)) {
                try {
                    out.add(maintenance.summary(name));
                } catch (ZhongtaiException e) {
                    if (e.kind() != ZhongtaiException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        return out;
    }

    /** Sets or removes the table's owner, description and tags (null fields stay as they are). */
    public TableInfo describe(Session session, TableName name, TableDescription change) {
        return audited(session, "table.describe", name.toString(), null, () -> maintenance.describe(name, change));
    }

    public List<SnapshotInfo> history(Session session, TableName name) {
        return maintenance.history(name);
    }

    public List<PartitionInfo> partitions(Session session, TableName name) {
        return maintenance.partitions(name);
    }

    public List<FileInfo> files(Session session, TableName name) {
        return maintenance.files(name);
    }

    /**
     * Rows of a table, optionally as of a snapshot id or tag ({@code version}) or a point in time
     * ({@code timestamp}, any SQL timestamp literal); at most {@code limit} rows.
     */
    public SqlResult preview(Session session, TableName name, String version, String timestamp, int limit) {
        if (version != null && timestamp != null) {
            throw ZhongtaiException.invalid("Give either a version or a timestamp, not both");
        }
        String at = "";
        if (version != null) {
            at = " AT (VERSION => " + (version.matches("-?\\d+") ? version : io.zhongtai.core.lakehouse.TypeMapping.literal(version)) + ")";
        } else if (timestamp != null) {
            at = " AT (TIMESTAMP => CAST(" + io.zhongtai.core.lakehouse.TypeMapping.literal(timestamp) + " AS TIMESTAMPTZ))";
        }
        return engine.execute(session, "SELECT * FROM " + name + at + " LIMIT " + Math.max(0, limit));
    }

    public MaintenanceResult tag(Session session, TableName name, String tag, Long snapshotId) {
        return audited(session, "table.tag", name.toString(), tag, () -> maintenance.tag(name, tag, snapshotId));
    }

    public MaintenanceResult rollback(Session session, TableName name, long snapshotId) {
        return audited(session, "table.rollback", name.toString(), String.valueOf(snapshotId), () -> maintenance.rollback(name, snapshotId));
    }

    public MaintenanceResult expire(Session session, TableName name, Duration olderThan, int retainLast) {
        return audited(session, "table.expire", name.toString(), null, () -> maintenance.expire(name, olderThan, retainLast));
    }

    public MaintenanceResult compact(Session session, TableName name) {
        return audited(session, "table.compact", name.toString(), null, () -> maintenance.compact(name));
    }

    public MaintenanceResult clean(Session session, TableName name, Duration olderThan, boolean dryRun) {
        return audited(session, "table.clean", name.toString(), dryRun ? "dry-run" : null, () -> maintenance.clean(name, olderThan, dryRun));
    }

    public LoadResult load(Session session, LoadRequest request, ProgressListener progress) {
        return audited(session, "table.load", request.table().toString(), String.join(",", request.paths()),
                () -> loader.load(session, request, progress));
    }

    private <T> T audited(Session session, String action, String target, String detail, Supplier<T> work) {
        try {
            T result = work.get();
            audit.record(session.identity(), action, target, detail, "ok");
            return result;
        } catch (RuntimeException e) {
            audit.record(session.identity(), action, target, detail, "error: " + abbreviate(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}

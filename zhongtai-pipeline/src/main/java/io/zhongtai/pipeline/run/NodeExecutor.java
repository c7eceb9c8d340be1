package io.zhongtai.pipeline.run;

import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.sql.SqlResult;
import io.zhongtai.pipeline.clean.CleanCompiler;
import io.zhongtai.pipeline.clean.CleanSpec;
import io.zhongtai.pipeline.clean.CompiledClean;
import io.zhongtai.pipeline.quality.QualityReport;
import io.zhongtai.pipeline.quality.QualityRule;
import io.zhongtai.pipeline.quality.QualityRunner;
import io.zhongtai.pipeline.quality.RuleResult;
import io.zhongtai.pipeline.quality.Severity;
import io.zhongtai.pipeline.quality.SqlExecutor;
import io.zhongtai.pipeline.spec.LakehouseCatalog;
import io.zhongtai.pipeline.spec.NodeSpec;
import io.zhongtai.pipeline.spec.PipelineGraph;
import io.zhongtai.pipeline.store.QualityStore;
import io.zhongtai.pipeline.store.RunStore.NodeStats;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Runs one attempt of one node against the platform; everything goes through the platform's session and services. */
public final class NodeExecutor {
    private final Platform platform;
    private final QualityStore quality;
    private final Clock clock;
    /**
     * Nodes of concurrent runs (a backfill) writing the same table take turns: an audited write must publish over the
     * main it branched from, and two first runs must not both create the table.
     */
    private final Map<TableName, ReentrantLock> tableLocks = new ConcurrentHashMap<>();

    public NodeExecutor(Platform platform, QualityStore quality, Clock clock) {
        this.platform = requireNonNull(platform, "platform is null");
        this.quality = requireNonNull(quality, "quality is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs one attempt of {@code node}; {@code graph} holds its parsed clean ops and quality rules. */
    public NodeStats execute(NodeSpec node, PipelineGraph graph, NodeContext context) {
        if (node instanceof NodeSpec.Sql sql) {
            return sql(sql, graph.rules(node.name()), context);
        }
        if (node instanceof NodeSpec.Clean clean) {
            return clean(clean, graph.clean(node.name()), graph.rules(node.name()), context);
        }
        if (node instanceof NodeSpec.Quality check) {
            return check(check, graph.rules(node.name()), context);
        }
        if (node instanceof NodeSpec.Sync sync) {
            return sync(sync, context);
        }
        if (node instanceof NodeSpec.Export export) {
            return export(export, context);
        }
        throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Node kind " + node.kind() + " has no executor");
    }

    private NodeStats sql(NodeSpec.Sql node, List<QualityRule> rules, NodeContext context) {
        String select = context.params().substitute(node.sql()).strip();
        while (select.endsWith(";")) {
            select = select.substring(0, select.length() - 1).strip();
        }
        String query = select;
        Write written = writeChecked(node.output(), query, rules, context, onBranch -> switch (node.write()) {
            // A branch is written with INSERT OVERWRITE: replacing the table itself would replace every branch.
            case REPLACE -> onBranch ? "INSERT OVERWRITE " + node.output() + " " + query
                    : "CREATE OR REPLACE TABLE " + node.output() + " AS " + query;
            case APPEND -> "INSERT INTO " + node.output() + " " + query;
            case MERGE -> merge(node.output(), query, node.key(), context);
            // Rows outside the partition are kept, the query's rows replace the rest: one copy-on-write commit.
            case OVERWRITE_PARTITION -> "INSERT OVERWRITE " + node.output() + " SELECT * FROM " + node.output()
                    + (onBranch ? " AT (VERSION => " + TypeMapping.literal(context.session().writeBranch(node.output())) + ")" : "")
                    + " WHERE NOT coalesce((" + context.params().substitute(node.partition()) + "), false) UNION ALL BY NAME (" + query + ")";
        });
        return new NodeStats(null, written.rows(), null, written.bytes());
    }

    /** Rows a write changed and the bytes of the data files it added. */
    private record Write(long rows, long bytes) {
    }

    /**
     * Writes {@code table} with the statement {@code statementFor(onBranch)} gives. A table that does not exist yet
     * is created from the query. With quality rules the write is audited first: it goes to a branch, the rules run
     * on the branch, and only if no blocking rule fails does the branch become main; otherwise main is untouched and
     * the node fails. Returns the rows written.
     */
    private Write writeChecked(TableName table, String query, List<QualityRule> rules, NodeContext context,
                               java.util.function.Function<Boolean, String> statementFor) {
        ReentrantLock lock = tableLocks.computeIfAbsent(table, t -> new ReentrantLock());
        lock.lock();
        try {
            return writeCheckedLocked(table, query, rules, context, statementFor);
        } finally {
            lock.unlock();
        }
    }

    private Write writeCheckedLocked(TableName table, String query, List<QualityRule> rules, NodeContext context,
                                     java.util.function.Function<Boolean, String> statementFor) {
        boolean exists = platform.lakehouse().tableExists(table);
        if (rules.isEmpty()) {
            long rows = execute(exists ? statementFor.apply(false) : "CREATE TABLE " + table + " AS " + query, context);
            return new Write(rows, addedBytes(platform.lakehouse().table(table).currentSnapshot()));
        }
        if (!exists) {
            execute("CREATE TABLE " + table + " AS SELECT * FROM (" + query + ") WHERE false", context);
        }
        String branch = "audit_" + context.runId().replace("-", "").substring(0, 12) + "_" + table.table();
        platform.lakehouse().createBranch(table, branch);
        try {
            context.session().writeToBranch(table, branch);
            long rows = execute(exists ? statementFor.apply(true) : "INSERT INTO " + table + " " + query, context);
            context.session().writeToBranch(table, null);
            QualityReport report = checkRules(table, table + " AT (VERSION => " + TypeMapping.literal(branch) + ")", rules, context);
            if (!report.passed()) {
                throw ZhongtaiException.conflict("Quality rules blocked publishing %s (main is unchanged): %s", table, failures(report));
            }
            long bytes = addedBytes(platform.lakehouse().table(table).snapshot(branch));
            long snapshot = platform.lakehouse().publishBranch(table, branch);
            context.log().accept("published " + table + " (snapshot " + snapshot + ") after its quality rules passed");
            return new Write(rows, bytes);
        } finally {
            context.session().writeToBranch(table, null);
            platform.lakehouse().dropBranch(table, branch);
        }
    }

    /** The bytes of the data files a snapshot added (Iceberg's snapshot summary); 0 for none. */
    private static long addedBytes(org.apache.iceberg.Snapshot snapshot) {
        String size = snapshot == null ? null : snapshot.summary().get("added-files-size");
        return size == null ? 0 : Long.parseLong(size);
    }

    private long execute(String statement, NodeContext context) {
        context.log().accept("running: " + oneLine(statement));
        try (SqlResult result = platform.sessions().execute(context.session(), statement)) {
            context.log().accept(result.summary());
            return Math.max(result.updateCount(), 0);
        }
    }

    private NodeStats clean(NodeSpec.Clean node, CleanSpec spec, List<QualityRule> rules, NodeContext context) {
        List<Column> input = new LakehouseCatalog(platform.lakehouse()).columns(node.input())
                .orElseThrow(() -> ZhongtaiException.notFound("Clean node %s reads %s, which does not exist", node.name(), node.input()));
        CompiledClean compiled = CleanCompiler.compile(spec, input);
        TableName rejects = new TableName(node.output().namespace(), node.output().table() + "__rejects");
        long rejected = writeChecked(rejects, "SELECT *, " + TypeMapping.literal(context.runId()) + " AS run_id FROM ("
                + compiled.rejectsSelect() + ")", List.of(), context, onBranch -> "INSERT INTO " + rejects + " SELECT *, "
                + TypeMapping.literal(context.runId()) + " FROM (" + compiled.rejectsSelect() + ")").rows();
        Write written = writeChecked(node.output(), compiled.cleanSelect(), rules, context, onBranch -> onBranch
                ? "INSERT OVERWRITE " + node.output() + " " + compiled.cleanSelect()
                : "CREATE OR REPLACE TABLE " + node.output() + " AS " + compiled.cleanSelect());
        long inputRows = count(node.input().toString(), context);
        return new NodeStats(inputRows, written.rows(), rejected, written.bytes());
    }

    /** A quality node: the rules on the table's current state; a failed blocking rule fails the node. */
    private NodeStats check(NodeSpec.Quality node, List<QualityRule> rules, NodeContext context) {
        QualityReport report = checkRules(node.table(), node.table().toString(), rules, context);
        if (!report.passed()) {
            throw ZhongtaiException.conflict("Quality rules failed on %s: %s", node.table(), failures(report));
        }
        return NodeStats.NONE;
    }

    /** Runs the rules, logs and stores every result with the row count; returns the report. */
    private QualityReport checkRules(TableName table, String relation, List<QualityRule> rules, NodeContext context) {
        SqlExecutor sql = select -> rows(select, context);
        QualityReport report = QualityRunner.run(sql, table, relation, rules, quality, clock);
        for (RuleResult r : report.results()) {
            context.log().accept((r.passed() ? "passed " : r.severity() == Severity.BLOCK ? "FAILED " : "warning ") + r.rule() + ": " + r.message());
        }
        quality.record(table, report, count(relation, context), context.runId(), null);
        context.log().accept(String.format(java.util.Locale.ROOT, "quality score of %s: %.2f", table, report.score()));
        return report;
    }

    private static String failures(QualityReport report) {
        return report.results().stream().filter(r -> !r.passed() && r.severity() == Severity.BLOCK)
                .map(r -> r.rule() + " (" + r.message() + ")").collect(Collectors.joining("; "));
    }

    private long count(String relation, NodeContext context) {
        return ((Number) rows("SELECT count(*) FROM " + relation, context).get(0).get(0)).longValue();
    }

    private List<List<Object>> rows(String select, NodeContext context) {
        try (SqlResult result = platform.sessions().execute(context.session(), select)) {
            return result.remainingRows();
        }
    }

    /** MERGE by key: matched rows take every column of the query's row, others are inserted. */
    private String merge(TableName out, String select, List<String> key, NodeContext context) {
        List<String> columns = new ArrayList<>();
        try (SqlResult described = platform.sessions().execute(context.session(), "DESCRIBE " + select)) {
            while (described.next()) {
                columns.add(String.valueOf(described.get(0)));
            }
        }
        for (String k : key) {
            if (!columns.contains(k)) {
                throw ZhongtaiException.invalid("Cannot merge into %s by key %s: the query has no column '%s' (it has %s)", out, key, k,
                        String.join(", ", columns));
            }
        }
        String on = key.stream().map(k -> "t." + TypeMapping.quote(k) + " = s." + TypeMapping.quote(k)).collect(Collectors.joining(" AND "));
        String set = columns.stream().filter(c -> !key.contains(c))
                .map(c -> TypeMapping.quote(c) + " = s." + TypeMapping.quote(c)).collect(Collectors.joining(", "));
        String names = columns.stream().map(TypeMapping::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "s." + TypeMapping.quote(c)).collect(Collectors.joining(", "));
        return "MERGE INTO " + out + " AS t USING (" + select + ") AS s ON " + on
                + (set.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET " + set)
                + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + values + ")";
    }

    private NodeStats sync(NodeSpec.Sync node, NodeContext context) {
        SyncMode mode = SyncMode.valueOf(node.mode().toUpperCase(Locale.ROOT));
        SyncRequest request = new SyncRequest(node.source(), node.tables(), node.all(), node.into(), mode, Optional.empty(), 4, false, null);
        context.log().accept("syncing " + (node.all() ? "every table" : String.join(", ", node.tables())) + " of source "
                + node.source() + " into " + node.into() + " (" + node.mode() + ")");
        SyncResult result = platform.integration().sync(context.session(), request, new SyncListener() {
            @Override
            public void committed(String targetTable, long rows, long snapshotId) {
                context.log().accept("committed " + rows + " rows to " + targetTable + " (snapshot " + snapshotId + ")");
            }
        }, context.stop());
        return new NodeStats(result.rows(), result.rows(), null, null);
    }

    private NodeStats export(NodeSpec.Export node, NodeContext context) {
        String query = context.params().substitute(node.query());
        WriteMode mode = WriteMode.valueOf(node.mode().toUpperCase(Locale.ROOT));
        context.log().accept("exporting to " + node.to() + "/" + node.target() + " (" + node.mode() + "): " + oneLine(query));
        AtomicLong written = new AtomicLong();
        ExportResult result = platform.integration().export(context.session(),
                new ExportRequest(query, node.to(), node.target(), mode, node.keys()), written::addAndGet);
        context.log().accept("exported " + result.rows() + " rows in " + result.duration().toMillis() + " ms");
        return new NodeStats(result.rows(), result.rows(), null, null);
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}

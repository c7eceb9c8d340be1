package io.zhongtai.pipeline.store;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.metadata.MetadataStore;
import io.zhongtai.pipeline.quality.QualityReport;
import io.zhongtai.pipeline.quality.RowCountHistory;
import io.zhongtai.pipeline.quality.RuleResult;
import io.zhongtai.pipeline.quality.Severity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Quality results and measured row counts in the metadata store: the history behind scores and row_count_change. */
public final class QualityStore implements RowCountHistory {
    private static final String RESULT_COLUMNS =
            "table_name, rule, rule_type, severity, passed, failing_rows, observed, message, run_id, node, checked_at";

    private final MetadataStore store;
    private final Clock clock;

    public QualityStore(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One stored rule result. */
    public record StoredResult(String table, String rule, String type, Severity severity, boolean passed, long failingRows,
                               String observed, String message, String runId, String node, Instant checkedAt) {
    }

    /** A table's quality score: passed over all rules of its latest check, and when that was. */
    public record Score(String table, double score, int rules, int failed, Instant checkedAt) {
    }

    /** Stores a check's results and the row count it measured. */
    public void record(TableName table, QualityReport report, long rowCount, String runId, String node) {
        long now = clock.millis();
        store.inTransaction(c -> {
            for (RuleResult r : report.results()) {
                MetadataStore.update(c, "INSERT INTO zt_quality_result (id, table_name, rule, rule_type, severity, passed, failing_rows, "
                                + "observed, message, run_id, node, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID().toString(), table.toString(), r.rule(), r.type(), r.severity().name().toLowerCase(Locale.ROOT),
                        r.passed() ? 1 : 0, r.failingRows(), r.observed(), r.message(), runId, node, now);
            }
            MetadataStore.update(c, "INSERT INTO zt_table_row_count (table_name, measured_at, row_count) VALUES (?, ?, ?)",
                    table.toString(), now, rowCount);
            return null;
        });
    }

    /** The newest results of a table first. */
    public List<StoredResult> results(TableName table, int limit) {
        return store.query("SELECT " + RESULT_COLUMNS + " FROM zt_quality_result WHERE table_name = ? ORDER BY checked_at DESC, rule LIMIT ?",
                QualityStore::result, table.toString(), limit);
    }

    /** Of every table's rules, those whose latest result did not pass; the newest first. */
    public List<StoredResult> latestFailures() {
        return store.query("SELECT " + RESULT_COLUMNS + " FROM zt_quality_result r WHERE passed = 0 AND checked_at = "
                        + "(SELECT max(checked_at) FROM zt_quality_result l WHERE l.table_name = r.table_name AND l.rule = r.rule) "
                        + "ORDER BY checked_at DESC, table_name, rule",
                QualityStore::result);
    }

    private static StoredResult result(ResultSet row) throws SQLException {
        return new StoredResult(row.getString(1), row.getString(2), row.getString(3), Severity.valueOf(row.getString(4).toUpperCase(Locale.ROOT)),
                row.getInt(5) != 0, row.getLong(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                Instant.ofEpochMilli(row.getLong(11)));
    }

    /** The score of the table's latest check, if it was ever checked. */
    public Optional<Score> score(TableName table) {
        return scores(" AND r.table_name = ?", table.toString()).stream().findFirst();
    }

    /** The score of every checked table's latest check, by table name. */
    public List<Score> scores() {
        return scores("");
    }

    /** Scores from the rows of each table's latest check (all its rules share that check's time), one per table. */
    private List<Score> scores(String condition, Object... arguments) {
        record Latest(String table, boolean passed, Instant checkedAt) {
        }
        List<Latest> rows = store.query("SELECT table_name, passed, checked_at FROM zt_quality_result r WHERE checked_at = "
                        + "(SELECT max(checked_at) FROM zt_quality_result l WHERE l.table_name = r.table_name)" + condition
                        + " ORDER BY table_name",
                row -> new Latest(row.getString(1), row.getInt(2) != 0, Instant.ofEpochMilli(row.getLong(3))), arguments);
        Map<String, List<Latest>> byTable = new LinkedHashMap<>();
        rows.forEach(row -> byTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row));
        return byTable.values().stream().map(latest -> {
            int failed = (int) latest.stream().filter(r -> !r.passed()).count();
            return new Score(latest.get(0).table(), (double) (latest.size() - failed) / latest.size(), latest.size(), failed,
                    latest.get(0).checkedAt());
        }).toList();
    }

    @Override
    public OptionalDouble averageOverDays(TableName table, int days) {
        long since = clock.millis() - Duration.ofDays(days).toMillis();
        return store.query("SELECT row_count FROM zt_table_row_count WHERE table_name = ? AND measured_at >= ?",
                row -> row.getLong(1), table.toString(), since).stream().mapToLong(Long::longValue).average();
    }
}

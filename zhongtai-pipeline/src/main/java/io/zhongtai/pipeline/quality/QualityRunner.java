package io.zhongtai.pipeline.quality;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.quality.QualityPlan.Reading;
import io.zhongtai.pipeline.quality.QualityPlan.Statement;
import io.zhongtai.pipeline.quality.QualityRule.CustomSql;
import io.zhongtai.pipeline.quality.QualityRule.Freshness;
import io.zhongtai.pipeline.quality.QualityRule.RowCount;
import io.zhongtai.pipeline.quality.QualityRule.RowCountChange;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/** Checks quality rules against a table with the fewest scans {@link QualityPlan} can manage. */
public final class QualityRunner {
    private QualityRunner() {
    }

    /**
     * Runs {@code rules} against {@code relation}, what to scan: e.g. {@code dwd.orders} or
     * {@code dwd.orders AT (VERSION => 'audit_123')}. {@code table} is the table the relation reads, whose row count
     * history is the baseline of row_count_change; {@code clock} is "now" for freshness.
     */
    public static QualityReport run(SqlExecutor sql, TableName table, String relation, List<QualityRule> rules,
                                    RowCountHistory history, Clock clock) {
        requireNonNull(sql, "sql is null");
        requireNonNull(relation, "relation is null");
        requireNonNull(rules, "rules is null");
        Judge judge = new Judge(requireNonNull(table, "table is null"), requireNonNull(history, "history is null"),
                requireNonNull(clock, "clock is null"));
        RuleResult[] results = new RuleResult[rules.size()];
        KeyRanges keyRanges = keyRanges(sql, table, relation, rules);
        for (Statement statement : QualityPlan.compile(relation, rules, keyRanges)) {
            read(sql, statement, table, rules, judge, results);
        }
        for (int i = 0; i < rules.size(); i++) {
            if (QualityPlan.approximate(rules.get(i), keyRanges) && !results[i].passed()) {
                // The fused scan counts keys by hash or bitmap; confirm its duplicates exactly before reporting them.
                read(sql, QualityPlan.exactDuplicates(relation, i, (QualityRule.Unique) rules.get(i)), table, rules, judge, results);
            }
        }
        return new QualityReport(Arrays.asList(results));
    }

    /** Measures the ranges of unique rules' key columns, when there are unique rules. */
    private static KeyRanges keyRanges(SqlExecutor sql, TableName table, String relation, List<QualityRule> rules) {
        List<String> columns = KeyRanges.keyColumns(rules);
        if (columns.isEmpty()) {
            return KeyRanges.NONE;
        }
        String uniqueRules = rules.stream().filter(QualityRule.Unique.class::isInstance).map(QualityRule::name).collect(joining(", "));
        List<Object> row = singleRow(sql, KeyRanges.probe(relation, columns), table, uniqueRules);
        return KeyRanges.read(columns, row);
    }

    private static void read(SqlExecutor sql, Statement statement, TableName table, List<QualityRule> rules, Judge judge,
                             RuleResult[] results) {
        List<Object> row = singleRow(sql, statement.sql(), table, names(statement, rules));
        for (Reading reading : statement.readings()) {
            results[reading.rule()] = judge.judge(rules.get(reading.rule()), row, reading.column());
        }
    }

    /**
     * The statements {@link #run} runs for {@code rules}, in order: when there are unique rules, first the probe of
     * their key columns' ranges (which it runs, as the rest depends on its answer), then the compiled scans. A unique
     * rule that fails the fused scan is confirmed by one more statement, not listed.
     */
    public static List<String> plan(SqlExecutor sql, TableName table, String relation, List<QualityRule> rules) {
        requireNonNull(relation, "relation is null");
        requireNonNull(rules, "rules is null");
        List<String> statements = new ArrayList<>();
        List<String> keyColumns = KeyRanges.keyColumns(rules);
        if (!keyColumns.isEmpty()) {
            statements.add(KeyRanges.probe(relation, keyColumns));
        }
        QualityPlan.compile(relation, rules, keyRanges(sql, table, relation, rules)).forEach(s -> statements.add(s.sql()));
        return statements;
    }

    private static List<Object> singleRow(SqlExecutor sql, String select, TableName table, String ruleNames) {
        List<List<Object>> rows;
        try {
            rows = sql.rows(select);
        } catch (RuntimeException e) {
            ZhongtaiException.Kind kind = e instanceof ZhongtaiException z ? z.kind() : ZhongtaiException.Kind.INTERNAL;
            throw new ZhongtaiException(kind, "Cannot check quality rules " + ruleNames + " on " + table
                    + ": " + e.getMessage(), null, e);
        }
        if (rows.size() != 1) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot check quality rules " + ruleNames
                    + " on " + table + ": expected one row from their query, got " + rows.size());
        }
        return rows.get(0);
    }

    private static String names(Statement statement, List<QualityRule> rules) {
        return statement.readings().stream().map(r -> rules.get(r.rule()).name()).collect(joining(", "));
    }

    /** Turns the values a statement measured into results. */
    private record Judge(TableName table, RowCountHistory history, Clock clock) {
        RuleResult judge(QualityRule rule, List<Object> row, int column) {
            if (rule instanceof CustomSql) {
                long returned = count(row, column);
                return result(rule, returned == 0, returned, "failing_rows=" + returned, "the query returned " + returned + " rows");
            }
            long rowCount = count(row, 0);
            if (rule instanceof RowCount r) {
                boolean passed = r.bounds().contains(BigDecimal.valueOf(rowCount));
                return result(rule, passed, 0, "row_count=" + rowCount, "row count is " + rowCount + "; expected " + r.bounds().describe());
            }
            if (rule instanceof RowCountChange r) {
                return rowCountChange(r, rowCount);
            }
            if (rule instanceof Freshness r) {
                return freshness(r, (Number) row.get(column));
            }
            long failing = count(row, column);
            return result(rule, failing == 0, failing, "failing_rows=" + failing + ", row_count=" + rowCount,
                    failing + " of " + rowCount + " rows fail: " + rule.describe());
        }

        private RuleResult rowCountChange(RowCountChange rule, long rowCount) {
            OptionalDouble baseline = history.averageOverDays(table, RowCountChange.BASELINE_DAYS);
            if (baseline.isEmpty()) {
                return result(rule, true, 0, "row_count=" + rowCount, "no baseline: no row counts recorded for " + table
                        + " in the last " + RowCountChange.BASELINE_DAYS + " days");
            }
            double average = baseline.getAsDouble();
            double change = average == 0 ? (rowCount == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(rowCount - average) / average * 100;
            String changeText = Double.isInfinite(change) ? "an infinite percentage" : String.format(Locale.ROOT, "%.1f%%", change);
            String averageText = String.format(Locale.ROOT, "%.1f", average);
            return result(rule, change <= rule.maxChangePercent().doubleValue(), 0,
                    "row_count=" + rowCount + ", baseline=" + averageText,
                    "row count " + rowCount + " differs by " + changeText + " from the " + RowCountChange.BASELINE_DAYS
                            + "-day average " + averageText + "; allowed " + rule.maxChangePercent().toPlainString() + "%");
        }

        /** {@code newestMillis}: the column's newest value in epoch milliseconds, null when it has no values. */
        private RuleResult freshness(Freshness rule, Number newestMillis) {
            if (newestMillis == null) {
                return result(rule, false, 0, "newest=none", rule.column() + " has no values");
            }
            Instant newest = Instant.ofEpochMilli(newestMillis.longValue());
            Duration age = Duration.between(newest, clock.instant());
            return result(rule, age.compareTo(rule.maxAge()) <= 0, 0, "newest=" + newest,
                    "newest " + rule.column() + " is " + Durations.format(age) + " old; allowed " + Durations.format(rule.maxAge()));
        }

        private static long count(List<Object> row, int column) {
            return ((Number) row.get(column)).longValue();
        }

        private static RuleResult result(QualityRule rule, boolean passed, long failingRows, String observed, String message) {
            return new RuleResult(rule.name(), rule.type(), rule.severity(), passed, failingRows, observed, message);
        }
    }
}

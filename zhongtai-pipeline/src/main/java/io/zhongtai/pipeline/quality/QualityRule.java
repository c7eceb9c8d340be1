package io.zhongtai.pipeline.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.lakehouse.TableName;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A data quality rule attached to a table or pipeline node. Null values pass {@link AcceptedValues},
 * {@link Range} and {@link Regex}; {@link Unique} ignores rows whose key columns are all null.
 */
public sealed interface QualityRule {
    /** Unique among the rules of one table; defaults to the type and column(s), e.g. {@code not_null(order_id)}. */
    String name();

    Severity severity();

    /** The type as written in YAML, e.g. {@code not_null}. */
    String type();

    /** What the rule expects, in words, e.g. {@code order_id is not null}. */
    String describe();

    /**
     * Reads one rule of a {@code quality:} list; {@code number} (1-based) names it in errors, which read
     * {@code rule N (type): field 'x' ...}.
     */
    static QualityRule parse(JsonNode rule, int number) {
        return RuleParser.parse(rule, number);
    }

    /** Reads a {@code quality:} list, checking that rule names are unique. */
    static List<QualityRule> parseAll(JsonNode rules) {
        return RuleParser.parseAll(rules);
    }

    record NotNull(String name, Severity severity, String column) implements QualityRule {
        public NotNull {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
        }

        @Override
        public String type() {
            return "not_null";
        }

        @Override
        public String describe() {
            return column + " is not null";
        }
    }

    /** No two rows share a key; a key of several columns is compared as a whole, its nulls equal to each other. */
    record Unique(String name, Severity severity, List<String> columns) implements QualityRule {
        public Unique {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("unique rule " + name + " has no columns");
            }
        }

        @Override
        public String type() {
            return "unique";
        }

        @Override
        public String describe() {
            return (columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")") + " is unique";
        }
    }

    record AcceptedValues(String name, Severity severity, String column, List<String> values) implements QualityRule {
        public AcceptedValues {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
            values = List.copyOf(requireNonNull(values, "values is null"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("accepted_values rule " + name + " has no values");
            }
        }

        @Override
        public String type() {
            return "accepted_values";
        }

        @Override
        public String describe() {
            return column + " is one of " + values;
        }
    }

    record Range(String name, Severity severity, String column, Bounds bounds) implements QualityRule {
        public Range {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
            requireNonNull(bounds, "bounds is null");
        }

        @Override
        public String type() {
            return "range";
        }

        @Override
        public String describe() {
            return column + " is " + bounds.describe();
        }
    }

    /** The column's text contains a match of {@code pattern} (anchor it with ^ and $ to match the whole value). */
    record Regex(String name, Severity severity, String column, String pattern) implements QualityRule {
        public Regex {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
            requireNonNull(pattern, "pattern is null");
        }

        @Override
        public String type() {
            return "regex";
        }

        @Override
        public String describe() {
            return column + " matches " + pattern;
        }
    }

    record RowCount(String name, Severity severity, Bounds bounds) implements QualityRule {
        public RowCount {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(bounds, "bounds is null");
        }

        @Override
        public String type() {
            return "row_count";
        }

        @Override
        public String describe() {
            return "row count is " + bounds.describe();
        }
    }

    /** The row count differs from the average of the last {@link #BASELINE_DAYS} days by at most the given percentage. */
    record RowCountChange(String name, Severity severity, BigDecimal maxChangePercent) implements QualityRule {
        public static final int BASELINE_DAYS = 7;

        public RowCountChange {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(maxChangePercent, "maxChangePercent is null");
        }

        @Override
        public String type() {
            return "row_count_change";
        }

        @Override
        public String describe() {
            return "row count is within " + maxChangePercent.toPlainString() + "% of the " + BASELINE_DAYS + "-day average";
        }
    }

    /** The column's newest value (a timestamp, a timestamp with time zone or a date) is at most {@code maxAge} old. */
    record Freshness(String name, Severity severity, String column, Duration maxAge) implements QualityRule {
        public Freshness {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
            requireNonNull(maxAge, "maxAge is null");
        }

        @Override
        public String type() {
            return "freshness";
        }

        @Override
        public String describe() {
            return "newest " + column + " is at most " + Durations.format(maxAge) + " old";
        }
    }

    /** Every non-null value of {@code column} exists in {@code referencedTable.referencedColumn}. */
    record Referential(String name, Severity severity, String column, TableName referencedTable, String referencedColumn)
            implements QualityRule {
        public Referential {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(column, "column is null");
            requireNonNull(referencedTable, "referencedTable is null");
            requireNonNull(referencedColumn, "referencedColumn is null");
        }

        @Override
        public String type() {
            return "referential";
        }

        @Override
        public String describe() {
            return column + " exists in " + referencedTable + "." + referencedColumn;
        }
    }

    /** A query that returns the rows breaking the rule; it passes when it returns none. */
    record CustomSql(String name, Severity severity, String sql) implements QualityRule {
        public CustomSql {
            requireNonNull(name, "name is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(sql, "sql is null");
        }

        @Override
        public String type() {
            return "custom_sql";
        }

        @Override
        public String describe() {
            return "the query returns no rows";
        }
    }

    /** Inclusive bounds; one of them may be null (unbounded), not both. */
    record Bounds(BigDecimal min, BigDecimal max) {
        public Bounds {
            if (min == null && max == null) {
                throw new IllegalArgumentException("bounds need a min or a max");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new IllegalArgumentException("min " + min + " is greater than max " + max);
            }
        }

        public boolean contains(BigDecimal value) {
            return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
        }

        /** e.g. {@code between 0 and 100}, {@code at least 1}, {@code at most 10}. */
        public String describe() {
            if (min == null) {
                return "at most " + max.toPlainString();
            }
            if (max == null) {
                return "at least " + min.toPlainString();
            }
            return "between " + min.toPlainString() + " and " + max.toPlainString();
        }
    }
}

package io.zhongtai.pipeline.quality;

import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.pipeline.quality.QualityRule.AcceptedValues;
import io.zhongtai.pipeline.quality.QualityRule.Bounds;
import io.zhongtai.pipeline.quality.QualityRule.CustomSql;
import io.zhongtai.pipeline.quality.QualityRule.Freshness;
import io.zhongtai.pipeline.quality.QualityRule.NotNull;
import io.zhongtai.pipeline.quality.QualityRule.Range;
import io.zhongtai.pipeline.quality.QualityRule.Referential;
import io.zhongtai.pipeline.quality.QualityRule.Regex;
import io.zhongtai.pipeline.quality.QualityRule.RowCount;
import io.zhongtai.pipeline.quality.QualityRule.RowCountChange;
import io.zhongtai.pipeline.quality.QualityRule.Unique;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.zhongtai.core.lakehouse.TypeMapping.literal;
import static io.zhongtai.core.lakehouse.TypeMapping.quote;
import static java.util.stream.Collectors.joining;

/**
 * Compiles rules into as few table scans as possible: one aggregate over the relation for every single-table
 * rule, one anti-join query per referenced table, and one count per custom_sql rule. Every statement returns
 * one row; its first column is the row count of what it scans.
 */
final class QualityPlan {
    /** Where a rule's value is: the rule's index in the compiled list and a column of the statement's row. */
    record Reading(int rule, int column) {
    }

    record Statement(String sql, List<Reading> readings) {
    }

    private QualityPlan() {
    }

    /** {@code keyRanges}: the ranges of unique rules' integer key columns, or {@link KeyRanges#NONE}. */
    static List<Statement> compile(String relation, List<QualityRule> rules, KeyRanges keyRanges) {
        Aggregate scan = new Aggregate();
        Map<TableName, ReferenceCheck> references = new LinkedHashMap<>();
        List<Statement> customs = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            QualityRule rule = rules.get(i);
            if (rule instanceof RowCount || rule instanceof RowCountChange) {
                scan.readRowCount(i);
            } else if (rule instanceof Referential r) {
                references.computeIfAbsent(r.referencedTable(), ReferenceCheck::new).add(i, r);
            } else if (rule instanceof CustomSql r) {
                customs.add(custom(i, r));
            } else {
                scan.add(i, rule.name(), measure(rule, keyRanges));
            }
        }
        List<Statement> statements = new ArrayList<>();
        if (!scan.readings.isEmpty()) {
            statements.add(scan.statement(relation));
        }
        references.values().forEach(check -> statements.add(check.statement(relation)));
        statements.addAll(customs);
        return statements;
    }

    /** The aggregate expression of a single-table rule: the count of failing rows, or the newest value for freshness. */
    private static String measure(QualityRule rule, KeyRanges keyRanges) {
        if (rule instanceof NotNull r) {
            return "count(*) FILTER (WHERE " + quote(r.column()) + " IS NULL)";
        }
        if (rule instanceof Unique r) {
            return duplicates(r.columns(), keyRanges);
        }
        if (rule instanceof AcceptedValues r) {
            String values = r.values().stream().map(TypeMapping::literal).collect(joining(", "));
            return nonNullViolations(r.column(), quote(r.column()) + " IN (" + values + ")");
        }
        if (rule instanceof Range r) {
            return nonNullViolations(r.column(), within(quote(r.column()), r.bounds()));
        }
        if (rule instanceof Regex r) {
            return nonNullViolations(r.column(), "regexp_matches(CAST(" + quote(r.column()) + " AS VARCHAR), " + literal(r.pattern()) + ")");
        }
        if (rule instanceof Freshness r) {
            // epoch_ms reads a TIMESTAMP as UTC, a TIMESTAMPTZ as its instant and a DATE as its midnight UTC
            return "epoch_ms(max(" + quote(r.column()) + "))";
        }
        throw new IllegalArgumentException("not a single-table rule: " + rule.type());
    }

    /** Rows whose value is not null and does not satisfy {@code condition}: nulls pass. */
    private static String nonNullViolations(String column, String condition) {
        return "count(*) FILTER (WHERE " + quote(column) + " IS NOT NULL AND NOT (" + condition + "))";
    }

    /**
     * Rows beyond the first of each key, for the fused scan. Rows whose key columns are all null are left out. A key
     * of small integers is counted in a bitmap (see {@link KeyRanges}); a key of several columns otherwise by its
     * 64-bit hash, which is much cheaper than distinct structs over millions of rows. Either way no duplicate is
     * missed: equal keys hash alike and share a bit. But a hash collision, or a value the bitmap left out because
     * the table changed since its range was measured, may report one that is not there, so a positive count is
     * checked again with {@link #exactDuplicates} (see QualityRunner).
     */
    private static String duplicates(List<String> columns, KeyRanges keyRanges) {
        List<String> quoted = columns.stream().map(TypeMapping::quote).toList();
        String anyKey = quoted.stream().map(c -> c + " IS NOT NULL").collect(joining(" OR "));
        Optional<KeyRanges.Bitmap> bitmap = keyRanges.bitmap(columns);
        if (bitmap.isPresent()) {
            return "count(*) FILTER (WHERE " + anyKey + ") - " + bitmap.get().distinctKeys();
        }
        String key = quoted.size() == 1 ? quoted.get(0) : "hash(" + String.join(", ", quoted) + ")";
        return countBeyondFirst(quoted, key);
    }

    /** Whether a unique rule's count from the fused scan may be too large and needs {@link #exactDuplicates}. */
    static boolean approximate(QualityRule rule, KeyRanges keyRanges) {
        return rule instanceof Unique u && (u.columns().size() > 1 || keyRanges.bitmap(u.columns()).isPresent());
    }

    /** A statement counting a unique rule's duplicates exactly: the key compared as a struct (nulls equal). */
    static Statement exactDuplicates(String relation, int ruleIndex, Unique rule) {
        List<String> quoted = rule.columns().stream().map(TypeMapping::quote).toList();
        return new Statement("SELECT count(*), " + countBeyondFirst(quoted, "row(" + String.join(", ", quoted) + ")") + " FROM " + relation,
                List.of(new Reading(ruleIndex, 1)));
    }

    private static String countBeyondFirst(List<String> quoted, String key) {
        String anyKey = quoted.stream().map(c -> c + " IS NOT NULL").collect(joining(" OR "));
        return "count(*) FILTER (WHERE " + anyKey + ") - count(DISTINCT " + key + ") FILTER (WHERE " + anyKey + ")";
    }

    private static String within(String column, Bounds bounds) {
        List<String> conditions = new ArrayList<>();
        if (bounds.min() != null) {
            conditions.add(column + " >= " + bounds.min().toPlainString());
        }
        if (bounds.max() != null) {
            conditions.add(column + " <= " + bounds.max().toPlainString());
        }
        return String.join(" AND ", conditions);
    }

    private static Statement custom(int index, CustomSql rule) {
        // a trailing semicolon would end the statement early; the query goes on its own lines so that a trailing
        // -- comment cannot swallow the closing parenthesis
        String query = rule.sql().replaceAll("[\\s;]+$", "");
        return new Statement("SELECT count(*) AS " + quote(rule.name()) + " FROM (\n" + query + "\n)", List.of(new Reading(index, 0)));
    }

    /** An aggregate query: count(*) first, then one column per rule. */
    private static final class Aggregate {
        private final List<String> columns = new ArrayList<>(List.of("count(*)"));
        private final List<Reading> readings = new ArrayList<>();

        void add(int rule, String name, String expression) {
            columns.add(expression + " AS " + quote(name));
            readings.add(new Reading(rule, columns.size() - 1));
        }

        void readRowCount(int rule) {
            readings.add(new Reading(rule, 0));
        }

        Statement statement(String from) {
            return new Statement("SELECT " + String.join(",\n  ", columns) + "\nFROM " + from, List.copyOf(readings));
        }
    }

    /**
     * The referential rules against one referenced table: the relation left-joined to the distinct values of each
     * referenced column (distinct, so that no row is repeated); a non-null value without a match is an orphan.
     */
    private static final class ReferenceCheck {
        /** A child column joined to a column of the referenced table; rules with the same pair share the join. */
        private record Join(String column, String referencedColumn) {
        }

        private final TableName table;
        private final Aggregate aggregate = new Aggregate();
        private final Map<Join, String> aliasByJoin = new LinkedHashMap<>();

        ReferenceCheck(TableName table) {
            this.table = table;
        }

        void add(int index, Referential rule) {
            String alias = aliasByJoin.computeIfAbsent(new Join(rule.column(), rule.referencedColumn()), j -> "r" + aliasByJoin.size());
            aggregate.add(index, rule.name(), "count(*) FILTER (WHERE t." + quote(rule.column()) + " IS NOT NULL AND " + alias + ".k IS NULL)");
        }

        Statement statement(String relation) {
            StringBuilder from = new StringBuilder("(SELECT * FROM " + relation + ") AS t");
            aliasByJoin.forEach((join, alias) -> from
                    .append("\nLEFT JOIN (SELECT DISTINCT ").append(quote(join.referencedColumn())).append(" AS k FROM ")
                    .append(quote(table.namespace())).append('.').append(quote(table.table())).append(") AS ").append(alias)
                    .append(" ON t.").append(quote(join.column())).append(" = ").append(alias).append(".k"));
            return aggregate.statement(from.toString());
        }
    }
}

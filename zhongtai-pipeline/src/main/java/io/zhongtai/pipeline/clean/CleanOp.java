package io.zhongtai.pipeline.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.spi.data.DataType;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One declarative step of a {@code clean} node, as written under its {@code ops:} list. Each record checks its
 * own fields on construction; whether its columns exist and have fitting types is checked by {@link CleanCompiler}.
 * Values that cannot be cleaned (a failed cast, a value outside a range, ...) send their row to the rejects; null
 * values pass every check.
 */
public sealed interface CleanOp {

    /** The op's name in YAML, e.g. {@code trim}. */
    String kind();

    /**
     * Reads the op at 1-based position {@code number} of an {@code ops:} list: a map with one key, the op's kind.
     * Errors are INVALID_INPUT starting with {@code op N (kind):}.
     */
    static CleanOp parse(int number, JsonNode node) {
        return OpParser.parse(number, node);
    }

    /** Removes leading and trailing whitespace (Unicode spaces included) from VARCHAR columns. */
    record Trim(List<String> columns) implements CleanOp {
        public Trim {
            columns = columnList(requireNonNull(columns, "columns is null"), "value");
        }

        @Override
        public String kind() {
            return "trim";
        }
    }

    /** Upper-cases and lower-cases VARCHAR columns; either list may be empty, not both. */
    record Case(List<String> upper, List<String> lower) implements CleanOp {
        public Case {
            requireNonNull(upper, "upper is null");
            requireNonNull(lower, "lower is null");
            if (upper.isEmpty() && lower.isEmpty()) {
                throw ZhongtaiException.invalid("needs 'upper' or 'lower' with at least one column");
            }
            upper = upper.isEmpty() ? List.of() : columnList(upper, "field 'upper'");
            lower = lower.isEmpty() ? List.of() : columnList(lower, "field 'lower'");
            for (String column : upper) {
                if (lower.contains(column)) {
                    throw ZhongtaiException.invalid("column '%s' is in both 'upper' and 'lower'", column);
                }
            }
        }

        @Override
        public String kind() {
            return "case";
        }
    }

    /**
     * Replaces nulls with a constant per column, written as text and read as the column's type (checked at compile
     * time for numbers, booleans and dates).
     */
    record Default(Map<String, String> values) implements CleanOp {
        public Default {
            values = columnMap(requireNonNull(values, "values is null"), "value");
        }

        @Override
        public String kind() {
            return "default";
        }
    }

    /**
     * Converts columns to other types with DuckDB's {@code TRY_CAST} rules (so {@code ' 42 '} becomes 42 and
     * {@code '12.5'} becomes the INTEGER 13); a value that does not convert rejects its row.
     */
    record Cast(Map<String, DataType> types) implements CleanOp {
        public Cast {
            types = columnMap(requireNonNull(types, "types is null"), "value");
            types.forEach((column, type) -> {
                if (type.kind() == DataType.Kind.LIST) {
                    throw ZhongtaiException.invalid("field '%s': cannot cast to the list type %s", column, type);
                }
            });
        }

        @Override
        public String kind() {
            return "cast";
        }
    }

    /**
     * Turns a VARCHAR column into a DATE with the first of {@code formats} (DuckDB strptime formats) that parses the
     * whole value; a value none parses rejects its row.
     */
    record ParseDate(String column, List<String> formats) implements CleanOp {
        /** DuckDB's strptime specifiers: {@code %} and a letter, or {@code %-} and a letter for unpadded numbers. */
        private static final Pattern SPECIFIER = Pattern.compile("%(?:[aAbBcdfgGhHIjmMnpSTuUVwWxXyYzZ%]|-[djmyHIMS])");

        public ParseDate {
            requireColumn(column, "field 'column'");
            formats = List.copyOf(requireNonNull(formats, "formats is null"));
            if (formats.isEmpty()) {
                throw ZhongtaiException.invalid("field 'formats': needs at least one format");
            }
            for (String format : formats) {
                String rest = SPECIFIER.matcher(format).replaceAll("");
                int bad = rest.indexOf('%');
                if (bad >= 0) {
                    int length = rest.startsWith("%-", bad) ? 3 : 2;
                    String specifier = rest.substring(bad, Math.min(bad + length, rest.length()));
                    throw ZhongtaiException.invalid("field 'formats': '%s' has the unknown specifier '%s'", format, specifier);
                }
            }
        }

        @Override
        public String kind() {
            return "parse_date";
        }
    }

    /** Rejects rows whose VARCHAR {@code column} does not match {@code pattern} (RE2) as a whole. */
    record RegexValidate(String column, String pattern) implements CleanOp {
        public RegexValidate {
            requireColumn(column, "field 'column'");
            requireRe2(pattern);
        }

        @Override
        public String kind() {
            return "regex_validate";
        }
    }

    /** Replaces every match of {@code pattern} (RE2) in a VARCHAR column; {@code \1} in the replacement is group 1. */
    record RegexReplace(String column, String pattern, String replacement) implements CleanOp {
        public RegexReplace {
            requireColumn(column, "field 'column'");
            requireRe2(pattern);
            requireNonNull(replacement, "replacement is null");
        }

        @Override
        public String kind() {
            return "regex_replace";
        }
    }

    /**
     * Replaces a column's values through a lookup table: a value equal, as text, to {@code from} in a row of
     * {@code table} becomes that row's {@code to}, and the column becomes VARCHAR. A key with several different
     * {@code to} values rejects the rows that have it; values the table lacks are kept, set to null or rejected,
     * as {@code unmatched} says.
     */
    record MapValues(String column, TableName table, String from, String to, Unmatched unmatched) implements CleanOp {
        public enum Unmatched {
            KEEP, NULL, REJECT
        }

        public MapValues {
            requireColumn(column, "field 'column'");
            requireNonNull(table, "table is null");
            requireColumn(from, "field 'from'");
            requireColumn(to, "field 'to'");
            requireNonNull(unmatched, "unmatched is null");
        }

        @Override
        public String kind() {
            return "map_values";
        }
    }

    /**
     * Hides a column's values, which become VARCHAR: {@code HASH} is the SHA-256 hex digest; {@code PARTIAL} keeps the
     * first {@code keepFirst} and last {@code keepLast} characters and stars the rest, and stars all of a value that
     * is not longer than the characters it would keep.
     */
    record Mask(String column, Method method, int keepFirst, int keepLast) implements CleanOp {
        public enum Method {
            HASH, PARTIAL
        }

        public Mask {
            requireColumn(column, "field 'column'");
            requireNonNull(method, "method is null");
            if (keepFirst < 0 || keepLast < 0) {
                throw ZhongtaiException.invalid("fields 'keep_first' and 'keep_last' cannot be negative");
            }
            if (method == Method.HASH && (keepFirst > 0 || keepLast > 0)) {
                throw ZhongtaiException.invalid("fields 'keep_first' and 'keep_last' apply to method partial, not hash");
            }
        }

        @Override
        public String kind() {
            return "mask";
        }
    }

    /**
     * Rejects rows whose number, date or time {@code column} is below {@code min} or above {@code max} (inclusive
     * bounds written as text; a null bound is no bound, but one is needed).
     */
    record Range(String column, String min, String max) implements CleanOp {
        public Range {
            requireColumn(column, "field 'column'");
            if (min == null && max == null) {
                throw ZhongtaiException.invalid("needs 'min', 'max' or both");
            }
            BigDecimal low = number(min);
            BigDecimal high = number(max);
            if (low != null && high != null && low.compareTo(high) > 0) {
                throw ZhongtaiException.invalid("field 'min': %s is greater than max %s", min, max);
            }
        }

        private static BigDecimal number(String bound) {
            try {
                return bound == null ? null : new BigDecimal(bound.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String kind() {
            return "range";
        }
    }

    /**
     * Keeps, per value of the {@code key} columns (null being one value), the row with the latest {@code latestBy}
     * (nulls count as oldest; ties keep one of the rows, the same one on every run) and rejects the others. Only
     * rows no earlier op rejected take part, so a rejected newer row does not push out an older valid one.
     */
    record Dedupe(List<String> key, String latestBy) implements CleanOp {
        public Dedupe {
            key = columnList(requireNonNull(key, "key is null"), "field 'key'");
            requireColumn(latestBy, "field 'latest_by'");
        }

        @Override
        public String kind() {
            return "dedupe";
        }
    }

    /** {@code label} names the checked value in errors: {@code field 'key'}, or {@code value} for the op's whole value. */
    private static void requireColumn(String column, String label) {
        if (column == null || column.isBlank()) {
            throw ZhongtaiException.invalid("%s: needs a column name", label);
        }
    }

    private static List<String> columnList(List<String> columns, String label) {
        List<String> copy = List.copyOf(columns);
        if (copy.isEmpty()) {
            throw ZhongtaiException.invalid("%s: needs at least one column", label);
        }
        Set<String> seen = new HashSet<>();
        for (String column : copy) {
            requireColumn(column, label);
            if (!seen.add(column)) {
                throw ZhongtaiException.invalid("%s: column '%s' is listed twice", label, column);
            }
        }
        return copy;
    }

    private static <V> Map<String, V> columnMap(Map<String, V> byColumn, String label) {
        if (byColumn.isEmpty()) {
            throw ZhongtaiException.invalid("%s: needs at least one column", label);
        }
        byColumn.forEach((column, value) -> {
            requireColumn(column, label);
            requireNonNull(value, column + " is null");
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(byColumn));
    }

    private static void requireRe2(String pattern) {
        requireNonNull(pattern, "pattern is null");
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw ZhongtaiException.invalid("field 'pattern': '%s' is not a valid RE2 regular expression (%s)",
                    pattern, e.getMessage());
        }
    }
}

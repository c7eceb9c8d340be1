package io.zhongtai.pipeline.clean;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.zhongtai.core.lakehouse.TypeMapping.literal;
import static io.zhongtai.core.lakehouse.TypeMapping.quote;
import static io.zhongtai.pipeline.clean.Step.ORIGINAL;
import static io.zhongtai.pipeline.clean.Step.REASON;
import static java.util.Objects.requireNonNull;

/**
 * Compiles a {@link CleanSpec} into two SELECTs that use only scalar functions, a window function (dedupe) and
 * joins with lookup tables, so they run in the platform's SQL sandbox.
 *
 * <p>Both SELECTs share one chain of CTEs: {@code step_0} reads the input with each row's JSON and an empty reason,
 * and {@code step_N} applies op N to all rows of {@code step_N-1}. A row a check fails keeps going through the later
 * ops so that its reason lists every failure, in op order (a value that failed to convert is null from then on,
 * which later checks pass). The clean SELECT keeps the rows without a reason; the rejects SELECT the others.
 * Row data never makes the SELECTs fail: conversions are TRY_CASTs and failures become reasons.
 */
public final class CleanCompiler {
    /** Leading and trailing whitespace: RE2's \s misses no-break and other Unicode spaces, \p{Z} adds them. */
    private static final String TRIM_PATTERN = "^[\\s\\p{Z}]+|[\\s\\p{Z}]+$";
    private static final String LOOKUP = Step.RESERVED_PREFIX + "lookup";
    private static final Set<DataType.Kind> NUMBERS = EnumSet.of(DataType.Kind.SMALLINT, DataType.Kind.INTEGER,
            DataType.Kind.BIGINT, DataType.Kind.FLOAT, DataType.Kind.DOUBLE, DataType.Kind.DECIMAL);
    private static final Set<DataType.Kind> TEMPORALS = EnumSet.of(DataType.Kind.DATE, DataType.Kind.TIME,
            DataType.Kind.TIMESTAMP, DataType.Kind.TIMESTAMP_TZ);

    private CleanCompiler() {
    }

    /**
     * Compiles {@code spec} for an input table with {@code inputColumns}; output columns keep the input's order and
     * are all nullable. A column an op names that does not exist at that op, or has a type the op cannot work on, is
     * INVALID_INPUT starting with {@code op N (kind):}; so are constants that do not fit their column's type.
     */
    public static CompiledClean compile(CleanSpec spec, List<Column> inputColumns) {
        requireNonNull(spec, "spec is null");
        requireNonNull(inputColumns, "inputColumns is null");
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (Column column : inputColumns) {
            if (column.name().toLowerCase(Locale.ROOT).startsWith(Step.RESERVED_PREFIX)) {
                throw ZhongtaiException.invalid("Cannot clean %s: its column '%s' starts with %s, which cleaning reserves "
                        + "for its own columns; rename the column", spec.input(), column.name(), Step.RESERVED_PREFIX);
            }
            columns.put(column.name(), column.type());
        }
        List<String> steps = new ArrayList<>();
        steps.add(firstStep(spec.input(), columns));
        for (int i = 0; i < spec.ops().size(); i++) {
            CleanOp op = spec.ops().get(i);
            Step step = new Step(op.kind(), columns);
            try {
                apply(op, step);
            } catch (ZhongtaiException e) {
                throw OpParser.inOp(i + 1, op.kind(), e);
            }
            steps.add(step.sql(stepName(i + 1), stepName(i)));
            columns = step.outputTypes();
        }
        String with = "WITH " + String.join(",\n", steps) + "\n";
        String last = stepName(spec.ops().size());
        List<String> names = columns.keySet().stream().map(TypeMapping::quote).toList();
        String cleanSelect = with + "SELECT " + String.join(", ", names) + " FROM " + last + " WHERE " + REASON + " IS NULL";
        String rejectsSelect = with + "SELECT " + REASON + " AS reason, " + ORIGINAL + " AS original, "
                + "current_timestamp AS rejected_at FROM " + last + " WHERE " + REASON + " IS NOT NULL";
        List<Column> outputColumns = new ArrayList<>();
        columns.forEach((name, type) -> outputColumns.add(Column.of(name, type)));
        return new CompiledClean(cleanSelect, rejectsSelect, outputColumns);
    }

    private static String stepName(int number) {
        return "step_" + number;
    }

    private static String firstStep(TableName input, Map<String, DataType> columns) {
        List<String> names = new ArrayList<>();
        List<String> jsonFields = new ArrayList<>();
        for (String column : columns.keySet()) {
            names.add(quote(column));
            jsonFields.add(literal(column) + ": " + quote(column));
        }
        return stepName(0) + " AS (SELECT " + String.join(", ", names)
                + ", CAST(to_json({" + String.join(", ", jsonFields) + "}) AS VARCHAR) AS " + ORIGINAL
                + ", CAST(NULL AS VARCHAR) AS " + REASON
                + " FROM " + quote(input.namespace()) + "." + quote(input.table()) + ")";
    }

    private static void apply(CleanOp op, Step step) {
        if (op instanceof CleanOp.Trim trim) {
            trim(trim, step);
        } else if (op instanceof CleanOp.Case c) {
            changeCase(c, step);
        } else if (op instanceof CleanOp.Default d) {
            defaults(d, step);
        } else if (op instanceof CleanOp.Cast cast) {
            cast(cast, step);
        } else if (op instanceof CleanOp.ParseDate parse) {
            parseDate(parse, step);
        } else if (op instanceof CleanOp.RegexValidate validate) {
            regexValidate(validate, step);
        } else if (op instanceof CleanOp.RegexReplace replace) {
            regexReplace(replace, step);
        } else if (op instanceof CleanOp.MapValues map) {
            mapValues(map, step);
        } else if (op instanceof CleanOp.Mask mask) {
            mask(mask, step);
        } else if (op instanceof CleanOp.Range range) {
            range(range, step);
        } else if (op instanceof CleanOp.Dedupe dedupe) {
            dedupe(dedupe, step);
        } else {
            throw new IllegalStateException("op without a compiler: " + op.kind());
        }
    }

    private static void trim(CleanOp.Trim op, Step step) {
        for (String name : op.columns()) {
            String column = step.textColumn(name);
            step.replace(column, "regexp_replace(" + quote(column) + ", " + literal(TRIM_PATTERN) + ", '', 'g')", DataType.STRING);
        }
    }

    private static void changeCase(CleanOp.Case op, Step step) {
        for (String name : op.upper()) {
            String column = step.textColumn(name);
            step.replace(column, "upper(" + quote(column) + ")", DataType.STRING);
        }
        for (String name : op.lower()) {
            String column = step.textColumn(name);
            step.replace(column, "lower(" + quote(column) + ")", DataType.STRING);
        }
    }

    private static void defaults(CleanOp.Default op, Step step) {
        op.values().forEach((name, value) -> {
            String column = step.column(name);
            DataType type = step.type(column);
            step.replace(column, "COALESCE(" + quote(column) + ", " + constant(value, type, name) + ")", type);
        });
    }

    private static void cast(CleanOp.Cast op, Step step) {
        op.types().forEach((name, type) -> {
            String column = step.column(name);
            String converted = "TRY_CAST(" + quote(column) + " AS " + type.sqlName() + ")";
            step.reject(column, quote(column) + " IS NOT NULL AND " + converted + " IS NULL",
                    literal("cannot cast "), step.quoted(column), literal(" to " + type.sqlName()));
            step.replace(column, converted, type);
        });
    }

    private static void parseDate(CleanOp.ParseDate op, Step step) {
        String column = step.textColumn(op.column());
        List<String> formats = op.formats().stream().map(TypeMapping::literal).toList();
        String parsed = "try_strptime(" + quote(column) + ", [" + String.join(", ", formats) + "])";
        step.reject(column, quote(column) + " IS NOT NULL AND " + parsed + " IS NULL",
                step.quoted(column), literal(" matches none of the formats " + String.join(", ", op.formats())));
        step.replace(column, "CAST(" + parsed + " AS DATE)", DataType.DATE);
    }

    private static void regexValidate(CleanOp.RegexValidate op, Step step) {
        String column = step.textColumn(op.column());
        step.reject(column, "NOT regexp_full_match(" + quote(column) + ", " + literal(op.pattern()) + ")",
                step.quoted(column), literal(" does not match " + op.pattern()));
    }

    private static void regexReplace(CleanOp.RegexReplace op, Step step) {
        String column = step.textColumn(op.column());
        step.replace(column, "regexp_replace(" + quote(column) + ", " + literal(op.pattern()) + ", "
                + literal(op.replacement()) + ", 'g')", DataType.STRING);
    }

    /**
     * Joins the lookup grouped by its key, so a key listed twice cannot duplicate rows. Keys compare as text and the
     * column becomes VARCHAR, so the column's and the lookup's types need not match.
     */
    private static void mapValues(CleanOp.MapValues op, Step step) {
        String column = step.column(op.column());
        String key = LOOKUP + "_key";
        String value = LOOKUP + "_value";
        String values = LOOKUP + "_values";
        step.join("LEFT JOIN (SELECT CAST(" + quote(op.from()) + " AS VARCHAR) AS " + key
                + ", CAST(min(" + quote(op.to()) + ") AS VARCHAR) AS " + value
                + ", count(DISTINCT " + quote(op.to()) + ") AS " + values
                + " FROM " + quote(op.table().namespace()) + "." + quote(op.table().table()) + " GROUP BY 1) AS " + LOOKUP
                + " ON " + step.text(column) + " = " + key);
        step.reject(column, values + " > 1", step.quoted(column), literal(" maps to "), "CAST(" + values + " AS VARCHAR)",
                literal(" different values of " + op.table() + "." + op.to()));
        if (op.unmatched() == CleanOp.MapValues.Unmatched.REJECT) {
            step.reject(column, quote(column) + " IS NOT NULL AND " + key + " IS NULL",
                    step.quoted(column), literal(" is not in " + op.table() + "." + op.from()));
        }
        String unmatched = op.unmatched() == CleanOp.MapValues.Unmatched.NULL ? "NULL" : step.text(column);
        step.replace(column, "CASE WHEN " + key + " IS NULL THEN " + unmatched + " ELSE " + value + " END", DataType.STRING);
    }

    private static void mask(CleanOp.Mask op, Step step) {
        String column = step.column(op.column());
        String text = step.text(column);
        if (op.method() == CleanOp.Mask.Method.HASH) {
            step.replace(column, "sha256(" + text + ")", DataType.STRING);
            return;
        }
        int kept = op.keepFirst() + op.keepLast();
        step.replace(column, "CASE WHEN length(" + text + ") <= " + kept + " THEN repeat('*', length(" + text + "))"
                + " ELSE left(" + text + ", " + op.keepFirst() + ") || repeat('*', length(" + text + ") - " + kept
                + ") || right(" + text + ", " + op.keepLast() + ") END", DataType.STRING);
    }

    private static void range(CleanOp.Range op, Step step) {
        String column = step.column(op.column());
        DataType type = step.type(column);
        if (!NUMBERS.contains(type.kind()) && !TEMPORALS.contains(type.kind())) {
            throw ZhongtaiException.invalid("column '%s' is %s; range needs a number, date or time column (cast it first)",
                    column, type);
        }
        if (op.min() != null) {
            step.reject(column, quote(column) + " < " + bound(op.min(), type, "min"),
                    step.text(column), literal(" is below the minimum " + op.min().strip()));
        }
        if (op.max() != null) {
            step.reject(column, quote(column) + " > " + bound(op.max(), type, "max"),
                    step.text(column), literal(" is above the maximum " + op.max().strip()));
        }
    }

    /** A range bound: any number for a number column, whatever its own type; a constant of the column's type else. */
    private static String bound(String text, DataType type, String field) {
        if (!NUMBERS.contains(type.kind())) {
            return constant(text, type, field);
        }
        try {
            return new BigDecimal(text.strip()).toPlainString();
        } catch (NumberFormatException e) {
            throw ZhongtaiException.invalid("field '%s': '%s' is not a number", field, text);
        }
    }

    /**
     * Rows no earlier op rejected compete per key; the first by {@code latestBy}, newest first, wins. The row's JSON
     * breaks ties so that every run keeps the same row.
     */
    private static void dedupe(CleanOp.Dedupe op, Step step) {
        List<String> key = op.key().stream().map(step::column).toList();
        String latestBy = step.column(op.latestBy());
        List<String> partition = new ArrayList<>(List.of(REASON + " IS NULL"));
        key.forEach(column -> partition.add(quote(column)));
        step.reject(String.join(", ", key), REASON + " IS NULL AND row_number() OVER (PARTITION BY "
                        + String.join(", ", partition) + " ORDER BY " + quote(latestBy) + " DESC NULLS LAST, " + ORIGINAL
                        + " DESC) > 1",
                literal("duplicate key, the row with the latest " + latestBy + " is kept"));
    }

    /**
     * SQL for {@code text} as a constant of {@code type}. Numbers, booleans and dates are checked here; other types
     * are left to DuckDB's cast when the query runs.
     */
    private static String constant(String text, DataType type, String field) {
        if (type.kind() == DataType.Kind.STRING) {
            return literal(text);
        }
        String value = text.strip();
        if (!fits(value, type)) {
            throw ZhongtaiException.invalid("field '%s': '%s' is not a valid %s", field, text, type);
        }
        return "CAST(" + literal(value) + " AS " + type.sqlName() + ")";
    }

    private static boolean fits(String value, DataType type) {
        try {
            switch (type.kind()) {
                case SMALLINT -> Short.parseShort(value);
                case INTEGER -> Integer.parseInt(value);
                case BIGINT -> Long.parseLong(value);
                case FLOAT, DOUBLE, DECIMAL -> new BigDecimal(value);
                case DATE -> LocalDate.parse(value);
                case BOOLEAN -> {
                    return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                }
                default -> {
                }
            }
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }
}

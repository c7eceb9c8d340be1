package io.zhongtai.pipeline.clean;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.spi.data.DataType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.zhongtai.core.lakehouse.TypeMapping.literal;
import static io.zhongtai.core.lakehouse.TypeMapping.quote;

/**
 * The SELECT of one op over the previous op's rows: the columns it rewrites, the reasons it adds to a row's
 * {@value #REASON}, and at most one lookup join. Expressions read the previous op's columns.
 */
final class Step {
    /** Prefix of the bookkeeping columns the steps carry; input columns cannot use it. */
    static final String RESERVED_PREFIX = "__clean_";
    /** The input row as JSON. */
    static final String ORIGINAL = RESERVED_PREFIX + "original";
    /** Why the row is rejected, reasons joined with '; '; null while no op rejected it. */
    static final String REASON = RESERVED_PREFIX + "reason";

    private final String kind;
    private final Map<String, DataType> inputTypes;
    private final Map<String, DataType> outputTypes;
    private final Map<String, String> replacements = new LinkedHashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private String join = "";

    Step(String kind, Map<String, DataType> inputTypes) {
        this.kind = kind;
        this.inputTypes = Collections.unmodifiableMap(new LinkedHashMap<>(inputTypes));
        this.outputTypes = new LinkedHashMap<>(inputTypes);
    }

    /** The column's name as the table spells it (SQL names are case-insensitive). */
    String column(String name) {
        for (String column : inputTypes.keySet()) {
            if (column.equalsIgnoreCase(name)) {
                return column;
            }
        }
        throw ZhongtaiException.invalid("column '%s' does not exist (columns: %s)", name, String.join(", ", inputTypes.keySet()));
    }

    /** Like {@link #column} for ops that only work on text. */
    String textColumn(String name) {
        String column = column(name);
        DataType type = type(column);
        if (type.kind() != DataType.Kind.STRING) {
            throw ZhongtaiException.invalid("column '%s' is %s; %s needs a VARCHAR column (cast it first)", column, type, kind);
        }
        return column;
    }

    DataType type(String column) {
        return inputTypes.get(column);
    }

    /** The column's value as VARCHAR. */
    String text(String column) {
        return type(column).kind() == DataType.Kind.STRING ? quote(column) : "CAST(" + quote(column) + " AS VARCHAR)";
    }

    /** The column's value in single quotes, for reasons. */
    String quoted(String column) {
        return "'''' || " + text(column) + " || ''''";
    }

    void replace(String column, String expression, DataType type) {
        if (replacements.putIfAbsent(column, expression) != null) {
            throw ZhongtaiException.invalid("column '%s' is named twice", column);
        }
        outputTypes.put(column, type);
    }

    /**
     * Rejects the rows where {@code condition} holds, with the reason {@code <kind> <subject>: <message>};
     * {@code message} are VARCHAR expressions concatenated.
     */
    void reject(String subject, String condition, String... message) {
        reasons.add("CASE WHEN " + condition + " THEN " + literal(kind + " " + subject + ": ") + " || "
                + String.join(" || ", message) + " END");
    }

    /** A LEFT JOIN clause; its columns must use {@link #RESERVED_PREFIX} so they cannot clash with the rows' columns. */
    void join(String clause) {
        join = " " + clause;
    }

    Map<String, DataType> outputTypes() {
        return Collections.unmodifiableMap(outputTypes);
    }

    /** {@code name AS (SELECT ...)} reading the step {@code from}. */
    String sql(String name, String from) {
        List<String> replaced = new ArrayList<>();
        replacements.forEach((column, expression) -> replaced.add(expression + " AS " + quote(column)));
        if (!reasons.isEmpty()) {
            replaced.add("NULLIF(concat_ws('; ', " + REASON + ", " + String.join(", ", reasons) + "), '') AS " + REASON);
        }
        return name + " AS (SELECT " + from + ".* REPLACE (" + String.join(", ", replaced) + ") FROM " + from + join + ")";
    }
}

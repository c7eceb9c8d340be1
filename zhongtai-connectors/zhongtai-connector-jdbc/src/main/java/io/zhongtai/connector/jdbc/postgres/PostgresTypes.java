package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL types to platform types (reads) and back (exports), and the text form of platform values that
 * PostgreSQL's input functions take (COPY FROM). The mapping is documented in docs/connectors/jdbc.md.
 */
final class PostgresTypes {
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    /** Element kinds whose array text DuckDB can cast back into a list; other arrays are read as text. */
    private static final Set<DataType.Kind> LIST_ELEMENTS = EnumSet.of(DataType.Kind.BOOLEAN, DataType.Kind.SMALLINT,
            DataType.Kind.INTEGER, DataType.Kind.BIGINT, DataType.Kind.FLOAT, DataType.Kind.DOUBLE, DataType.Kind.DECIMAL,
            DataType.Kind.STRING, DataType.Kind.DATE, DataType.Kind.TIME, DataType.Kind.TIMESTAMP,
            DataType.Kind.TIMESTAMP_TZ, DataType.Kind.UUID);

    private PostgresTypes() {
    }

    /**
     * The platform type of a column of type {@code typeName} (pg_type.typname) declared as {@code sourceType}
     * (format_type); arrays pass their element's typname and declaration.
     */
    static DataType toPlatform(String typeName, String sourceType, String elementTypeName, String elementSourceType) {
        if (elementTypeName != null) {
            DataType element = toPlatform(elementTypeName, elementSourceType, null, null);
            return LIST_ELEMENTS.contains(element.kind()) ? DataType.list(element) : DataType.STRING;
        }
        return switch (typeName) {
            case "int2" -> DataType.SMALLINT;
            case "int4" -> DataType.INTEGER;
            case "int8" -> DataType.BIGINT;
            case "float4" -> DataType.FLOAT;
            case "float8" -> DataType.DOUBLE;
            case "numeric" -> {
                Matcher m = NUMERIC.matcher(sourceType);
                // Unconstrained numeric (any precision and scale) and precisions above 38 stay exact as text.
                if (m.matches() && Integer.parseInt(m.group(1)) <= DataType.MAX_DECIMAL_PRECISION) {
                    yield DataType.decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
                yield DataType.STRING;
            }
            case "bool" -> DataType.BOOLEAN;
            case "date" -> DataType.DATE;
            case "time" -> DataType.TIME;
            case "timestamp" -> DataType.TIMESTAMP;
            case "timestamptz" -> DataType.TIMESTAMP_TZ;
            case "json", "jsonb" -> DataType.JSON;
            case "uuid" -> DataType.UUID;
            case "bytea" -> DataType.BINARY;
            // text, varchar, bpchar, name, citext, enums, interval (ISO-8601), timetz, money, bit, inet, xml, ...
            default -> DataType.STRING;
        };
    }

    /** The PostgreSQL type an export creates for a platform type. */
    static String toSql(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
            case STRING -> "text";
            case JSON -> "jsonb";
            case BINARY -> "bytea";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> "timestamp(6)";
            case TIMESTAMP_TZ -> "timestamp(6) with time zone";
            case UUID -> "uuid";
            case LIST -> toSql(type.element()) + "[]";
        };
    }

    /** A value as PostgreSQL's input function for the column's type reads it; ClassCastException on a wrong class. */
    static String text(Object value, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> (Boolean) value ? "t" : "f";
            case SMALLINT, INTEGER, BIGINT -> Long.toString(((Number) value).longValue());
            case FLOAT -> Float.toString(((Number) value).floatValue());
            case DOUBLE -> Double.toString(((Number) value).doubleValue());
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case STRING, JSON -> (String) value;
            case BINARY -> "\\x" + HexFormat.of().formatHex((byte[]) value);
            case DATE -> ((LocalDate) value).toString();
            case TIME -> ((LocalTime) value).toString();
            case TIMESTAMP -> ((LocalDateTime) value).toString();
            case TIMESTAMP_TZ -> value instanceof Instant i ? i.toString() : ((OffsetDateTime) value).toString();
            case UUID -> value instanceof UUID u ? u.toString() : UUID.fromString((String) value).toString();
            case LIST -> arrayLiteral((List<?>) value, type.element());
        };
    }

    private static String arrayLiteral(List<?> values, DataType element) {
        StringBuilder b = new StringBuilder("{");
        for (Object v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            if (v == null) {
                b.append("NULL");
            } else {
                b.append('"').append(text(v, element).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return b.append('}').toString();
    }

    /**
     * The COPY select expression for a column: arrays become DuckDB list text ({@code ["a", NULL]}, elements
     * quoted with backslash escapes) so {@code read_csv} casts them into lists; everything else is printed by
     * PostgreSQL under the session's UTC/ISO settings, which DuckDB reads as it is.
     */
    static String selectExpression(Column column, String quoted) {
        if (column.type().kind() != DataType.Kind.LIST) {
            return quoted;
        }
        return "CASE WHEN " + quoted + " IS NULL THEN NULL ELSE '[' || coalesce((SELECT string_agg(CASE WHEN zt_e IS NULL "
                + "THEN 'NULL' ELSE '\"' || replace(replace(zt_e::text, '\\', '\\\\'), '\"', '\\\"') || '\"' END, ', ' "
                + "ORDER BY zt_o) FROM unnest(" + quoted + ") WITH ORDINALITY AS zt_u(zt_e, zt_o)), '') || ']' END";
    }
}

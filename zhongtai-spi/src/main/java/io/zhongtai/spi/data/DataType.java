package io.zhongtai.spi.data;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's column types, as connectors report them and as {@link ColumnBatch} values carry them.
 * Java value classes per kind: BOOLEAN Boolean; SMALLINT/INTEGER/BIGINT Long (vector) or any Number;
 * FLOAT/DOUBLE Double; DECIMAL BigDecimal; STRING/JSON String; BINARY byte[]; DATE LocalDate;
 * TIME LocalTime; TIMESTAMP LocalDateTime; TIMESTAMP_TZ Instant or OffsetDateTime; UUID java.util.UUID;
 * LIST java.util.List of the element's class.
 */
public record DataType(Kind kind, int precision, int scale, DataType element) {
    public enum Kind {
        BOOLEAN, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, STRING, JSON, BINARY,
        DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID, LIST
    }

    public static final int MAX_DECIMAL_PRECISION = 38;
    private static final Pattern DECIMAL_NAME = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0, null);
    public static final DataType SMALLINT = new DataType(Kind.SMALLINT, 0, 0, null);
    public static final DataType INTEGER = new DataType(Kind.INTEGER, 0, 0, null);
    public static final DataType BIGINT = new DataType(Kind.BIGINT, 0, 0, null);
    public static final DataType FLOAT = new DataType(Kind.FLOAT, 0, 0, null);
    public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0, null);
    public static final DataType STRING = new DataType(Kind.STRING, 0, 0, null);
    public static final DataType JSON = new DataType(Kind.JSON, 0, 0, null);
    public static final DataType BINARY = new DataType(Kind.BINARY, 0, 0, null);
    public static final DataType DATE = new DataType(Kind.DATE, 0, 0, null);
    public static final DataType TIME = new DataType(Kind.TIME, 0, 0, null);
    public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0, null);
    public static final DataType TIMESTAMP_TZ = new DataType(Kind.TIMESTAMP_TZ, 0, 0, null);
    public static final DataType UUID = new DataType(Kind.UUID, 0, 0, null);

    public DataType {
        Objects.requireNonNull(kind, "kind is null");
        if (kind == Kind.DECIMAL && (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("Invalid decimal precision/scale: (" + precision + "," + scale + ")");
        }
        if ((kind == Kind.LIST) != (element != null)) {
            throw new IllegalArgumentException("Only LIST has an element type: " + kind);
        }
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(Kind.DECIMAL, precision, scale, null);
    }

    public static DataType list(DataType element) {
        return new DataType(Kind.LIST, 0, 0, Objects.requireNonNull(element, "element is null"));
    }

    public boolean isIntegral() {
        return kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
    }

    /** True when every value of {@code narrower} fits this type unchanged (the widening schema drift follows). */
    public boolean canWiden(DataType narrower) {
        if (equals(narrower)) {
            return true;
        }
        return switch (kind) {
            case INTEGER -> narrower.kind == Kind.SMALLINT;
            case BIGINT -> narrower.kind == Kind.SMALLINT || narrower.kind == Kind.INTEGER;
            case DOUBLE -> narrower.kind == Kind.FLOAT;
            case DECIMAL -> narrower.kind == Kind.DECIMAL && scale == narrower.scale && precision >= narrower.precision;
            default -> false;
        };
    }

    /**
     * The platform type of a SQL type name in DuckDB's spelling, the inverse of {@link #sqlName()}: also takes DuckDB's
     * aliases and unsigned and sized variants (UBIGINT and HUGEINT become DECIMAL(38,0)); {@code T[]} is a LIST of T.
     * Types without a platform kind (STRUCT, MAP, INTERVAL, ...) are STRING.
     */
    public static DataType parse(String sqlType) {
        String t = sqlType.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            return list(parse(t.substring(0, t.length() - 2)));
        }
        Matcher m = DECIMAL_NAME.matcher(t);
        if (m.matches()) {
            return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return switch (t) {
            case "BOOLEAN" -> BOOLEAN;
            case "TINYINT", "SMALLINT", "UTINYINT" -> SMALLINT;
            case "INTEGER", "USMALLINT" -> INTEGER;
            case "BIGINT", "UINTEGER" -> BIGINT;
            case "UBIGINT", "HUGEINT", "UHUGEINT" -> decimal(38, 0);
            case "FLOAT" -> FLOAT;
            case "DOUBLE" -> DOUBLE;
            case "DATE" -> DATE;
            case "TIME" -> TIME;
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> TIMESTAMP_TZ;
            case "UUID" -> UUID;
            case "BLOB" -> BINARY;
            case "JSON" -> JSON;
            default -> STRING;
        };
    }

    /** The type as written in SQL (DuckDB spelling). */
    public String sqlName() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case STRING -> "VARCHAR";
            case BINARY -> "BLOB";
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
            case LIST -> element.sqlName() + "[]";
            default -> kind.name();
        };
    }

    @Override
    public String toString() {
        return sqlName();
    }
}

package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.spi.data.DataType;

import java.util.Locale;

/** MySQL/MariaDB types to platform types (reads) and back (exports); documented in docs/connectors/jdbc.md. */
final class MySqlTypes {
    private MySqlTypes() {
    }

    /**
     * The platform type of a column from information_schema.COLUMNS: {@code dataType} (DATA_TYPE), {@code columnType}
     * (COLUMN_TYPE, with display width and {@code unsigned}), and the numeric precision and scale.
     */
    static DataType toPlatform(String dataType, String columnType, long precision, long scale, boolean mariaDbJson) {
        String type = dataType.toLowerCase(Locale.ROOT);
        String full = columnType.toLowerCase(Locale.ROOT);
        boolean unsigned = full.contains("unsigned");
        return switch (type) {
            case "tinyint" -> full.startsWith("tinyint(1)") && !unsigned ? DataType.BOOLEAN : DataType.SMALLINT;
            case "smallint" -> unsigned ? DataType.INTEGER : DataType.SMALLINT;
            case "mediumint" -> DataType.INTEGER;
            case "int", "integer" -> unsigned ? DataType.BIGINT : DataType.INTEGER;
            case "bigint" -> unsigned ? DataType.decimal(20, 0) : DataType.BIGINT;
            case "decimal", "numeric" -> precision <= DataType.MAX_DECIMAL_PRECISION
                    ? DataType.decimal((int) precision, (int) scale) : DataType.STRING;
            case "float" -> DataType.FLOAT;
            case "double", "real" -> DataType.DOUBLE;
            case "bit" -> full.equals("bit(1)") ? DataType.BOOLEAN : DataType.BIGINT;
            case "year" -> DataType.SMALLINT;
            case "date" -> DataType.DATE;
            case "time" -> DataType.TIME;
            case "datetime" -> DataType.TIMESTAMP;
            // TIMESTAMP columns hold instants (stored in UTC, shown in the session's zone, which is UTC here).
            case "timestamp" -> DataType.TIMESTAMP_TZ;
            case "json" -> DataType.JSON;
            case "longtext" -> mariaDbJson ? DataType.JSON : DataType.STRING;
            case "uuid" -> DataType.UUID;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> DataType.BINARY;
            // char, varchar, *text, enum, set, inet4/inet6, geometry (as WKT), ...
            default -> DataType.STRING;
        };
    }

    static boolean isGeometry(String sourceType) {
        String t = sourceType.toLowerCase(Locale.ROOT);
        return t.equals("geometry") || t.equals("point") || t.equals("linestring") || t.equals("polygon")
                || t.startsWith("multi") || t.equals("geometrycollection") || t.equals("geomcollection");
    }

    /** The column type an export creates; key columns get bounded types because MySQL cannot index unbounded ones. */
    static String toSql(DataType type, boolean key) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case STRING -> key ? "VARCHAR(255)" : "LONGTEXT";
            case JSON, LIST -> "JSON";
            case BINARY -> key ? "VARBINARY(255)" : "LONGBLOB";
            case DATE -> "DATE";
            case TIME -> "TIME(6)";
            // DATETIME, not TIMESTAMP: TIMESTAMP ends in 2038. Instants are stored as UTC date-times.
            case TIMESTAMP, TIMESTAMP_TZ -> "DATETIME(6)";
            case UUID -> "CHAR(36)";
        };
    }
}

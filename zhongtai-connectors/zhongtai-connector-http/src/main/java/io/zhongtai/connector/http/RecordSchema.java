package io.zhongtai.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Columns of JSON records, inferred or declared, and record values as the platform's Java values. A record that is
 * not an object is one column, {@value #VALUE_COLUMN}.
 */
final class RecordSchema {
    static final String VALUE_COLUMN = "value";
    private static final Pattern DECLARED = Pattern.compile("\\s*(\"[^\"]+\"|[^\\s,]+)\\s+([a-zA-Z][a-zA-Z ]*?)\\s*(\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

    private RecordSchema() {
    }

    /**
     * Columns from sample records in order of first appearance: integers BIGINT (DECIMAL(38,0) beyond 64 bits),
     * other numbers DOUBLE, strings STRING (ISO dates included), booleans BOOLEAN, objects and arrays JSON; a field
     * with values of different kinds is STRING, one that is only ever null is STRING.
     */
    static List<Column> infer(List<JsonNode> records) {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (JsonNode record : records) {
            if (!record.isObject()) {
                add(types, VALUE_COLUMN, typeOf(record));
                continue;
            }
            record.fields().forEachRemaining(f -> add(types, f.getKey(), typeOf(f.getValue())));
        }
        List<Column> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(new Column(name, type == null ? DataType.STRING : type, jsonType(type), true)));
        return columns;
    }

    /** Records a field's type; null (only JSON nulls seen so far) is kept, as the map allows. */
    private static void add(Map<String, DataType> types, String field, DataType type) {
        types.put(field, types.containsKey(field) ? widen(types.get(field), type) : type);
    }

    private static String jsonType(DataType type) {
        if (type == null) {
            return "null";
        }
        return switch (type.kind()) {
            case BIGINT, DECIMAL -> "integer";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            case JSON -> "object/array";
            default -> "string";
        };
    }

    /** Null for JSON null (no evidence of a type). */
    private static DataType typeOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return DataType.BOOLEAN;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? DataType.BIGINT : DataType.decimal(DataType.MAX_DECIMAL_PRECISION, 0);
        }
        if (v.isNumber()) {
            return DataType.DOUBLE;
        }
        if (v.isContainerNode()) {
            return DataType.JSON;
        }
        return DataType.STRING;
    }

    private static DataType widen(DataType a, DataType b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.equals(b)) {
            return a;
        }
        boolean numeric = (a.kind() == DataType.Kind.BIGINT || a.kind() == DataType.Kind.DOUBLE || a.kind() == DataType.Kind.DECIMAL)
                && (b.kind() == DataType.Kind.BIGINT || b.kind() == DataType.Kind.DOUBLE || b.kind() == DataType.Kind.DECIMAL);
        return numeric ? DataType.DOUBLE : DataType.STRING;
    }

    /** Parses {@code id bigint, name varchar, amount decimal(10,2)}; names may be double-quoted. */
    static List<Column> declared(String text) {
        List<Column> columns = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            Matcher m = DECLARED.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected 'name type' but got '" + part.trim() + "'");
            }
            String name = m.group(1).startsWith("\"") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            String typeName = m.group(2).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            DataType type = switch (typeName) {
                case "bigint", "int8", "long" -> DataType.BIGINT;
                case "integer", "int", "int4" -> DataType.INTEGER;
                case "smallint", "int2" -> DataType.SMALLINT;
                case "double", "float8", "double precision" -> DataType.DOUBLE;
                case "float", "real", "float4" -> DataType.FLOAT;
                case "decimal", "numeric" -> {
                    if (m.group(4) == null) {
                        throw new IllegalArgumentException("decimal needs a precision, e.g. decimal(10,2): " + part.trim());
                    }
                    yield DataType.decimal(Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
                }
                case "varchar", "string", "text" -> DataType.STRING;
                case "json" -> DataType.JSON;
                case "boolean", "bool" -> DataType.BOOLEAN;
                case "date" -> DataType.DATE;
                case "time" -> DataType.TIME;
                case "timestamp" -> DataType.TIMESTAMP;
                case "timestamptz", "timestamp with time zone" -> DataType.TIMESTAMP_TZ;
                case "uuid" -> DataType.UUID;
                default -> throw new IllegalArgumentException("unknown type '" + typeName + "' of column " + name
                        + " (known: bigint, integer, smallint, double, float, decimal(p,s), varchar, json, boolean, date, time, "
                        + "timestamp, timestamptz, uuid)");
            };
            columns.add(new Column(name, type, typeName, true));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns declared");
        }
        return columns;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    /**
     * The value of a record field as the Java class {@link DataType} documents for the column's type; null for JSON
     * null or a missing field. A value that does not fit is INVALID_DATA naming {@code where}.
     */
    static Object value(JsonNode v, Column column, String where) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        DataType type = column.type();
        try {
            return switch (type.kind()) {
                case BOOLEAN -> v.isBoolean() ? v.booleanValue() : parseBoolean(v.asText());
                case SMALLINT, INTEGER, BIGINT -> v.isIntegralNumber() && v.canConvertToLong() ? v.longValue()
                        : new BigDecimal(v.asText().trim()).longValueExact();
                case FLOAT, DOUBLE -> v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText().trim());
                case DECIMAL -> (v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim()))
                        .setScale(type.scale(), java.math.RoundingMode.UNNECESSARY);
                case STRING -> v.isTextual() ? v.textValue() : v.toString();
                case JSON -> v.toString();
                case DATE -> LocalDate.parse(v.asText().trim());
                case TIME -> LocalTime.parse(v.asText().trim());
                case TIMESTAMP -> LocalDateTime.parse(v.asText().trim().replace(' ', 'T'));
                case TIMESTAMP_TZ -> OffsetDateTime.parse(v.asText().trim().replace(' ', 'T'));
                case UUID -> UUID.fromString(v.asText().trim());
                default -> throw new IllegalArgumentException("unsupported column type " + type);
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot read field " + column.name() + " of " + where
                    + ": " + abbreviate(v.toString()) + " is not a " + type.sqlName(), e);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot read field " + column.name() + " of " + where
                    + ": " + abbreviate(v.toString()) + " is not a " + type.sqlName() + " (" + e.getMessage() + ")", e);
        }
    }

    private static boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}

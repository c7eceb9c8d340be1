package io.zhongtai.connector.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value columns of JSON messages: declared with a {@code columns} option ({@code id BIGINT, price DECIMAL(10,2)})
 * or inferred from sample messages (numbers BIGINT or DOUBLE, strings, booleans, nested objects and arrays JSON).
 */
public final class JsonColumns {
    static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private JsonColumns() {
    }

    /**
     * Parses a column list such as {@code id BIGINT, name STRING, price DECIMAL(10,2), at TIMESTAMP_TZ}; names
     * with spaces or commas are written in double quotes. Throws IllegalArgumentException naming the bad entry.
     */
    public static List<Column> parse(String text) {
        List<Column> columns = new ArrayList<>();
        for (String entry : splitTopLevel(text)) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String name;
            String type;
            if (trimmed.startsWith("\"")) {
                int close = trimmed.indexOf('"', 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated quoted column name in '" + trimmed + "'");
                }
                name = trimmed.substring(1, close);
                type = trimmed.substring(close + 1).trim();
            } else {
                int space = trimmed.indexOf(' ');
                name = space < 0 ? trimmed : trimmed.substring(0, space);
                type = space < 0 ? "" : trimmed.substring(space + 1).trim();
            }
            if (type.isEmpty()) {
                throw new IllegalArgumentException("column '" + name + "' has no type; write it as '" + name + " BIGINT'");
            }
            String finalName = name;
            if (columns.stream().anyMatch(c -> c.name().equals(finalName))) {
                throw new IllegalArgumentException("column '" + name + "' is declared twice");
            }
            columns.add(new Column(name, parseType(name, type), type, true));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns declared");
        }
        return List.copyOf(columns);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static DataType parseType(String column, String type) {
        String t = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            try {
                return DataType.decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + column + "': " + e.getMessage());
            }
        }
        return switch (t) {
            case "BOOLEAN", "BOOL" -> DataType.BOOLEAN;
            case "SMALLINT" -> DataType.SMALLINT;
            case "INTEGER", "INT" -> DataType.INTEGER;
            case "BIGINT", "LONG" -> DataType.BIGINT;
            case "FLOAT", "REAL" -> DataType.FLOAT;
            case "DOUBLE" -> DataType.DOUBLE;
            case "STRING", "VARCHAR", "TEXT" -> DataType.STRING;
            case "JSON" -> DataType.JSON;
            case "BINARY", "BLOB" -> DataType.BINARY;
            case "DATE" -> DataType.DATE;
            case "TIME" -> DataType.TIME;
            case "TIMESTAMP" -> DataType.TIMESTAMP;
            case "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> DataType.TIMESTAMP_TZ;
            case "UUID" -> DataType.UUID;
            default -> throw new IllegalArgumentException("column '" + column + "' has unknown type '" + type
                    + "'; use BOOLEAN, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, JSON, BINARY, DATE,"
                    + " TIME, TIMESTAMP, TIMESTAMP_TZ or UUID");
        };
    }

    /**
     * The columns of the top-level fields of the sample payloads in first-seen order, skipping {@code reserved}
     * names, null values and payloads that are not JSON objects.
     */
    public static List<Column> infer(Iterable<byte[]> samples, Set<String> reserved) {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (byte[] payload : samples) {
            if (payload == null) {
                continue;
            }
            Map<String, DataType> fields = new LinkedHashMap<>();
            try (JsonParser p = FACTORY.createParser(payload)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value != JsonToken.VALUE_NULL && !reserved.contains(name)) {
                        fields.put(name, inferredType(value));
                    }
                    p.skipChildren();
                }
            } catch (IOException malformed) {
                continue;
            }
            fields.forEach((name, type) -> types.merge(name, type, JsonColumns::merge));
        }
        List<Column> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(Column.of(name, type)));
        return columns;
    }

    /** The type a field gets from one non-null JSON value. */
    static DataType inferredType(JsonToken value) {
        return switch (value) {
            case VALUE_NUMBER_INT -> DataType.BIGINT;
            case VALUE_NUMBER_FLOAT -> DataType.DOUBLE;
            case VALUE_TRUE, VALUE_FALSE -> DataType.BOOLEAN;
            case VALUE_STRING -> DataType.STRING;
            default -> DataType.JSON;
        };
    }

    /** A type holding values of both: integers and decimals as DOUBLE, nested as JSON, other mixes as STRING. */
    static DataType merge(DataType a, DataType b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.kind() == DataType.Kind.JSON || b.kind() == DataType.Kind.JSON) {
            return DataType.JSON;
        }
        boolean numbers = (a.isIntegral() || a.kind() == DataType.Kind.DOUBLE) && (b.isIntegral() || b.kind() == DataType.Kind.DOUBLE);
        return numbers ? DataType.DOUBLE : DataType.STRING;
    }
}

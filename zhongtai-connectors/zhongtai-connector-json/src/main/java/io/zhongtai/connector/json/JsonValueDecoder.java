package io.zhongtai.connector.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decodes one message payload, a JSON object, straight into the value columns of a {@link ColumnBatch} row with
 * Jackson's streaming parser. Fields that are not columns are skipped, or reported by {@link #newFields()}.
 */
final class JsonValueDecoder {
    private static final int SHOWN_VALUE_CHARS = 60;

    private final List<Column> columns;
    private final int firstColumn;
    private final Map<String, Integer> index = new HashMap<>();
    private final Set<String> reserved;
    private final boolean collectNewFields;
    private final List<Column> newFields = new ArrayList<>();

    /** {@code columns} are the value columns, at {@code firstColumn} and after in the batch. */
    JsonValueDecoder(List<Column> columns, int firstColumn, Set<String> reserved, boolean collectNewFields) {
        this.columns = List.copyOf(columns);
        this.firstColumn = firstColumn;
        this.reserved = reserved;
        this.collectNewFields = collectNewFields;
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
    }

    /**
     * Fills the current row's value columns from {@code payload} (null, a tombstone, leaves them null). Returns null
     * when the payload fits, else why it cannot be a row. Fields that are no column yet are in {@link #newFields()}
     * afterwards; the row is then incomplete.
     */
    String decode(byte[] payload, ColumnBatch.Builder row) {
        newFields.clear();
        if (payload == null) {
            return null;
        }
        try (JsonParser p = JsonColumns.FACTORY.createParser(payload)) {
            JsonToken token = p.nextToken();
            if (token == null) {
                return "Empty message: expected a JSON object";
            }
            if (token != JsonToken.START_OBJECT) {
                return "Expected a JSON object but the message is " + shown(p, token) + " at " + where(p.currentTokenLocation());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                Integer column = index.get(name);
                if (column == null) {
                    if (collectNewFields && value != JsonToken.VALUE_NULL && !reserved.contains(name) && isNew(name)) {
                        newFields.add(Column.of(name, JsonColumns.inferredType(value)));
                    }
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    row.setNull(firstColumn + column);
                    continue;
                }
                String problem = set(p, value, payload, columns.get(column).type(), firstColumn + column, row);
                if (problem != null) {
                    // Values with a problem are scalars, so the parser is still at the value.
                    return "Field '" + name + "' " + problem + " at " + where(p.currentTokenLocation());
                }
            }
            if (p.nextToken() != null) {
                return "Unexpected content after the JSON object at " + where(p.currentTokenLocation());
            }
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = String.valueOf(e.getOriginalMessage());
            int newline = message.indexOf('\n');
            return "Malformed JSON" + (at == null ? "" : " at " + where(at)) + ": " + (newline < 0 ? message : message.substring(0, newline));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a message held in memory", e);
        }
    }

    private boolean isNew(String name) {
        for (Column c : newFields) {
            if (c.name().equals(name)) {
                return false;
            }
        }
        return true;
    }

    List<Column> newFields() {
        return newFields;
    }

    private static String where(JsonLocation at) {
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Sets one non-null value; returns null or what is wrong with it. */
    private static String set(JsonParser p, JsonToken value, byte[] payload, DataType type, int c, ColumnBatch.Builder row)
            throws IOException {
        switch (type.kind()) {
            case BOOLEAN -> {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    return mismatch(p, value, type);
                }
                row.setBoolean(c, value == JsonToken.VALUE_TRUE);
            }
            case SMALLINT, INTEGER, BIGINT -> {
                if (value != JsonToken.VALUE_NUMBER_INT) {
                    return mismatch(p, value, type);
                }
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return "value " + p.getText() + " is out of range for " + type.sqlName();
                }
                long v = p.getLongValue();
                long max = type.kind() == DataType.Kind.SMALLINT ? Short.MAX_VALUE : type.kind() == DataType.Kind.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
                long min = type.kind() == DataType.Kind.SMALLINT ? Short.MIN_VALUE : type.kind() == DataType.Kind.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
                if (v < min || v > max) {
                    return "value " + v + " is out of range for " + type.sqlName();
                }
                row.setLong(c, v);
            }
            case FLOAT, DOUBLE -> {
                if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                    return mismatch(p, value, type);
                }
                row.setDouble(c, p.getDoubleValue());
            }
            case DECIMAL -> {
                BigDecimal v;
                if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                    v = p.getDecimalValue();
                } else if (value == JsonToken.VALUE_STRING) {
                    try {
                        v = new BigDecimal(p.getText().trim());
                    } catch (NumberFormatException e) {
                        return mismatch(p, value, type);
                    }
                } else {
                    return mismatch(p, value, type);
                }
                try {
                    v = v.setScale(type.scale(), RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    return "value " + v.toPlainString() + " has more than " + type.scale() + " decimal places for " + type.sqlName();
                }
                if (v.precision() > type.precision()) {
                    return "value " + v.toPlainString() + " is out of range for " + type.sqlName();
                }
                row.set(c, v);
            }
            case STRING -> row.set(c, value.isScalarValue() ? p.getText() : rawText(p, payload));
            case JSON -> row.set(c, jsonText(p, value, payload));
            case BINARY -> {
                if (value != JsonToken.VALUE_STRING) {
                    return mismatch(p, value, type);
                }
                try {
                    row.set(c, p.getBinaryValue());
                } catch (JsonProcessingException e) {
                    return "expects base64 text for " + type.sqlName() + " but got " + shown(p, value);
                }
            }
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID -> {
                Object v = temporalOrUuid(p, value, type);
                if (v == null) {
                    return mismatch(p, value, type);
                }
                row.set(c, v);
            }
            case LIST -> row.set(c, jsonText(p, value, payload));
        }
        return null;
    }

    /** Values from ISO-8601 text; timestamps also from epoch milliseconds. Null when the value does not parse. */
    private static Object temporalOrUuid(JsonParser p, JsonToken value, DataType type) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && (type.kind() == DataType.Kind.TIMESTAMP_TZ || type.kind() == DataType.Kind.TIMESTAMP)) {
            Instant instant = Instant.ofEpochMilli(p.getLongValue());
            return type.kind() == DataType.Kind.TIMESTAMP_TZ ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String text = p.getText().trim();
        try {
            return switch (type.kind()) {
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> IsoDateTimes.localDateTime(isoT(text));
                case TIMESTAMP_TZ -> IsoDateTimes.offsetDateTime(isoT(text));
                default -> UUID.fromString(text);
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Accepts the SQL form {@code 2024-05-01 10:00:00} too. */
    private static String isoT(String text) {
        return text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    }

    private static String jsonText(JsonParser p, JsonToken value, byte[] payload) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(p.getText())) + '"';
        }
        return value.isScalarValue() ? p.getText() : rawText(p, payload);
    }

    /** The object or array starting at the current token, exactly as it is in the payload. */
    private static String rawText(JsonParser p, byte[] payload) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentTokenLocation().getByteOffset() + 1;
        return new String(payload, start, end - start, StandardCharsets.UTF_8);
    }

    private static String mismatch(JsonParser p, JsonToken value, DataType type) throws IOException {
        return "expects " + type.sqlName() + " but got " + shown(p, value);
    }

    private static String shown(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
            default -> abbreviate(p.getText());
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= SHOWN_VALUE_CHARS ? text : text.substring(0, SHOWN_VALUE_CHARS) + "...";
    }
}

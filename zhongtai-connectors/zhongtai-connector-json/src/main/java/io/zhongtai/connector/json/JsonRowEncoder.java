package io.zhongtai.connector.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes rows as JSON objects, one per message: numbers as JSON numbers, JSON columns as nested values, binary as
 * base64, dates and times as ISO-8601 text. Not thread-safe (one per writer).
 */
public final class JsonRowEncoder {
    private final List<Column> columns;
    private final int[] allColumns;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(256);

    public JsonRowEncoder(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.allColumns = IntStream.range(0, columns.size()).toArray();
    }

    /** Row {@code row} of {@code batch} (whose columns are this encoder's) as a UTF-8 JSON object. */
    public byte[] encode(ColumnBatch batch, int row) {
        return object(batch, row, allColumns, "row");
    }

    /**
     * The message key of a row: null without key columns, the value's text for one key column (null stays null),
     * else a JSON object of the key columns.
     */
    public byte[] key(ColumnBatch batch, int row, int[] keyColumns) {
        if (keyColumns.length == 0) {
            return null;
        }
        if (keyColumns.length == 1) {
            Object value = batch.get(keyColumns[0], row);
            return value == null ? null : text(value).getBytes(StandardCharsets.UTF_8);
        }
        return object(batch, row, keyColumns, "the key of row");
    }

    /** A JSON object of the {@code fields} (column indexes) of one row; {@code what} names it in errors ("row", "the key of row"). */
    private byte[] object(ColumnBatch batch, int row, int[] fields, String what) {
        buffer.reset();
        try (JsonGenerator g = JsonColumns.FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            for (int c : fields) {
                g.writeFieldName(columns.get(c).name());
                writeValue(g, batch, c, row);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + what + " " + row + " as JSON", e);
        }
        return buffer.toByteArray();
    }

    /** Indexes of {@code names} among the columns; IllegalArgumentException naming a missing one. */
    public int[] indexes(List<String> names) {
        List<String> known = columns.stream().map(Column::name).toList();
        int[] out = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            out[i] = known.indexOf(names.get(i));
            if (out[i] < 0) {
                throw new IllegalArgumentException("Key column '" + names.get(i) + "' is not among the columns " + known);
            }
        }
        return out;
    }

    private static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : value instanceof byte[] b
                ? Base64.getEncoder().encodeToString(b) : value.toString();
    }

    private void writeValue(JsonGenerator g, ColumnBatch batch, int c, int row) throws IOException {
        if (batch.isNull(c, row)) {
            g.writeNull();
            return;
        }
        DataType type = columns.get(c).type();
        switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> g.writeNumber(batch.getLong(c, row));
            case FLOAT, DOUBLE -> g.writeNumber(batch.getDouble(c, row));
            case BOOLEAN -> g.writeBoolean(batch.getBoolean(c, row));
            case JSON -> g.writeRawValue(batch.get(c, row).toString());
            default -> writeObject(g, batch.get(c, row));
        }
    }

    private static void writeObject(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                writeObject(g, element);
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }
}

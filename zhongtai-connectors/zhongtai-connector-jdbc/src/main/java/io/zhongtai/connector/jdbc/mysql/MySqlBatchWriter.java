package io.zhongtai.connector.jdbc.mysql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.connector.jdbc.JdbcWriter;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Exports with batched INSERTs ({@code write-batch-rows} rows per round trip); UPSERT adds
 * {@code ON DUPLICATE KEY UPDATE}. Instants are written as UTC date-times, lists as JSON arrays.
 */
final class MySqlBatchWriter extends JdbcWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PreparedStatement insert;
    private final int batchRows;

    MySqlBatchWriter(MySqlConnector connector, Connection connection, TableId target, List<Column> columns, WriteMode mode,
                     List<String> keyColumns) throws SQLException {
        super(connector, connection, target, columns, mode, keyColumns);
        String names = columns.stream().map(c -> connector.quote(c.name())).collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + connector.qualified(target) + " (" + names + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        if (mode == WriteMode.UPSERT) {
            List<String> updates = columns.stream().map(Column::name).filter(n -> !keyColumns.contains(n))
                    .map(n -> connector.quote(n) + " = VALUES(" + connector.quote(n) + ")").toList();
            // With nothing but keys, "updating" a key to itself keeps the row as it is.
            String key = connector.quote(keyColumns.get(0));
            sql += " ON DUPLICATE KEY UPDATE " + (updates.isEmpty() ? key + " = " + key : String.join(", ", updates));
        }
        this.insert = connection.prepareStatement(sql);
        this.batchRows = connector.settings().writeBatchRows();
    }

    @Override
    protected void load(ColumnBatch batch) throws SQLException {
        int pending = 0;
        for (int r = 0; r < batch.rowCount(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                Object value = batch.get(c, r);
                try {
                    bind(c + 1, value, columns.get(c).type());
                }
                catch (ClassCastException | IllegalArgumentException | JsonProcessingException e) {
                    throw invalidValue(c, r, value, "not a " + columns.get(c).type().sqlName() + " value ("
                            + value.getClass().getSimpleName() + ")");
                }
            }
            insert.addBatch();
            if (++pending == batchRows) {
                insert.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            insert.executeBatch();
        }
    }

    private void bind(int index, Object value, DataType type) throws SQLException, JsonProcessingException {
        if (value == null) {
            insert.setObject(index, null);
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> insert.setBoolean(index, (Boolean) value);
            case SMALLINT, INTEGER, BIGINT -> insert.setLong(index, ((Number) value).longValue());
            case FLOAT -> insert.setFloat(index, ((Number) value).floatValue());
            case DOUBLE -> insert.setDouble(index, ((Number) value).doubleValue());
            case DECIMAL -> insert.setBigDecimal(index, (BigDecimal) value);
            case STRING, JSON -> insert.setString(index, (String) value);
            case BINARY -> insert.setBytes(index, (byte[]) value);
            case DATE -> insert.setObject(index, (LocalDate) value);
            case TIME -> insert.setObject(index, (LocalTime) value);
            case TIMESTAMP -> insert.setObject(index, (LocalDateTime) value);
            case TIMESTAMP_TZ -> insert.setObject(index, LocalDateTime.ofInstant(
                    value instanceof Instant i ? i : ((OffsetDateTime) value).toInstant(), ZoneOffset.UTC));
            case UUID -> insert.setString(index, value instanceof UUID u ? u.toString() : UUID.fromString((String) value).toString());
            case LIST -> insert.setString(index, JSON.writeValueAsString(((List<?>) value).stream()
                    .map(e -> e == null || e instanceof Number || e instanceof Boolean || e instanceof String ? e : e.toString())
                    .toList()));
        }
    }

    @Override
    public void close() {
        try {
            insert.close();
        }
        catch (SQLException e) {
            // The connection is closed next.
        }
        super.close();
    }
}

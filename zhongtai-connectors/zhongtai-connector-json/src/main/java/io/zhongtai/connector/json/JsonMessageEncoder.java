package io.zhongtai.connector.json;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The rows of a writer's batches as messages: each row's JSON object is the value, its key columns make the key (see
 * {@link JsonRowEncoder#key}). Not thread-safe (one per writer).
 */
public final class JsonMessageEncoder {
    /** Hands one message to the client; may fail as the client does. */
    public interface Sender {
        void send(byte[] key, byte[] value) throws Exception;
    }

    private final String writer;
    private final List<Column> columns;
    private final JsonRowEncoder encoder;
    private final int[] keyColumns;

    /**
     * @param writer the writer, for messages about wrong batches (e.g. "Kafka writer")
     * @param target what is written to, for messages (e.g. "topic 'orders'"); a key column that is not among the
     *               columns is INVALID_DATA naming it
     */
    public JsonMessageEncoder(String writer, String target, List<Column> columns, List<String> keyColumns) {
        this.writer = requireNonNull(writer, "writer is null");
        this.columns = List.copyOf(columns);
        this.encoder = new JsonRowEncoder(columns);
        try {
            this.keyColumns = encoder.indexes(keyColumns);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot write to " + target + ": " + e.getMessage());
        }
    }

    /** {@code batch} as the column batch of this writer's columns; IllegalArgumentException when it is not. */
    public ColumnBatch rows(Batch batch) {
        if (!(batch instanceof ColumnBatch rows)) {
            throw new IllegalArgumentException("The " + writer + " takes column batches, not " + batch.getClass().getSimpleName());
        }
        if (!rows.columns().equals(columns)) {
            throw new IllegalArgumentException("Batch columns " + rows.columns() + " differ from the writer's " + columns);
        }
        return rows;
    }

    /** Sends every row of {@code rows} (from {@link #rows}) as one message, in order. */
    public void send(ColumnBatch rows, Sender sender) throws Exception {
        for (int r = 0; r < rows.rowCount(); r++) {
            sender.send(encoder.key(rows, r, keyColumns), encoder.encode(rows, r));
        }
    }
}

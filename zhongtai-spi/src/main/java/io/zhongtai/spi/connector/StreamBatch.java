package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.ColumnBatch;

import java.util.List;
import java.util.Map;

/**
 * Rows decoded from messages, the messages that could not be decoded (for the dead-letter table), and the
 * stream position after this batch. The position is stored with the lakehouse commit and passed back to
 * {@link Connector#openStream} on restart (e.g. Kafka {@code partition -> next offset}).
 */
public record StreamBatch(ColumnBatch rows, List<DeadLetter> deadLetters, Map<String, String> position, Object ackHandle) {
    public StreamBatch {
        deadLetters = List.copyOf(deadLetters);
        position = Map.copyOf(position);
    }

    public boolean isEmpty() {
        return rows.rowCount() == 0 && deadLetters.isEmpty();
    }

    /** A message that could not be turned into a row: where it came from, why, and its raw payload. */
    public record DeadLetter(String origin, String reason, String payload) {
    }
}

package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.Column;

import java.time.Duration;
import java.util.List;

/**
 * An unbounded stream of messages (a Kafka topic, a RabbitMQ queue). The platform polls, commits the rows to
 * the lakehouse with the batch's position, then calls {@link #acknowledge}; nothing may be acknowledged to
 * the source before that, so a crash re-delivers instead of losing.
 */
public interface MessageStream extends AutoCloseable {
    /** The columns every batch has. */
    List<Column> columns();

    /** Waits up to {@code timeout} for up to {@code maxRecords}; the batch may be empty, never null. */
    StreamBatch poll(Duration timeout, int maxRecords);

    /** Called once the batch (and every one before it) is committed. */
    void acknowledge(StreamBatch batch);

    @Override
    void close();
}

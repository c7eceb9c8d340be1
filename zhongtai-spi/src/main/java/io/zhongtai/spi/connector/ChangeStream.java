package io.zhongtai.spi.connector;

import java.time.Duration;
import java.util.Comparator;

/**
 * Change data capture: first a consistent snapshot of the tables, then their changes. The platform commits
 * each table with the batch's offset in the same Iceberg commit, then calls {@link #committed}; on restart it
 * passes the oldest committed offset to {@link Connector#openChangeStream} and skips, per table, changes at or
 * before that table's own stored offset (compared with {@link #offsetOrder()}).
 */
public interface ChangeStream extends AutoCloseable {
    /** Waits up to {@code timeout}; the batch may be empty, never null. */
    ChangeBatch poll(Duration timeout);

    /** Every change up to and including {@code offset} is durable in the lakehouse. */
    void committed(String offset);

    /** Orders offsets of this connector. */
    Comparator<String> offsetOrder();

    @Override
    void close();
}

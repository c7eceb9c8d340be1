package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.Batch;

/**
 * Writes an export into a target. Nothing written is visible before {@link #commit()} where the target
 * supports transactions (databases) or atomic renames (files); {@link #close()} without commit aborts.
 */
public interface BatchWriter extends AutoCloseable {
    void write(Batch batch);

    /** Makes everything written visible; returns the number of rows written. */
    long commit();

    @Override
    void close();
}

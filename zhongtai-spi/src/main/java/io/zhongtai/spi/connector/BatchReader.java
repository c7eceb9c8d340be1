package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.Batch;

/** Reads one split batch by batch. */
public interface BatchReader extends AutoCloseable {
    /** The next batch, or null when the split is exhausted. */
    Batch next();

    @Override
    void close();
}

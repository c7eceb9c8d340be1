package io.zhongtai.spi.connector;

/** How an export treats the rows already in the target. */
public enum WriteMode {
    /** Add rows. */
    APPEND,
    /** Replace every row (atomically where the target allows). */
    OVERWRITE,
    /** Insert new keys, update existing ones. */
    UPSERT
}

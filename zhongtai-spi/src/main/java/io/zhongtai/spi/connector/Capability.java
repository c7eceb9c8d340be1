package io.zhongtai.spi.connector;

/** What a connector can do beyond the basics; callers check before using the matching methods. */
public enum Capability {
    /** listNamespaces / listTables / describe. */
    BROWSE,
    /** planSplits / openReader: bounded reads of a table. */
    BATCH_READ,
    /** planSplits returns more than one split for large tables (primary-key ranges, files). */
    PARALLEL_SPLITS,
    /** openReader honours {@link ReadSpec#cursor()} and {@link Connector#maxCursorValue} works. */
    INCREMENTAL,
    /** openStream: unbounded messages acknowledged after the platform's commit. */
    STREAM,
    /** openChangeStream: snapshot then change data capture. */
    CDC,
    /** openWriter: exports into the source. */
    WRITE
}

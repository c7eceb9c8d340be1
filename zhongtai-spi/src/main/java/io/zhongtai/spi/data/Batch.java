package io.zhongtai.spi.data;

/**
 * A chunk of rows a reader hands to the platform or the platform hands to a writer: either columns in
 * memory ({@link ColumnBatch}) or a local file in a format the lakehouse engine reads natively
 * ({@link FileBatch}; the fast path for bulk reads such as PostgreSQL COPY and file sources).
 */
public sealed interface Batch permits ColumnBatch, FileBatch {
    /** The columns, in the order the values are laid out. */
    java.util.List<Column> columns();
}

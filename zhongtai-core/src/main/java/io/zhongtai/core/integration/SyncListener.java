package io.zhongtai.core.integration;

/** Progress of a running sync, for progress bars and logs. Called from reader threads: implementations are thread-safe. */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {
    };

    /** A table's sync started; {@code estimatedRows} is -1 when unknown. */
    default void tableStarted(String sourceTable, String targetTable, long estimatedRows) {
    }

    /** {@code rows} more rows were read. */
    default void rowsRead(long rows) {
    }

    /** A commit landed. */
    default void committed(String targetTable, long rows, long snapshotId) {
    }
}

package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;

import java.time.Duration;
import java.util.List;

/** What a sync did, per table. {@code status} is succeeded, failed or stopped. */
public record SyncResult(String runId, String source, SyncMode mode, String status, long rows, Duration duration,
                         List<TableResult> tables) {
    /**
     * One source table: where it landed, rows read, the commit made (null: nothing new), and the error and its kind
     * if it failed.
     */
    public record TableResult(String sourceTable, String targetTable, long rows, long deleted, long deadLetters,
                              Long snapshotId, String position, String status, String error, ZhongtaiException.Kind errorKind) {
    }

    public boolean succeeded() {
        return status.equals("succeeded");
    }
}

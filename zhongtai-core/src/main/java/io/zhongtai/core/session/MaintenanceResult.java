package io.zhongtai.core.session;

/** The outcome of a table maintenance action (tag, rollback, expire, compact, clean). */
public record MaintenanceResult(String table, String action, String summary, long filesRemoved, long filesAdded,
                                long bytesRemoved, Long snapshotId) {
}

package io.zhongtai.core.load;

import java.time.Duration;
import java.util.List;

/** What a load did: rows and bytes committed in one snapshot, and the rows it skipped. */
public record LoadResult(String table, int files, long rows, long bytes, long rejectedRows, List<RejectedRow> rejected,
                         Long snapshotId, boolean tableCreated, Duration duration) {
    /** A malformed input row: where it is and why it was rejected. */
    public record RejectedRow(String file, long line, String column, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + (column == null ? "" : " (column " + column + ")") + ": " + reason;
        }
    }
}

package io.zhongtai.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One snapshot in a table's history; {@code refs} are the tags and branches pointing at it. */
public record SnapshotInfo(long snapshotId, Long parentId, Instant committedAt, String operation, boolean current,
                           List<String> refs, Map<String, String> summary) {
}

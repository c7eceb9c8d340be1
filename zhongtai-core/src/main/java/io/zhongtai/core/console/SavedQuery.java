package io.zhongtai.core.console;

import java.time.Instant;

/**
 * A named SQL query kept for the console, optionally with the chart that shows its result. Every caller may read it;
 * only its {@code owner} (a principal, e.g. {@code token:alice}) may change or delete it.
 */
public record SavedQuery(String id, String name, String sql, String namespace, Chart chart, String owner, Instant createdAt,
                         Instant updatedAt) {
    /** The fields a caller writes; {@code namespace} null means ods, {@code chart} null shows a plain table. */
    public record Draft(String name, String sql, String namespace, Chart chart) {
    }
}

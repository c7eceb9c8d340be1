package io.zhongtai.pipeline.quality;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one rule.
 *
 * @param rule        the rule's name
 * @param type        the rule's type as written in YAML, e.g. {@code not_null}
 * @param failingRows rows that break the rule; 0 for rules about the whole table (row_count, row_count_change, freshness)
 * @param observed    what was measured, e.g. {@code row_count=0} or {@code newest=2026-11-20T08:00:00Z}
 * @param message     the outcome in words
 */
public record RuleResult(String rule, String type, Severity severity, boolean passed, long failingRows,
                         String observed, String message) {
    public RuleResult {
        requireNonNull(rule, "rule is null");
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(observed, "observed is null");
        requireNonNull(message, "message is null");
    }
}

package io.zhongtai.pipeline.quality;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The results of one quality run, in the order the rules were given. */
public record QualityReport(List<RuleResult> results) {
    public QualityReport {
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    /** Passed rules divided by all rules; 1.0 when there are no rules. */
    public double score() {
        if (results.isEmpty()) {
            return 1.0;
        }
        return (double) results.stream().filter(RuleResult::passed).count() / results.size();
    }

    /** Whether the data may be published: no rule of severity BLOCK failed. */
    public boolean passed() {
        return results.stream().allMatch(r -> r.passed() || r.severity() == Severity.WARN);
    }
}

package io.zhongtai.pipeline.spec;

import java.time.Duration;

/**
 * How a node runs: attempts after a failure, the first wait between them (doubling each time), how long one attempt
 * may take, and how many of a run's parallel node slots it occupies (a heavy node given all of them runs alone).
 */
public record NodeSettings(int retries, Duration retryDelay, Duration timeout, int slots) {
    /** Parallel node slots of a run. */
    public static final int MAX_SLOTS = 4;
    public static final NodeSettings DEFAULTS = new NodeSettings(0, Duration.ofSeconds(30), Duration.ofHours(1), 1);

    /** The delay before retry {@code attempt} (1-based): retryDelay, doubling, at most 10 minutes. */
    public Duration delayBefore(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = retryDelay.multipliedBy(factor);
        Duration cap = Duration.ofMinutes(10);
        return d.compareTo(cap) > 0 ? cap : d;
    }
}

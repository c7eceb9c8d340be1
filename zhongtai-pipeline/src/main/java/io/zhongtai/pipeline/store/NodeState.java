package io.zhongtai.pipeline.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A node in a run: pending → running → succeeded | failed; skipped when an upstream node failed (or, in a rerun,
 * when it had succeeded before and is not rerun); cancelled when the run was stopped or timed out first.
 */
public enum NodeState {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean finished() {
        return this != PENDING && this != RUNNING;
    }

    /** The lower-case name, as CLI, REST and the metadata store spell it. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NodeState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}

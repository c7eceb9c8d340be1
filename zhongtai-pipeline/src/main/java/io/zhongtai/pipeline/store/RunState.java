package io.zhongtai.pipeline.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A pipeline run: queued → running → succeeded | failed | cancelled (a queued run may be cancelled too). */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name, as CLI, REST and the metadata store spell it. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}

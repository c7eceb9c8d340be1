package io.zhongtai.pipeline.store;

import java.util.Locale;

/** A pipeline run: queued → running → succeeded | failed | cancelled (a queued run may be cancelled too). */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}

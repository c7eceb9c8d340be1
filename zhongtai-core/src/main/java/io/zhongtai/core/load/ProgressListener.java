package io.zhongtai.core.load;

/** Receives progress of long-running work, e.g. to draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is happening, e.g. "reading", "writing", "committing"
     * @param done  work done so far (percent when {@code total} is 100)
     * @param total total work, or -1 when unknown
     */
    void progress(String stage, long done, long total);
}

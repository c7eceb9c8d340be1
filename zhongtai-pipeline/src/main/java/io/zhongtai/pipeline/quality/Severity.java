package io.zhongtai.pipeline.quality;

/** What a failed rule does: BLOCK keeps the data from being published, WARN only reports. */
public enum Severity {
    BLOCK,
    WARN
}

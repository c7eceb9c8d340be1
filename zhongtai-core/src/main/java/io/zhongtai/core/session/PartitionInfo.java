package io.zhongtai.core.session;

/** One partition of a table's current snapshot, e.g. {@code region=east/ts_day=2024-01-02}. */
public record PartitionInfo(String partition, long files, long rows, long bytes) {
}

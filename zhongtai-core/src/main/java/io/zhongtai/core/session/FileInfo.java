package io.zhongtai.core.session;

/** One data file of a table's current snapshot. */
public record FileInfo(String path, String partition, long rows, long bytes) {
}

package io.zhongtai.core.session;

import java.util.List;

/**
 * A table's columns and size read from its metadata alone: {@code rows} and {@code bytes} are the current snapshot's
 * summary totals (0 without a snapshot), so no manifest or data file is read.
 */
public record TableSummary(String namespace, String table, List<TableInfo.ColumnInfo> columns, long rows, long bytes) {
}

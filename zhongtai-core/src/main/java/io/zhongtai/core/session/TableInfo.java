package io.zhongtai.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a table is: schema, partitioning, properties and size at its current snapshot, and its owner, description and
 * tags (see {@link TableDescription}; null and empty when not set).
 */
public record TableInfo(String name, String location, int formatVersion, List<ColumnInfo> columns, List<String> partitionBy,
                        Map<String, String> properties, Long currentSnapshotId, int snapshots, long dataFiles, long rows,
                        long bytes, Instant lastUpdated, String owner, String description, List<String> tags) {
    /** One column; {@code type} is the SQL (DuckDB) type name. */
    public record ColumnInfo(int fieldId, String name, String type, boolean nullable, String comment) {
    }
}

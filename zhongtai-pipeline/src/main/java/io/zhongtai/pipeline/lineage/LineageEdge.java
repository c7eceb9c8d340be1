package io.zhongtai.pipeline.lineage;

/**
 * One edge of the lineage graph, from where data comes to where it goes. Tables are {@code ns.table} for lakehouse
 * tables and {@code source:<name>/<table>} for tables of registered sources (sync inputs, export targets).
 * Columns are empty for table-level edges.
 *
 * @param kind {@code direct} (the value is computed from the source column), {@code indirect} (the source column
 *             decides which rows there are: filters, joins, grouping) or {@code table} (a table-level edge)
 */
public record LineageEdge(String pipeline, String node, String sourceTable, String sourceColumn, String targetTable,
                          String targetColumn, String kind) {
    public static final String DIRECT = "direct";
    public static final String INDIRECT = "indirect";
    public static final String TABLE = "table";

    /** The source side as {@code table.column}, or the table for table-level edges. */
    public String source() {
        return sourceColumn.isEmpty() ? sourceTable : sourceTable + "." + sourceColumn;
    }

    /** The target side as {@code table.column}, or the table for table-level edges. */
    public String target() {
        return targetColumn.isEmpty() ? targetTable : targetTable + "." + targetColumn;
    }
}

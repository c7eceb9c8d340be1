package io.zhongtai.spi.connector;

import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.TableSchema;

import java.util.List;

/**
 * Changes captured since the previous batch, per table, and the source offset just after the last of them.
 */
public record ChangeBatch(List<TableChanges> tables, String offset) {
    /** Name of the operation column every {@link TableChanges#rows()} batch ends with. */
    public static final String OP_COLUMN = "_op";
    /** Operation values: a snapshot read, an insert, an update, a delete (delete rows carry at least the key). */
    public static final String READ = "r";
    public static final String INSERT = "c";
    public static final String UPDATE = "u";
    public static final String DELETE = "d";

    public ChangeBatch {
        tables = List.copyOf(tables);
    }

    public boolean isEmpty() {
        return tables.stream().allMatch(t -> t.rows().rowCount() == 0);
    }

    /**
     * Changes of one table in the order they happened. {@code schema} is the table's schema as of these
     * changes (it may have drifted since the previous batch); {@code rows} has the schema's columns followed by
     * {@link #OP_COLUMN}.
     */
    public record TableChanges(TableSchema schema, ColumnBatch rows) {
    }
}

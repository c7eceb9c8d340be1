package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.lakehouse.TableName;

import static java.util.Objects.requireNonNull;

/** A column of a lakehouse table, named as the table's schema names it. */
public record ColumnRef(TableName table, String column) {
    public ColumnRef {
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}

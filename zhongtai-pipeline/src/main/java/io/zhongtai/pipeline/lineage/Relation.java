package io.zhongtai.pipeline.lineage;

import io.zhongtai.core.lakehouse.TableName;

import java.util.List;

/**
 * A FROM item as column references can qualify it.
 *
 * @param name    the alias, else the implicit name (table, CTE or table function name); null for an unaliased subquery
 * @param table   the lakehouse table when it is referenced without an alias (so {@code ns.table.column} names its
 *                columns), else null
 * @param columns its columns in order
 */
record Relation(String name, TableName table, List<Column> columns) {
    Relation {
        columns = List.copyOf(columns);
    }

    boolean isNamed(String qualifier) {
        return name != null && name.equalsIgnoreCase(qualifier);
    }

    boolean isTable(String namespace, String tableName) {
        return table != null && table.namespace().equalsIgnoreCase(namespace) && table.table().equalsIgnoreCase(tableName);
    }

    /** The first column named {@code column} (any case), or null. */
    Column column(String column) {
        return columns.stream().filter(c -> c.isNamed(column)).findFirst().orElse(null);
    }
}

package io.zhongtai.spi.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The columns and primary key of a source table. */
public record TableSchema(TableId table, List<Column> columns, List<String> primaryKey) {
    public TableSchema {
        Objects.requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey == null ? List.of() : primaryKey);
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException("Primary key column not in table " + table + ": " + key);
            }
        }
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}

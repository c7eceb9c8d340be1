package io.zhongtai.connector.message;

import io.zhongtai.connector.json.JsonColumns;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Topics and queues as tables: one flat list without namespaces, named as the broker names them (dots included), whose
 * columns are the source's metadata columns first, then the fields of the messages' JSON values.
 */
public final class MessageTables {
    private MessageTables() {
    }

    /** The topic or queue {@code table} names: {@link TableId#parse} splits a dotted name into namespace and name, this joins them back. */
    public static String name(TableId table) {
        return table.toString();
    }

    /** {@code names}, sorted, as the tables of the one (empty) namespace; other namespaces have none (and ask for no names). */
    public static List<TableId> list(String namespace, Supplier<? extends Collection<String>> names) {
        if (!namespace.isEmpty()) {
            return List.of();
        }
        return names.get().stream().sorted().map(name -> new TableId("", name)).toList();
    }

    /** Value columns inferred from sample values; fields named like a metadata column are left out. */
    public static List<Column> inferValueColumns(Iterable<byte[]> sample, List<Column> metadataColumns) {
        Set<String> reserved = metadataColumns.stream().map(Column::name).collect(Collectors.toSet());
        return JsonColumns.infer(sample, reserved);
    }

    /** {@code metadataColumns}, then {@code valueColumns}; no primary key. */
    public static TableSchema schema(TableId table, List<Column> metadataColumns, List<Column> valueColumns) {
        List<Column> columns = new ArrayList<>(metadataColumns);
        columns.addAll(valueColumns);
        return new TableSchema(table, columns, List.of());
    }
}

package io.zhongtai.core.integration;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The lakehouse table a source table syncs into, opened for one commit: a transaction that creates the table or
 * follows the source's schema drift (new columns added, widened types followed) together with the data, so a
 * table never shows a schema change without its rows. An incompatible change fails before anything is written.
 */
final class TargetTable {
    /** Snapshot summary key holding the sync position (high-water mark, stream offsets, CDC offset). */
    static final String POSITION_PROPERTY = "zhongtai.sync.position";
    static final String SOURCE_PROPERTY = "zhongtai.sync.source";
    static final String PRIMARY_KEY_PROPERTY = "zhongtai.primary-key";

    private final TableName name;
    private final Transaction transaction;
    private final Table committed;
    private final Snapshot base;
    private final boolean created;

    private TargetTable(TableName name, Transaction transaction, Table committed, boolean created) {
        this.name = name;
        this.transaction = transaction;
        this.committed = committed;
        this.base = committed == null ? null : committed.currentSnapshot();
        this.created = created;
    }

    /** {@code ods.<source>_<table>}, lower-cased, other characters turned into '_'. */
    static TableName nameFor(String namespace, String source, String sourceTable) {
        String cleaned = (source + "_" + sourceTable).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return new TableName(namespace, cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned);
    }

    /** The position stored with the table's current snapshot, if any. */
    static Optional<String> storedPosition(Lakehouse lakehouse, TableName name) {
        if (!lakehouse.tableExists(name)) {
            return Optional.empty();
        }
        Snapshot current = lakehouse.table(name).currentSnapshot();
        return current == null ? Optional.empty() : Optional.ofNullable(current.summary().get(POSITION_PROPERTY));
    }

    /**
     * Opens {@code name} for a commit with {@code columns}: creates it when missing, else checks the columns
     * against the table and stages the schema changes drift needs.
     */
    static TargetTable open(Lakehouse lakehouse, TableName name, List<Column> columns, List<String> primaryKey) {
        if (!lakehouse.tableExists(name)) {
            if (!lakehouse.namespaceExists(name.namespace())) {
                lakehouse.createNamespace(name.namespace(), true);
            }
            List<TypeMapping.Column> duck = columns.stream()
                    .map(c -> new TypeMapping.Column(c.name(), c.type().sqlName(), !primaryKey.contains(c.name())))
                    .toList();
            Schema schema = withIdentifiers(TypeMapping.toSchema(duck), primaryKey);
            Map<String, String> properties = new HashMap<>();
            String jsonIds = TypeMapping.jsonColumnIds(duck, schema);
            if (!jsonIds.isEmpty()) {
                properties.put(Lakehouse.JSON_COLUMNS_PROPERTY, jsonIds);
            }
            if (!primaryKey.isEmpty()) {
                properties.put(PRIMARY_KEY_PROPERTY, String.join(",", primaryKey));
            }
            Transaction txn = lakehouse.newTableTransaction(name, schema, PartitionSpec.unpartitioned(), properties, false);
            return new TargetTable(name, txn, null, true);
        }
        Table table = lakehouse.table(name);
        Transaction txn = table.newTransaction();
        evolve(name, table, txn, columns);
        return new TargetTable(name, txn, table, false);
    }

    private static Schema withIdentifiers(Schema schema, List<String> primaryKey) {
        if (primaryKey.isEmpty()) {
            return schema;
        }
        Set<Integer> ids = primaryKey.stream().map(k -> schema.findField(k).fieldId()).collect(Collectors.toSet());
        return new Schema(schema.columns(), ids);
    }

    private static void evolve(TableName name, Table table, Transaction txn, List<Column> columns) {
        Schema schema = table.schema();
        Set<Integer> jsonIds = new LinkedHashSet<>(io.zhongtai.core.lakehouse.TableScan.jsonColumnIds(table));
        List<String> incompatible = new ArrayList<>();
        List<Column> added = new ArrayList<>();
        Map<String, Type> widened = new LinkedHashMap<>();
        for (Column c : columns) {
            Types.NestedField existing = schema.findField(c.name());
            Type wanted = TypeMapping.toIceberg(c.type().sqlName(), new AtomicInteger(1000), c.name());
            if (existing == null) {
                added.add(c);
            } else if (!existing.type().equals(wanted)) {
                if (TypeMapping.isWidening(existing.type(), wanted)) {
                    widened.put(c.name(), wanted);
                } else if (!TypeMapping.isWidening(wanted, existing.type()) && !fitsAsText(existing.type(), c.type())) {
                    incompatible.add(c.name() + " is " + TypeMapping.toDuck(existing.type(), jsonIds.contains(existing.fieldId()))
                            + " in the table but " + c.type().sqlName() + " in the source");
                }
            }
        }
        if (!incompatible.isEmpty()) {
            throw new ZhongtaiException(ZhongtaiException.Kind.CONFLICT, "Cannot sync into " + name
                    + ", the source's schema changed incompatibly: " + String.join("; ", incompatible)
                    + " (nothing was committed; recreate the table with a full sync into a new name, or drop it)");
        }
        if (!added.isEmpty() || !widened.isEmpty()) {
            UpdateSchema update = txn.updateSchema();
            added.forEach(c -> update.addColumn(c.name(), TypeMapping.toIceberg(c.type().sqlName(), new AtomicInteger(1000), c.name())));
            widened.forEach((column, type) -> update.updateColumn(column, type.asPrimitiveType()));
            update.commit();
            if (added.stream().anyMatch(c -> c.type().kind() == DataType.Kind.JSON)) {
                Schema evolved = txn.table().schema();
                added.stream().filter(c -> c.type().kind() == DataType.Kind.JSON)
                        .forEach(c -> jsonIds.add(evolved.findField(c.name()).fieldId()));
                txn.updateProperties().set(Lakehouse.JSON_COLUMNS_PROPERTY,
                        jsonIds.stream().map(String::valueOf).collect(Collectors.joining(","))).commit();
            }
        }
    }

    /** JSON and strings are both Iceberg strings. */
    private static boolean fitsAsText(Type existing, DataType source) {
        return existing.typeId() == Type.TypeID.STRING
                && (source.kind() == DataType.Kind.STRING || source.kind() == DataType.Kind.JSON);
    }

    TableName name() {
        return name;
    }

    /** The table as the transaction sees it (new schema included), for writing files. */
    Table table() {
        return transaction.table();
    }

    /** The table as committed before this transaction (null for a new table): what to plan scans of {@link #base()} on. */
    Table committedTable() {
        return committed;
    }

    /** The snapshot the commit builds on (null for a new or empty table). */
    Snapshot base() {
        return base;
    }

    boolean created() {
        return created;
    }

    Transaction transaction() {
        return transaction;
    }

    /** Commits schema changes and data together; returns the new current snapshot id (null if none). */
    Long commit() {
        transaction.commitTransaction();
        Snapshot current = transaction.table().currentSnapshot();
        return current == null ? null : current.snapshotId();
    }
}

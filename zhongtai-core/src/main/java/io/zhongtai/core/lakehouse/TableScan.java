package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns one snapshot of an Iceberg table into a DuckDB query over its Parquet files. Columns are
 * matched by Iceberg field id, so files written before a rename or an added column read correctly.
 */
public final class TableScan {
    private TableScan() {
    }

    /**
     * Local paths DuckDB can read for the data files of {@code snapshot} (null: the table is empty);
     * an S3 warehouse downloads files missing from its read cache. Refuses delete files, which DuckDB would ignore.
     */
    public static List<String> dataFiles(Warehouse warehouse, Table table, Snapshot snapshot) {
        return readablePaths(warehouse, table, planFiles(table, snapshot));
    }

    /** Local paths DuckDB can read for {@code files} of {@code table}. */
    public static List<String> readablePaths(Warehouse warehouse, Table table, List<org.apache.iceberg.DataFile> files) {
        return files.stream().map(f -> warehouse.readablePath(table, f.location())).toList();
    }

    /** The data files of {@code snapshot}, as Iceberg metadata (null snapshot: none). */
    public static List<org.apache.iceberg.DataFile> planFiles(Table table, Snapshot snapshot) {
        if (snapshot == null) {
            return List.of();
        }
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL,
                            "Cannot read table " + table.name() + ": it has row-level delete files, which Zhongtai does not read "
                                    + "(it writes copy-on-write); compact it with an engine that applies deletes", null, null);
                }
                files.add(task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A SELECT producing the snapshot's rows with the schema the snapshot was written with. */
    public static String selectSql(Warehouse warehouse, Table table, Snapshot snapshot) {
        Schema schema = snapshot == null ? table.schema() : schemaOf(table, snapshot);
        // A table whose schema never changed has the same column names in every file: read by name,
        // which keeps DuckDB's Parquet statistics for join planning (the field-id mapping hides them
        // and makes join-heavy queries about 2x slower).
        boolean byName = table.schemas().size() == 1;
        return selectSql(schema, jsonColumnIds(table), dataFiles(warehouse, table, snapshot), byName);
    }

    public static String selectSql(Schema schema, Set<Integer> jsonIds, List<String> files) {
        return selectSql(schema, jsonIds, files, false);
    }

    private static String selectSql(Schema schema, Set<Integer> jsonIds, List<String> files, boolean byName) {
        List<Types.NestedField> columns = schema.columns();
        if (files.isEmpty()) {
            return columns.stream()
                    .map(f -> "CAST(NULL AS " + TypeMapping.toDuck(f.type(), jsonIds.contains(f.fieldId())) + ") AS " + TypeMapping.quote(f.name()))
                    .collect(Collectors.joining(", ", "SELECT ", " WHERE false"));
        }
        String fileList = files.stream().map(TypeMapping::literal).collect(Collectors.joining(", ", "[", "]"));
        String schemaMap = columns.stream()
                .map(f -> f.fieldId() + ": {name: " + TypeMapping.literal(f.name()) + ", type: "
                        + TypeMapping.literal(TypeMapping.toDuck(f.type(), false)) + ", default_value: NULL}")
                .collect(Collectors.joining(", ", "MAP{", "}"));
        String projection = columns.stream()
                .map(f -> jsonIds.contains(f.fieldId())
                        ? "CAST(" + TypeMapping.quote(f.name()) + " AS JSON) AS " + TypeMapping.quote(f.name())
                        : TypeMapping.quote(f.name()))
                .collect(Collectors.joining(", "));
        return "SELECT " + projection + " FROM read_parquet(" + fileList + (byName ? "" : ", schema = " + schemaMap) + ")";
    }

    public static Schema schemaOf(Table table, Snapshot snapshot) {
        Integer schemaId = snapshot.schemaId();
        Schema s = schemaId == null ? null : table.schemas().get(schemaId);
        return s == null ? table.schema() : s;
    }

    public static Set<Integer> jsonColumnIds(Table table) {
        String ids = table.properties().getOrDefault(Lakehouse.JSON_COLUMNS_PROPERTY, "");
        Set<Integer> result = new HashSet<>();
        Arrays.stream(ids.split(",")).filter(s -> !s.isBlank()).forEach(s -> result.add(Integer.parseInt(s.trim())));
        return result;
    }

    /** Iceberg locations of a local warehouse are plain paths or file: URIs; DuckDB wants paths. Other locations are returned as they are. */
    public static String localPath(String location) {
        if (location.startsWith("file:")) {
            return java.nio.file.Path.of(java.net.URI.create(location)).toString();
        }
        return location;
    }
}

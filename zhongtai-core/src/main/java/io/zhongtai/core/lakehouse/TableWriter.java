package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the rows of a DuckDB query as Parquet data files of an Iceberg table (zstd, Iceberg field
 * ids, ~target-size files, one directory per partition) and commits them in one Iceberg commit.
 * Files of a write that is never committed are orphans that {@code table clean} removes.
 */
public final class TableWriter {
    /** Files written by one write, not yet committed. */
    public record Written(List<DataFile> files, long rows, long bytes) {
        public static final Written EMPTY = new Written(List.of(), 0, 0);
    }

    private TableWriter() {
    }

    /**
     * A fresh local directory for one write's files: inside the table's data location for a local
     * warehouse, in the staging area for an S3 warehouse (the files are uploaded when collected).
     */
    public static Path newWriteDir(Warehouse warehouse, Table table) {
        return warehouse.newWriteDir(table);
    }

    /**
     * Writes the rows of {@code sourceSql} (whose columns are named like the table's) into {@code dir}.
     * Columns are cast to the table's types; a value that does not fit fails the write.
     */
    public static Written write(Warehouse warehouse, Connection c, Table table, String sourceSql, long targetFileSize, Path dir) {
        return write(warehouse, c, table, sourceSql, targetFileSize, dir, s -> { });
    }

    /** Like {@link #write(Warehouse, Connection, Table, String, long, Path)}; {@code running} sees each statement before it runs. */
    public static Written write(Warehouse warehouse, Connection c, Table table, String sourceSql, long targetFileSize, Path dir,
                                java.util.function.Consumer<java.sql.Statement> running) {
        Schema schema = table.schema();
        PartitionSpec spec = table.spec();
        String projection = schema.columns().stream()
                .map(f -> "CAST(src." + TypeMapping.quote(f.name()) + " AS " + TypeMapping.toDuck(f.type(), false) + ") AS "
                        + TypeMapping.quote(f.name()))
                .collect(Collectors.joining(", "));
        String options = copyOptions(schema, targetFileSize);
        String target = TypeMapping.literal(dir.toString());
        long rows;
        Map<Integer, GenericRecord> partitions = new HashMap<>();
        try {
            if (spec.isUnpartitioned()) {
                rows = DuckDb.exec(c, "COPY (SELECT " + projection + " FROM (" + sourceSql + ") src) TO " + target + " (" + options + ")",
                        running);
            } else {
                String tmp = "__zt_write_" + UUID.randomUUID().toString().replace("-", "");
                List<String> partExprs = new ArrayList<>();
                for (int i = 0; i < spec.fields().size(); i++) {
                    partExprs.add(PartitionTransforms.sqlFor(spec.fields().get(i), schema, "w") + " AS __p" + i);
                }
                DuckDb.exec(c, "CREATE TEMP TABLE " + tmp + " AS SELECT " + projection + " FROM (" + sourceSql + ") src", running);
                String partCols = java.util.stream.IntStream.range(0, partExprs.size()).mapToObj(i -> "__p" + i).collect(Collectors.joining(", "));
                DuckDb.exec(c, "CREATE TEMP TABLE " + tmp + "_p AS SELECT row_number() OVER () AS __pid, * FROM (SELECT DISTINCT "
                        + partCols + " FROM (SELECT " + String.join(", ", partExprs) + " FROM " + tmp + " w))");
                readPartitions(c, tmp + "_p", spec, partitions);
                String join = java.util.stream.IntStream.range(0, partExprs.size())
                        .mapToObj(i -> "k.__p" + i + " IS NOT DISTINCT FROM " + partExprs.get(i).substring(0, partExprs.get(i).lastIndexOf(" AS __p")))
                        .collect(Collectors.joining(" AND "));
                String cols = schema.columns().stream().map(f -> "w." + TypeMapping.quote(f.name())).collect(Collectors.joining(", "));
                rows = DuckDb.exec(c, "COPY (SELECT " + cols + ", k.__pid FROM " + tmp + " w JOIN " + tmp + "_p k ON " + join
                        + ") TO " + target + " (" + options + ", PARTITION_BY (__pid))", running);
                DuckDb.exec(c, "DROP TABLE " + tmp);
                DuckDb.exec(c, "DROP TABLE " + tmp + "_p");
            }
        } catch (ZhongtaiException e) {
            deleteQuietly(dir);
            throw e;
        }
        return collect(warehouse, table, dir, rows, partitions);
    }

    /** DuckDB COPY options for a table's data files: zstd Parquet carrying Iceberg's field ids, ~target-size files. */
    private static String copyOptions(Schema schema, long targetFileSize) {
        return "FORMAT parquet, COMPRESSION zstd, FIELD_IDS " + TypeMapping.fieldIds(schema)
                + ", FILE_SIZE_BYTES " + targetFileSize + ", ROW_GROUP_SIZE 122880, FILENAME_PATTERN 'part-{uuid}'";
    }

    /**
     * Writes rows that all belong to one known partition (compaction of one partition's files):
     * no partition columns to compute, every file gets {@code partition}.
     */
    static Written writeUnpartitionedAs(Warehouse warehouse, Connection c, Table table, String sourceSql, long targetFileSize, Path dir,
                                        org.apache.iceberg.StructLike partition) {
        String options = copyOptions(table.schema(), targetFileSize);
        long rows = DuckDb.exec(c, "COPY (" + sourceSql + ") TO " + TypeMapping.literal(dir.toString()) + " (" + options + ")");
        Written w = collect(warehouse, table, dir, rows, Map.of());
        if (table.spec().isUnpartitioned()) {
            return w;
        }
        List<DataFile> files = w.files().stream()
                .map(f -> DataFiles.builder(table.spec()).copy(f).withPartition(partition).build())
                .toList();
        return new Written(files, w.rows(), w.bytes());
    }

    private static void readPartitions(Connection c, String table, PartitionSpec spec, Map<Integer, GenericRecord> out) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            Types.StructType type = spec.partitionType();
            while (rs.next()) {
                GenericRecord record = GenericRecord.create(type);
                for (int i = 0; i < type.fields().size(); i++) {
                    record.set(i, PartitionTransforms.toInternal(rs.getObject(i + 2), type.fields().get(i).type()));
                }
                out.put(rs.getInt(1), record);
            }
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot read partition values: " + e.getMessage(), null, e);
        }
    }

    /**
     * Turns the Parquet files in {@code dir} into data files: metrics are read from the local files,
     * then the warehouse publishes each file (an S3 warehouse uploads it) under the table's location.
     */
    private static Written collect(Warehouse warehouse, Table table, Path dir, long rows, Map<Integer, GenericRecord> partitions) {
        if (!Files.isDirectory(dir)) {
            return Written.EMPTY;
        }
        List<DataFile> files = new ArrayList<>();
        long bytes = 0;
        MetricsConfig metricsConfig = MetricsConfig.forTable(table);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
                Metrics metrics = ParquetUtil.fileMetrics(org.apache.iceberg.Files.localInput(p.toFile()), metricsConfig);
                if (metrics.recordCount() != null && metrics.recordCount() == 0) {
                    Files.delete(p);
                    continue;
                }
                long size = Files.size(p);
                DataFiles.Builder b = DataFiles.builder(table.spec())
                        .withPath(warehouse.publish(table, p))
                        .withFileSizeInBytes(size)
                        .withFormat(FileFormat.PARQUET)
                        .withMetrics(metrics);
                if (!table.spec().isUnpartitioned() && !partitions.isEmpty()) {
                    String pidDir = p.getParent().getFileName().toString();
                    b.withPartition(partitions.get(Integer.parseInt(pidDir.substring(pidDir.indexOf('=') + 1))));
                }
                DataFile f = b.build();
                files.add(f);
                bytes += f.fileSizeInBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        warehouse.published(dir);
        return new Written(files, rows, bytes);
    }

    /** Appends the written files in one commit; Iceberg retries on concurrent commits. Returns the new snapshot id. */
    public static long commitAppend(Table table, Written w, Map<String, String> summary) {
        return commitAppend(table, w, summary, null);
    }

    /** As {@link #commitAppend(Table, Written, Map)}, on {@code branch} (null: main). */
    public static long commitAppend(Table table, Written w, Map<String, String> summary, String branch) {
        AppendFiles append = table.newAppend();
        w.files().forEach(append::appendFile);
        summary.forEach(append::set);
        onBranch(append, branch).commit();
        return head(table, branch);
    }

    /** Replaces all rows of the table with the written files in one commit. */
    public static long commitOverwriteAll(Table table, Written w, Map<String, String> summary) {
        return commitOverwriteAll(table, w, summary, null);
    }

    /** As {@link #commitOverwriteAll(Table, Written, Map)}, on {@code branch} (null: main). */
    public static long commitOverwriteAll(Table table, Written w, Map<String, String> summary, String branch) {
        OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
        w.files().forEach(overwrite::addFile);
        summary.forEach(overwrite::set);
        onBranch(overwrite, branch).commit();
        return head(table, branch);
    }

    /**
     * Replaces exactly {@code removed} (the files read at {@code base}) with the written files.
     * Fails with Iceberg's ValidationException if another writer changed the table since {@code base},
     * so a copy-on-write UPDATE never loses a concurrent append.
     */
    public static long commitReplace(Table table, Snapshot base, List<DataFile> removed, Written w, Map<String, String> summary) {
        return commitReplace(table, base, removed, w, summary, null);
    }

    /** As {@link #commitReplace(Table, Snapshot, List, Written, Map)}, on {@code branch} (null: main). */
    public static long commitReplace(Table table, Snapshot base, List<DataFile> removed, Written w, Map<String, String> summary,
                                     String branch) {
        OverwriteFiles overwrite = table.newOverwrite();
        removed.forEach(overwrite::deleteFile);
        w.files().forEach(overwrite::addFile);
        if (base != null) {
            overwrite.validateFromSnapshot(base.snapshotId());
        }
        overwrite.conflictDetectionFilter(Expressions.alwaysTrue()).validateNoConflictingData().validateNoConflictingDeletes();
        summary.forEach(overwrite::set);
        onBranch(overwrite, branch).commit();
        return head(table, branch);
    }

    private static <T extends org.apache.iceberg.SnapshotUpdate<T>> T onBranch(T update, String branch) {
        return branch == null ? update : update.toBranch(branch);
    }

    /** The snapshot at the head of {@code branch} (null: main). */
    private static long head(Table table, String branch) {
        return branch == null ? table.currentSnapshot().snapshotId() : table.snapshot(branch).snapshotId();
    }

    /** Removes files of a write that will not be committed. */
    public static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Left-over files are orphans that `table clean` removes.
        }
    }
}

package io.zhongtai.backup;

import io.zhongtai.backup.BackupManifest.DataFileBackup;
import io.zhongtai.backup.BackupManifest.TableBackup;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.ProgressListener;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.parquet.ParquetUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores one table of a backup into a lakehouse: as a new table with the backup's schema, field ids, partition
 * spec and properties, or as a new snapshot of an existing table with the same schema (its history stays). Data
 * files are written under the table's location, checked (hash of every object and file, row count of every file
 * and of the whole) and only then committed in one Iceberg commit; on any failure they are deleted again.
 */
final class TableRestorer {
    /**
     * Marks a table a restore registered but has not filled yet; a restore that crashed leaves it, and running the
     * restore again fills the table instead of refusing it as existing.
     */
    static final String PENDING_PROPERTY = "zhongtai.restore-pending";

    private final Lakehouse lakehouse;
    private final Repository repository;
    private final String backupId;
    private final ProgressListener progress;
    private final AtomicLong done = new AtomicLong();
    private final long total;

    TableRestorer(Lakehouse lakehouse, Repository repository, String backupId, long totalBytes, ProgressListener progress) {
        this.lakehouse = lakehouse;
        this.repository = repository;
        this.backupId = backupId;
        this.total = totalBytes;
        this.progress = progress;
    }

    /** Whether restoring {@code backup} as {@code target} makes a new table (else a new snapshot of the existing one). */
    boolean createsTable(TableName target) {
        return !lakehouse.tableExists(target) || lakehouse.table(target).properties().containsKey(PENDING_PROPERTY);
    }

    /** Checks that the backup can be restored into {@code target} before anything is written. */
    void checkTarget(TableBackup backup, TableName target) {
        if (createsTable(target)) {
            if (!lakehouse.namespaceExists(target.namespace())) {
                lakehouse.createNamespace(target.namespace(), true);
            }
            return;
        }
        Table table = lakehouse.table(target);
        Schema schema = SchemaParser.fromJson(backup.schema());
        if (!table.schema().sameSchema(schema)) {
            throw ZhongtaiException.conflict("Cannot restore %s into the existing table %s: its schema differs from the backup's "
                    + "(now %s, backed up %s); restore it as a new table with --as", backup.name(), target, table.schema().asStruct(), schema.asStruct());
        }
        PartitionSpec spec = PartitionSpecParser.fromJson(schema, backup.partitionSpec());
        if (!table.spec().compatibleWith(spec)) {
            throw ZhongtaiException.conflict("Cannot restore %s into the existing table %s: it is partitioned by %s, the backup by %s; "
                    + "restore it as a new table with --as", backup.name(), target, table.spec(), spec);
        }
    }

    void restore(TableBackup backup, TableName target) {
        Table existing = lakehouse.tableExists(target) ? lakehouse.table(target) : null;
        String pending = existing == null ? null : existing.properties().get(PENDING_PROPERTY);
        if (pending != null && !pending.equals(backupId)) {
            // left empty by a crashed restore of another backup, whose schema may differ: start it afresh
            lakehouse.dropTable(target, true);
            existing = null;
        }
        boolean registered = existing == null;
        Table table = registered ? lakehouse.registerTable(target, newMetadata(backup, lakehouse.defaultLocation(target))) : existing;
        List<String> written = new ArrayList<>();
        try {
            List<DataFile> files = write(backup, table, written);
            commit(table, files);
        } catch (RuntimeException e) {
            written.forEach(location -> deleteQuietly(table.io(), location));
            if (registered) {
                lakehouse.dropTable(target, true);
            }
            throw e;
        }
    }

    private TableMetadata newMetadata(TableBackup backup, String location) {
        Schema schema = SchemaParser.fromJson(backup.schema());
        PartitionSpec spec = PartitionSpecParser.fromJson(schema, backup.partitionSpec());
        SortOrder sortOrder = SortOrderParser.fromJson(schema, backup.sortOrder());
        Map<String, String> properties = new HashMap<>(backup.properties());
        properties.put(PENDING_PROPERTY, backupId);
        TableMetadata.Builder builder = TableMetadata.buildFromEmpty(backup.formatVersion()).setLocation(location);
        backup.olderSchemas().forEach(older -> builder.addSchema(SchemaParser.fromJson(older)));
        return builder.setCurrentSchema(schema, backup.lastColumnId())
                .setDefaultPartitionSpec(spec)
                .setDefaultSortOrder(sortOrder)
                .setProperties(properties)
                .build();
    }

    private List<DataFile> write(TableBackup backup, Table table, List<String> written) {
        FileIO io = table.io();
        MetricsConfig metricsConfig = MetricsConfig.forTable(table);
        List<DataFile> files = new ArrayList<>();
        long rows = 0;
        for (DataFileBackup file : backup.files()) {
            String name = file.path().substring(file.path().lastIndexOf('/') + 1);
            String location = table.location() + "/data/restore-" + backupId + "/" + name;
            OutputFile out = io.newOutputFile(location);
            written.add(location);
            try (PositionOutputStream stream = out.createOrOverwrite()) {
                repository.readFile(file.file(), new ProgressStream(stream, n -> progress.progress("restoring", done.addAndGet(n), total)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write restored file " + location + ": " + e.getMessage(), e);
            }
            Metrics metrics = ParquetUtil.fileMetrics(io.newInputFile(location), metricsConfig);
            if (metrics.recordCount() == null || metrics.recordCount() != file.records()) {
                throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Cannot restore " + backup.name() + ": file " + file.path()
                        + " has " + metrics.recordCount() + " rows, the backup recorded " + file.records());
            }
            rows += file.records();
            DataFiles.Builder builder = DataFiles.builder(table.spec()).withPath(location).withFileSizeInBytes(file.file().size())
                    .withFormat(FileFormat.PARQUET).withMetrics(metrics);
            if (file.partition() != null) {
                builder.withPartitionPath(file.partition());
            }
            files.add(builder.build());
        }
        if (rows != backup.rowCount()) {
            throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Cannot restore " + backup.name() + ": its files hold "
                    + rows + " rows, the backup recorded " + backup.rowCount());
        }
        return files;
    }

    /** One commit: the restored files replace whatever the table held, and a pending mark goes. */
    private static void commit(Table table, List<DataFile> files) {
        Transaction transaction = table.newTransaction();
        if (table.currentSnapshot() == null) {
            if (!files.isEmpty()) {
                AppendFiles append = transaction.newAppend();
                files.forEach(append::appendFile);
                append.commit();
            }
        } else {
            OverwriteFiles overwrite = transaction.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
            files.forEach(overwrite::addFile);
            overwrite.commit();
        }
        if (table.properties().containsKey(PENDING_PROPERTY)) {
            transaction.updateProperties().remove(PENDING_PROPERTY).commit();
        }
        transaction.commitTransaction();
    }

    private static void deleteQuietly(FileIO io, String location) {
        try {
            io.deleteFile(location);
        } catch (RuntimeException ignored) {
            // best effort: an unreferenced file is harmless, and table maintenance removes orphans
        }
    }
}

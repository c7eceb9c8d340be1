package io.zhongtai.backup;

import io.zhongtai.backup.BackupManifest.DataFileBackup;
import io.zhongtai.backup.BackupManifest.TableBackup;
import io.zhongtai.backup.repo.FileRef;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One table as the backup's metadata read found it: the metadata file the catalog pointed to, its current snapshot
 * and that snapshot's data files. Reading the snapshot through that file (not the table's newest state) keeps the
 * tables and the platform's metadata at one point even while writers go on.
 */
record TableCapture(String name, TableMetadata metadata, List<PendingFile> files) {

    /** A data file to back up; {@link #key} identifies its content across backups. */
    record PendingFile(DataFile dataFile, String relativePath, String partition, FileIO io) implements Uploader.Source {
        @Override
        public String location() {
            return TableCapture.key(dataFile.location(), dataFile.fileSizeInBytes());
        }

        @Override
        public long size() {
            return dataFile.fileSizeInBytes();
        }

        @Override
        public InputStream open() {
            return io.newInputFile(dataFile.location(), dataFile.fileSizeInBytes()).newStream();
        }

        String key() {
            return location();
        }
    }

    static String key(String location, long size) {
        return location + "#" + size;
    }

    static TableCapture read(Lakehouse lakehouse, String name, String metadataLocation) {
        TableName tableName = TableName.parse(name, null);
        FileIO io = lakehouse.table(tableName).io();
        TableMetadata metadata;
        try {
            metadata = new StaticTableOperations(metadataLocation, io).current();
        } catch (RuntimeException e) {
            throw ZhongtaiException.conflict("Cannot back up table %s: its metadata file %s is gone (was the table dropped or "
                    + "maintained during the backup? run it again): %s", name, metadataLocation, e.getMessage());
        }
        Snapshot snapshot = metadata.currentSnapshot();
        List<PendingFile> files = new ArrayList<>();
        if (snapshot != null) {
            Table table = new BaseTable(new StaticTableOperations(metadataLocation, io), name);
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        throw ZhongtaiException.invalid("Cannot back up table %s: its snapshot %d has delete files, which Zhongtai "
                                + "does not write; compact the table first", name, snapshot.snapshotId());
                    }
                    DataFile file = task.file();
                    if (file.specId() != metadata.defaultSpecId()) {
                        throw ZhongtaiException.invalid("Cannot back up table %s: file %s was written under an older partition spec "
                                + "(%d, now %d); rewrite the table first", name, file.location(), file.specId(), metadata.defaultSpecId());
                    }
                    PartitionSpec spec = metadata.spec();
                    files.add(new PendingFile(file, relativePath(metadata.location(), file.location()),
                            spec.isUnpartitioned() ? null : spec.partitionToPath(file.partition()), io));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the data files of " + name + ": " + e.getMessage(), e);
            }
        }
        return new TableCapture(name, metadata, files);
    }

    /** The file's path under the table location; a file elsewhere goes to data/ under its own name. */
    private static String relativePath(String tableLocation, String fileLocation) {
        String prefix = tableLocation.endsWith("/") ? tableLocation : tableLocation + "/";
        return fileLocation.startsWith(prefix) ? fileLocation.substring(prefix.length())
                : "data/" + fileLocation.substring(fileLocation.lastIndexOf('/') + 1);
    }

    /** The manifest's record of this table, given each file's content in the repository (by {@link PendingFile#key}). */
    TableBackup toBackup(Map<String, FileRef> stored) {
        Snapshot snapshot = metadata.currentSnapshot();
        long rows = snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP,
                String.valueOf(files.stream().mapToLong(f -> f.dataFile().recordCount()).sum())));
        List<DataFileBackup> backups = files.stream().map(f -> new DataFileBackup(f.relativePath(), f.dataFile().location(),
                f.partition(), f.dataFile().recordCount(), stored.get(f.key()))).toList();
        return new TableBackup(name, metadata.metadataFileLocation(), snapshot == null ? null : snapshot.snapshotId(), rows, metadata.formatVersion(),
                metadata.lastColumnId(), SchemaParser.toJson(metadata.schema()), metadata.schemas().stream()
                .filter(s -> s.schemaId() != metadata.currentSchemaId()).map(SchemaParser::toJson).toList(),
                PartitionSpecParser.toJson(metadata.spec()),
                SortOrderParser.toJson(metadata.sortOrder()), metadata.properties(), backups);
    }
}

package io.zhongtai.backup;

import io.zhongtai.backup.BackupManifest.DataFileBackup;
import io.zhongtai.backup.BackupManifest.TableBackup;
import io.zhongtai.backup.repo.FileRef;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.Lakehouse;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table as the backup's metadata read found it: the metadata file the catalog pointed to, its current snapshot
 * and that snapshot's data files. Reading the snapshot through that file (not the table's newest state) keeps the
 * tables and the platform's metadata at one point even while writers go on. When only appends happened since an
 * earlier backup of the table, that backup's files are {@code kept} and only the appended ones are listed, without
 * planning a scan over all of the table's manifests.
 */
record TableCapture(String name, TableMetadata metadata, List<DataFileBackup> kept, List<PendingFile> files) {

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

    /** {@code earlier}: the newest earlier backup of this table whose objects are all there, if any. */
    static TableCapture read(Lakehouse lakehouse, String name, String metadataLocation, Optional<TableBackup> earlier) {
        FileIO io = lakehouse.io();
        StaticTableOperations operations = new StaticTableOperations(metadataLocation, io);
        TableMetadata metadata;
        try {
            metadata = operations.current();
        } catch (RuntimeException e) {
            throw ZhongtaiException.conflict("Cannot back up table %s: its metadata file %s is gone (was the table dropped or "
                    + "maintained during the backup? run it again): %s", name, metadataLocation, e.getMessage());
        }
        Snapshot snapshot = metadata.currentSnapshot();
        if (snapshot == null) {
            return new TableCapture(name, metadata, List.of(), List.of());
        }
        Optional<List<Snapshot>> appends = earlier.flatMap(e -> appendsSince(metadata, e));
        if (appends.isPresent()) {
            List<PendingFile> added = new ArrayList<>();
            for (Snapshot append : appends.get()) {
                for (DataFile file : append.addedDataFiles(io)) {
                    added.add(pending(name, metadata, file, io));
                }
            }
            return new TableCapture(name, metadata, earlier.get().files(), added);
        }
        if (snapshot.deleteManifests(io).stream().anyMatch(m -> m.hasAddedFiles() || m.hasExistingFiles())) {
            throw ZhongtaiException.invalid("Cannot back up table %s: its snapshot %d has delete files, which Zhongtai "
                    + "does not write; compact the table first", name, snapshot.snapshotId());
        }
        // The live data files straight from the snapshot's manifests: a scan plan would also evaluate filters and
        // metrics, which cost more than reading the manifests for a backup that wants every file.
        List<PendingFile> files = new ArrayList<>();
        for (ManifestFile manifest : snapshot.dataManifests(io)) {
            try (CloseableIterable<DataFile> live = ManifestFiles.read(manifest, io, metadata.specsById())) {
                for (DataFile file : live) {
                    files.add(pending(name, metadata, file.copyWithoutStats(), io));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the data files of " + name + ": " + e.getMessage(), e);
            }
        }
        return new TableCapture(name, metadata, List.of(), files);
    }

    /**
     * The snapshots from the earlier backup's (exclusive) to the current one, oldest first, if each of them only
     * appended data files under the same schema and partition spec; empty when anything else happened (or the earlier
     * snapshot is no longer an ancestor), and the table is planned in full.
     */
    private static Optional<List<Snapshot>> appendsSince(TableMetadata metadata, TableBackup earlier) {
        if (earlier.snapshotId() == null || !SchemaParser.toJson(metadata.schema()).equals(earlier.schema())
                || !PartitionSpecParser.toJson(metadata.spec()).equals(earlier.partitionSpec())) {
            return Optional.empty();
        }
        List<Snapshot> appends = new ArrayList<>();
        Snapshot snapshot = metadata.currentSnapshot();
        while (snapshot != null && snapshot.snapshotId() != earlier.snapshotId()) {
            if (!DataOperations.APPEND.equals(snapshot.operation())) {
                return Optional.empty();
            }
            appends.add(0, snapshot);
            snapshot = snapshot.parentId() == null ? null : metadata.snapshot(snapshot.parentId());
        }
        return snapshot == null ? Optional.empty() : Optional.of(appends);
    }

    private static PendingFile pending(String name, TableMetadata metadata, DataFile file, FileIO io) {
        if (file.specId() != metadata.defaultSpecId()) {
            throw ZhongtaiException.invalid("Cannot back up table %s: file %s was written under an older partition spec "
                    + "(%d, now %d); rewrite the table first", name, file.location(), file.specId(), metadata.defaultSpecId());
        }
        PartitionSpec spec = metadata.spec();
        return new PendingFile(file, relativePath(metadata.location(), file.location()),
                spec.isUnpartitioned() ? null : spec.partitionToPath(file.partition()), io);
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
        List<DataFileBackup> backups = new ArrayList<>(kept);
        files.forEach(f -> backups.add(new DataFileBackup(f.relativePath(), f.dataFile().location(), f.partition(),
                f.dataFile().recordCount(), stored.get(f.key()))));
        long rows = snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP,
                String.valueOf(backups.stream().mapToLong(DataFileBackup::records).sum())));
        return new TableBackup(name, metadata.metadataFileLocation(), snapshot == null ? null : snapshot.snapshotId(), rows, metadata.formatVersion(),
                metadata.lastColumnId(), SchemaParser.toJson(metadata.schema()), metadata.schemas().stream()
                .filter(s -> s.schemaId() != metadata.currentSchemaId()).map(SchemaParser::toJson).toList(),
                PartitionSpecParser.toJson(metadata.spec()),
                SortOrderParser.toJson(metadata.sortOrder()), metadata.properties(), backups);
    }
}

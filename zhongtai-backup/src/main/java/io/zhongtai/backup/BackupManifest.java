package io.zhongtai.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zhongtai.backup.repo.FileRef;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.core.ZhongtaiException;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one backup holds, saved (encrypted) as the repository's {@code snapshots/<id>} after every object it names:
 * a backup whose manifest is missing never happened. Tables are recorded at one snapshot each, taken from the same
 * read of the metadata database as the platform's own metadata, so the whole is one consistent point.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(int format, String id, Instant createdAt, String tag, String host, String createdBy,
                             String platformVersion, int schemaVersion, Scope scope,
                             Map<String, Map<String, String>> namespaces, List<TableBackup> tables,
                             FileRef metadata, FileRef config, FileRef masterKey, Stats stats) {
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What was asked for: every table, some namespaces, or some tables. */
    public record Scope(boolean all, List<String> namespaces, List<String> tables) {
        public static Scope everything() {
            return new Scope(true, List.of(), List.of());
        }

        public String describe() {
            return all ? "all tables" : !namespaces.isEmpty() ? "namespaces " + String.join(", ", namespaces) : "tables " + String.join(", ", tables);
        }
    }

    /**
     * One table at one snapshot: enough to recreate it with the same field ids (its data files were written with
     * them). {@code metadataLocation} is the Iceberg metadata file it was read from: a later backup that finds the
     * table still there takes this record as is. {@code olderSchemas} are the table's earlier schemas: files written
     * under them are read by field id.
     * {@code snapshotId} is null for a table without data.
     */
    public record TableBackup(String name, String metadataLocation, Long snapshotId, long rowCount, int formatVersion, int lastColumnId,
                              String schema, List<String> olderSchemas, String partitionSpec, String sortOrder, Map<String, String> properties,
                              List<DataFileBackup> files) {
        public long bytes() {
            return files.stream().mapToLong(f -> f.file().size()).sum();
        }
    }

    /**
     * One data file: its path relative to the table location (restores place it under the new location), where it
     * was (later backups of the same platform reuse its content without reading it again), the partition as Iceberg
     * writes it in paths (null when unpartitioned), its row count, and its content in the repository.
     */
    public record DataFileBackup(String path, String location, String partition, long records, FileRef file) {
    }

    /** Figures of the backup run. */
    public record Stats(long files, long bytes, long newFiles, long newObjects, long newBytes, long durationMillis) {
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot write backup manifest " + id + ": " + e.getMessage(), null, e);
        }
    }

    /** Reads (decrypts) and parses backup {@code id}'s manifest. */
    public static BackupManifest read(Repository repository, String id) {
        try {
            return JSON.readValue(repository.readManifest(id), BackupManifest.class);
        } catch (IOException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Cannot read backup manifest " + id + ": " + e.getMessage(), null, e);
        }
    }

    public long rowCount() {
        return tables.stream().mapToLong(TableBackup::rowCount).sum();
    }

    public TableBackup table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> ZhongtaiException.notFound(
                "Cannot restore table %s: backup %s does not hold it (it holds %s)", name, id,
                tables.stream().map(TableBackup::name).toList()));
    }
}

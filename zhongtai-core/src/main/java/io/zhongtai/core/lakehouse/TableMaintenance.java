package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.session.FileInfo;
import io.zhongtai.core.session.MaintenanceResult;
import io.zhongtai.core.session.PartitionInfo;
import io.zhongtai.core.session.SnapshotInfo;
import io.zhongtai.core.session.TableDescription;
import io.zhongtai.core.session.TableInfo;
import io.zhongtai.core.session.TableSummary;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Inspection and upkeep of one Iceberg table: history, tags, rollback, expiry, compaction, orphan cleanup. */
public final class TableMaintenance {
    private final Lakehouse lakehouse;
    private final DuckDb duckDb;
    private final long targetFileSize;

    public TableMaintenance(Lakehouse lakehouse, DuckDb duckDb, long targetFileSize) {
        this.lakehouse = lakehouse;
        this.duckDb = duckDb;
        this.targetFileSize = targetFileSize;
    }

    public TableInfo info(TableName name) {
        Table t = lakehouse.table(name);
        List<TableInfo.ColumnInfo> columns = columns(t);
        List<String> partitionBy = t.spec().fields().stream().map(f -> describe(f, t)).toList();
        Snapshot current = t.currentSnapshot();
        long files = 0;
        long rows = 0;
        long bytes = 0;
        for (DataFile f : TableScan.planFiles(t, current)) {
            files++;
            rows += f.recordCount();
            bytes += f.fileSizeInBytes();
        }
        int formatVersion = ((HasTableOperations) t).operations().current().formatVersion();
        Instant updated = Instant.ofEpochMilli(((HasTableOperations) t).operations().current().lastUpdatedMillis());
        int snapshotCount = 0;
        for (Snapshot ignored : t.snapshots()) {
            snapshotCount++;
        }
        Map<String, String> properties = t.properties();
        return new TableInfo(name.toString(), t.location(), formatVersion, columns, partitionBy, Map.copyOf(properties),
                current == null ? null : current.snapshotId(), snapshotCount, files, rows, bytes, updated,
                properties.get(TableDescription.OWNER_PROPERTY), properties.get(TableDescription.DESCRIPTION_PROPERTY),
                TableDescription.tags(properties.get(TableDescription.TAGS_PROPERTY)));
    }

    /** Sets or removes the table's owner, description and tags in one commit; returns the table as it is then. */
    public TableInfo describe(TableName name, TableDescription change) {
        UpdateProperties update = lakehouse.table(name).updateProperties();
        setOrRemove(update, TableDescription.OWNER_PROPERTY, change.owner());
        setOrRemove(update, TableDescription.DESCRIPTION_PROPERTY, change.description());
        setOrRemove(update, TableDescription.TAGS_PROPERTY, change.tags() == null ? null : String.join(",", change.tags()));
        update.commit();
        return info(name);
    }

    /** A null value leaves the property alone; an empty one removes it. */
    private static void setOrRemove(UpdateProperties update, String property, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()) {
            update.remove(property);
        } else {
            update.set(property, value);
        }
    }

    /** Columns and size from the table's metadata and current snapshot summary, without planning its files. */
    public TableSummary summary(TableName name) {
        Table t = lakehouse.table(name);
        Snapshot current = t.currentSnapshot();
        Map<String, String> totals = current == null || current.summary() == null ? Map.of() : current.summary();
        return new TableSummary(name.namespace(), name.table(), columns(t), total(totals, SnapshotSummary.TOTAL_RECORDS_PROP),
                total(totals, SnapshotSummary.TOTAL_FILE_SIZE_PROP));
    }

    private static long total(Map<String, String> summary, String key) {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static List<TableInfo.ColumnInfo> columns(Table t) {
        Set<Integer> json = TableScan.jsonColumnIds(t);
        return t.schema().columns().stream()
                .map(f -> new TableInfo.ColumnInfo(f.fieldId(), f.name(), TypeMapping.toDuck(f.type(), json.contains(f.fieldId())),
                        f.isOptional(), f.doc()))
                .toList();
    }

    private static String describe(PartitionField f, Table t) {
        String source = t.schema().findColumnName(f.sourceId());
        String transform = f.transform().toString();
        if (transform.equals("identity")) {
            return source;
        }
        if (transform.contains("[")) {
            String n = transform.substring(transform.indexOf('[') + 1, transform.indexOf(']'));
            return transform.substring(0, transform.indexOf('[')) + "(" + n + ", " + source + ")";
        }
        return transform + "(" + source + ")";
    }

    public List<SnapshotInfo> history(TableName name) {
        Table t = lakehouse.table(name);
        Map<Long, List<String>> refs = new TreeMap<>();
        t.refs().forEach((refName, ref) -> refs.computeIfAbsent(ref.snapshotId(), k -> new ArrayList<>()).add(refName));
        Long current = t.currentSnapshot() == null ? null : t.currentSnapshot().snapshotId();
        List<SnapshotInfo> out = new ArrayList<>();
        for (Snapshot s : t.snapshots()) {
            out.add(new SnapshotInfo(s.snapshotId(), s.parentId(), Instant.ofEpochMilli(s.timestampMillis()), s.operation(),
                    Long.valueOf(s.snapshotId()).equals(current), refs.getOrDefault(s.snapshotId(), List.of()),
                    new LinkedHashMap<>(s.summary())));
        }
        out.sort(java.util.Comparator.comparing(SnapshotInfo::committedAt));
        return out;
    }

    public List<PartitionInfo> partitions(TableName name) {
        Table t = lakehouse.table(name);
        Map<String, long[]> byPartition = new TreeMap<>();
        for (DataFile f : TableScan.planFiles(t, t.currentSnapshot())) {
            long[] acc = byPartition.computeIfAbsent(t.specs().get(f.specId()).partitionToPath(f.partition()), k -> new long[3]);
            acc[0]++;
            acc[1] += f.recordCount();
            acc[2] += f.fileSizeInBytes();
        }
        return byPartition.entrySet().stream().map(e -> new PartitionInfo(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }

    public List<FileInfo> files(TableName name) {
        Table t = lakehouse.table(name);
        return TableScan.planFiles(t, t.currentSnapshot()).stream()
                .map(f -> new FileInfo(TableScan.localPath(f.location()), t.specs().get(f.specId()).partitionToPath(f.partition()), f.recordCount(), f.fileSizeInBytes()))
                .toList();
    }

    /** Tags a snapshot (default: the current one); an existing tag of that name is moved. */
    public MaintenanceResult tag(TableName name, String tag, Long snapshotId) {
        Table t = lakehouse.table(name);
        long id = snapshotId != null ? requireSnapshot(t, name, snapshotId).snapshotId() : requireCurrent(t, name).snapshotId();
        SnapshotRef existing = t.refs().get(tag);
        if (existing != null && existing.isBranch()) {
            throw ZhongtaiException.conflict("Cannot tag, %s is a branch of %s", tag, name);
        }
        if (existing == null) {
            t.manageSnapshots().createTag(tag, id).commit();
        } else {
            t.manageSnapshots().replaceTag(tag, id).commit();
        }
        return new MaintenanceResult(name.toString(), "tag", "Tagged snapshot " + id + " as " + tag, 0, 0, 0, id);
    }

    public MaintenanceResult rollback(TableName name, long snapshotId) {
        Table t = lakehouse.table(name);
        requireSnapshot(t, name, snapshotId);
        try {
            t.manageSnapshots().rollbackTo(snapshotId).commit();
        } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
            // Not an ancestor of the current state: set it as current instead, as Iceberg's set_current_snapshot does.
            t.manageSnapshots().setCurrentSnapshot(snapshotId).commit();
        }
        return new MaintenanceResult(name.toString(), "rollback", "Table " + name + " is now at snapshot " + snapshotId, 0, 0, 0, snapshotId);
    }

    /** Expires snapshots older than {@code olderThan}, keeping at least {@code retainLast}; unreferenced files are deleted. */
    public MaintenanceResult expire(TableName name, Duration olderThan, int retainLast) {
        Table t = lakehouse.table(name);
        int before = count(t.snapshots());
        List<String> deleted = new ArrayList<>();
        t.expireSnapshots()
                .expireOlderThan(System.currentTimeMillis() - olderThan.toMillis())
                .retainLast(Math.max(1, retainLast))
                .deleteWith(path -> {
                    deleted.add(path);
                    t.io().deleteFile(path);
                })
                .commit();
        t.refresh();
        int expired = before - count(t.snapshots());
        return new MaintenanceResult(name.toString(), "expire", "Expired " + expired + " snapshot(s), deleted " + deleted.size() + " file(s)",
                deleted.size(), 0, 0, t.currentSnapshot() == null ? null : t.currentSnapshot().snapshotId());
    }

    /**
     * Rewrites each partition's small files into files of the target size, in one commit that
     * fails (and leaves the table as it was) if another writer removed any of the files meanwhile.
     */
    public MaintenanceResult compact(TableName name) {
        Table t = lakehouse.table(name);
        Snapshot base = requireCurrent(t, name);
        Map<String, List<DataFile>> groups = new LinkedHashMap<>();
        for (DataFile f : TableScan.planFiles(t, base)) {
            if (f.fileSizeInBytes() < targetFileSize * 3 / 4 && f.specId() == t.spec().specId()) {
                groups.computeIfAbsent(t.spec().partitionToPath(f.partition()), k -> new ArrayList<>()).add(f);
            }
        }
        groups.values().removeIf(g -> g.size() < 2);
        if (groups.isEmpty()) {
            return new MaintenanceResult(name.toString(), "compact", "Nothing to compact", 0, 0, 0, base.snapshotId());
        }
        Set<DataFile> removed = new HashSet<>();
        Set<DataFile> added = new HashSet<>();
        long bytesRemoved = 0;
        Warehouse warehouse = lakehouse.warehouse();
        Path dir = TableWriter.newWriteDir(warehouse, t);
        try (Connection c = duckDb.openSandboxed(warehouse.localDirectories())) {
            Files.createDirectories(dir);
            int i = 0;
            for (List<DataFile> group : groups.values()) {
                String select = TableScan.selectSql(t.schema(), TableScan.jsonColumnIds(t),
                        TableScan.readablePaths(warehouse, t, group));
                Path groupDir = dir.resolve("g" + i++);
                TableWriter.Written w = TableWriter.writeUnpartitionedAs(warehouse, c, t, select, targetFileSize, groupDir, group.get(0).partition());
                removed.addAll(group);
                added.addAll(w.files());
                bytesRemoved += group.stream().mapToLong(DataFile::fileSizeInBytes).sum();
            }
        } catch (java.sql.SQLException | IOException e) {
            TableWriter.deleteQuietly(dir);
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Compaction failed: " + e.getMessage(), null, e);
        } catch (RuntimeException e) {
            TableWriter.deleteQuietly(dir);
            throw e;
        }
        t.newRewrite().validateFromSnapshot(base.snapshotId()).rewriteFiles(removed, added)
                .set("zhongtai.operation", "compact").commit();
        return new MaintenanceResult(name.toString(), "compact", "Rewrote " + removed.size() + " file(s) into " + added.size(),
                removed.size(), added.size(), bytesRemoved, t.currentSnapshot().snapshotId());
    }

    /**
     * Deletes files under the table's location that no snapshot and no metadata file references and
     * that are older than {@code olderThan} (so a write still in progress is never touched): what a
     * writer killed before its commit leaves behind.
     */
    public MaintenanceResult clean(TableName name, Duration olderThan, boolean dryRun) {
        Table t = lakehouse.table(name);
        Warehouse warehouse = lakehouse.warehouse();
        Set<String> referenced = referencedFiles(warehouse, t);
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        List<Warehouse.StoredFile> orphans = new ArrayList<>();
        long bytes = 0;
        for (Warehouse.StoredFile f : warehouse.list(t)) {
            if (!referenced.contains(warehouse.key(f.location())) && f.modifiedMillis() < cutoff) {
                orphans.add(f);
                bytes += f.size();
            }
        }
        if (!dryRun) {
            warehouse.delete(t, orphans);
        }
        String verb = dryRun ? "Would delete " : "Deleted ";
        return new MaintenanceResult(name.toString(), "clean", verb + orphans.size() + " orphan file(s), " + bytes + " bytes",
                orphans.size(), 0, bytes, t.currentSnapshot() == null ? null : t.currentSnapshot().snapshotId());
    }

    private static Set<String> referencedFiles(Warehouse warehouse, Table t) {
        java.util.function.Function<String, String> normalize = warehouse::key;
        Set<String> files = new HashSet<>();
        TableMetadata meta = ((HasTableOperations) t).operations().current();
        files.add(normalize.apply(meta.metadataFileLocation()));
        meta.previousFiles().forEach(e -> files.add(normalize.apply(e.file())));
        for (Snapshot s : t.snapshots()) {
            files.add(normalize.apply(s.manifestListLocation()));
            for (ManifestFile m : s.allManifests(t.io())) {
                files.add(normalize.apply(m.path()));
                try (CloseableIterable<String> paths = ManifestFiles.readPaths(m, t.io(), t.specs())) {
                    paths.forEach(p -> files.add(normalize.apply(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }


    private static Snapshot requireSnapshot(Table t, TableName name, long id) {
        Snapshot s = t.snapshot(id);
        if (s == null) {
            throw ZhongtaiException.notFound("Table %s has no snapshot %d", name, id);
        }
        return s;
    }

    private static Snapshot requireCurrent(Table t, TableName name) {
        if (t.currentSnapshot() == null) {
            throw ZhongtaiException.invalid("Table %s has no snapshot yet", name);
        }
        return t.currentSnapshot();
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}

package io.zhongtai.backup;

import io.zhongtai.backup.BackupManifest.DataFileBackup;
import io.zhongtai.backup.BackupManifest.Scope;
import io.zhongtai.backup.BackupManifest.Stats;
import io.zhongtai.backup.BackupManifest.TableBackup;
import io.zhongtai.backup.repo.FileRef;
import io.zhongtai.backup.repo.LockMode;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.backup.repo.RepositoryLock;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * Backups of the platform into registered repositories: create, list, show, verify, prune, forget and the recovery
 * point of each table. Restores are in {@link RestoreService}. Every run is recorded in {@link BackupRuns}.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Platform platform;
    private final BackupRepos repos;
    private final BackupRuns runs;
    private final Clock clock;
    private final int threads;

    public BackupService(Platform platform, Clock clock) {
        this.platform = requireNonNull(platform, "platform is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.repos = new BackupRepos(platform.metadata(), platform.secrets(), clock);
        this.runs = new BackupRuns(platform.metadata(), clock);
        this.threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public BackupRepos repos() {
        return repos;
    }

    public BackupRuns runs() {
        return runs;
    }

    /** One line of {@code backup list}. */
    public record BackupSummary(String id, Instant createdAt, String tag, String scope, int tables, long rows, long bytes,
                                long newBytes, Duration duration) {
        static BackupSummary of(BackupManifest m) {
            return new BackupSummary(m.id(), m.createdAt(), m.tag(), m.scope().describe(), m.tables().size(), m.rowCount(),
                    m.stats().bytes(), m.stats().newBytes(), Duration.ofMillis(m.stats().durationMillis()));
        }
    }

    /**
     * Backs up the tables of {@code scope} and the platform's metadata and configuration as one consistent point.
     * Only data files the repository lacks are read and uploaded: a file a previous backup stored (data files never
     * change once written) is taken from that backup's manifest.
     */
    public BackupManifest create(String repoName, Scope scope, String tag, String actor, ProgressListener progress) {
        String runId = runs.start(BackupRuns.Kind.BACKUP, repoName, "manual", null, actor).orElseThrow();
        return run(runId, () -> recorded(backup(repoName, scope, tag, actor, progress)));
    }

    /** As {@link #create}, for a scheduler tick: empty when another server already ran {@code scheduleKey}. */
    public Optional<BackupManifest> createScheduled(String repoName, Scope scope, String scheduleKey, ProgressListener progress) {
        Optional<String> runId = runs.start(BackupRuns.Kind.BACKUP, repoName, "schedule", scheduleKey, "scheduler");
        if (runId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(run(runId.get(), () -> recorded(backup(repoName, scope, null, "scheduler", progress))));
    }

    /** A finished backup with the figures its run records. */
    private static Result<BackupManifest> recorded(BackupManifest manifest) {
        return new Result<>(manifest, new BackupRuns.Outcome(manifest.id(), manifest.stats().files(), manifest.stats().bytes(),
                manifest.stats().newBytes(), manifest.tables().size() + " tables, " + manifest.rowCount() + " rows"));
    }

    record Result<T>(T value, BackupRuns.Outcome outcome) {
    }

    interface Work<T> {
        Result<T> run();
    }

    /** Runs {@code work} as the run {@code runId}, recording how it ended. */
    <T> T run(String runId, Work<T> work) {
        try (BackupRuns.Heartbeat heartbeat = runs.heartbeat(runId)) {
            Result<T> result = work.run();
            runs.succeeded(runId, result.outcome());
            return result.value();
        } catch (RuntimeException e) {
            runs.failed(runId, e.getMessage());
            throw e;
        }
    }

    private BackupManifest backup(String repoName, Scope scope, String tag, String actor, ProgressListener progress) {
        long started = System.nanoTime();
        try (Repository repository = repos.open(repoName);
             RepositoryLock lock = repository.lock(LockMode.SHARED, "backup");
             Uploader uploader = new Uploader(repository, threads)) {
            MetadataDump dump = MetadataDump.read(platform.metadata());
            PreviousBackups previous = PreviousBackups.read(repository);
            Map<String, TableBackup> tables = new TreeMap<>();
            Map<String, Callable<TableCapture>> changed = new LinkedHashMap<>();
            for (String name : select(scope, dump.tableMetadata().keySet())) {
                String metadataLocation = dump.tableMetadata().get(name);
                Optional<TableBackup> unchanged = previous.table(name, metadataLocation);
                if (unchanged.isPresent()) {
                    tables.put(name, unchanged.get());
                } else {
                    changed.put(name, () -> TableCapture.read(platform.lakehouse(), name, metadataLocation, previous.latest(name)));
                }
            }
            Collection<TableCapture> captures = uploader.inParallel(changed).values();
            List<TableCapture.PendingFile> pending = captures.stream().flatMap(c -> c.files().stream())
                    .filter(f -> !previous.files().containsKey(f.key())).toList();
            Map<String, FileRef> uploaded = new HashMap<>(previous.files());
            uploaded.putAll(uploader.storeAll(pending, progress));
            captures.forEach(c -> tables.put(c.name(), c.toBackup(uploaded)));
            FileRef metadata = uploader.store(dump.toJson());
            FileRef config = uploader.store(read(platform.home().configFile()));
            Path keyFile = Platform.masterKeyFile(platform.home());
            FileRef masterKey = Files.exists(keyFile) ? uploader.store(read(keyFile)) : null;
            long files = tables.values().stream().mapToLong(t -> t.files().size()).sum();
            long bytes = tables.values().stream().mapToLong(TableBackup::bytes).sum();
            Instant now = clock.instant();
            String id = ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, id, now, tag, hostName(), actor,
                    BackupService.class.getPackage().getImplementationVersion(), dump.schemaVersion(), scope, dump.namespaces(),
                    List.copyOf(tables.values()), metadata, config, masterKey, new Stats(files, bytes, pending.size(), uploader.newObjects(),
                    uploader.newBytes(), Duration.ofNanos(System.nanoTime() - started).toMillis()));
            repository.saveManifest(id, manifest.toJson());
            LOG.info("Backup {} of {} saved in {}: {} files, {} read, {} new objects", id, scope.describe(), repository.location(),
                    files, pending.size(), uploader.newObjects());
            return manifest;
        }
    }

    /** The tables of {@code scope}, among those the catalog had at the backup's point. */
    private static List<String> select(Scope scope, Set<String> tables) {
        if (scope.all()) {
            return List.copyOf(new TreeSet<>(tables));
        }
        List<String> selected = new ArrayList<>();
        for (String namespace : scope.namespaces()) {
            List<String> inNamespace = tables.stream().filter(t -> t.startsWith(namespace + ".")).sorted().toList();
            if (inNamespace.isEmpty()) {
                throw ZhongtaiException.notFound("Cannot back up namespace %s: it has no tables", namespace);
            }
            selected.addAll(inNamespace);
        }
        for (String table : scope.tables()) {
            if (!tables.contains(table)) {
                throw ZhongtaiException.notFound("Cannot back up table %s: no such table", table);
            }
            selected.add(table);
        }
        return selected.stream().distinct().toList();
    }

    /**
     * What earlier backups in the repository hold, as far as all its objects are still there: data files by location
     * and size (Iceberg data files are written once, under unique names), and tables by the metadata file they were
     * read from (metadata files never change either), so an unchanged table costs a later backup no reads at all.
     */
    private record PreviousBackups(Map<String, FileRef> files, Map<String, TableBackup> tablesByMetadata,
                                   Map<String, TableBackup> latestByName) {
        static PreviousBackups read(Repository repository) {
            Map<String, FileRef> files = new HashMap<>();
            Map<String, TableBackup> tables = new HashMap<>();
            Map<String, TableBackup> latest = new HashMap<>();
            for (BackupManifest manifest : manifests(repository)) {
                for (TableBackup table : manifest.tables()) {
                    boolean complete = true;
                    for (DataFileBackup file : table.files()) {
                        if (file.file().chunks().stream().allMatch(repository::contains)) {
                            files.put(TableCapture.key(file.location(), file.file().size()), file.file());
                        } else {
                            complete = false;
                        }
                    }
                    if (complete && table.metadataLocation() != null) {
                        tables.put(table.metadataLocation(), table);
                        latest.put(table.name(), table);  // manifests come oldest first
                    }
                }
            }
            return new PreviousBackups(files, tables, latest);
        }

        /** The newest complete earlier backup of a table, from which a backup after appends starts. */
        Optional<TableBackup> latest(String name) {
            return Optional.ofNullable(latestByName.get(name));
        }

        /** The table as backed up before, if it is at the same metadata file (and so the same snapshot) under the same name. */
        Optional<TableBackup> table(String name, String metadataLocation) {
            return Optional.ofNullable(tablesByMetadata.get(metadataLocation)).filter(t -> t.name().equals(name));
        }
    }

    static List<BackupManifest> manifests(Repository repository) {
        return repository.manifestIds().stream().map(id -> BackupManifest.read(repository, id)).toList();
    }

    public List<BackupSummary> list(String repoName) {
        try (Repository repository = repos.open(repoName)) {
            return manifests(repository).stream().map(BackupSummary::of).toList();
        }
    }

    public BackupManifest show(String repoName, String backupId) {
        try (Repository repository = repos.open(repoName)) {
            return BackupManifest.read(repository, backupId);
        }
    }

    /** What verify found: every problem names the object and the backup that needs it. */
    public record VerifyResult(int backups, int objects, long bytesRead, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks that every backup's manifest decrypts and every object it needs exists; with {@code readData}, also reads
     * each object and checks its authentication tag and hash.
     */
    public VerifyResult verify(String repoName, boolean readData, String actor, ProgressListener progress) {
        String runId = runs.start(BackupRuns.Kind.VERIFY, repoName, "manual", null, actor).orElseThrow();
        return run(runId, () -> {
            VerifyResult result = verifyRepository(repoName, readData, progress);
            if (!result.ok()) {
                throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Backup repository " + repoName + " failed verification: "
                        + result.problems().size() + " problems, first: " + result.problems().get(0));
            }
            return new Result<>(result, new BackupRuns.Outcome(null, result.objects(), result.bytesRead(), 0,
                    result.backups() + " backups, " + result.objects() + " objects" + (readData ? " read" : " present")));
        });
    }

    private VerifyResult verifyRepository(String repoName, boolean readData, ProgressListener progress) {
        try (Repository repository = repos.open(repoName);
             RepositoryLock lock = repository.lock(LockMode.SHARED, "verify")) {
            List<String> problems = new ArrayList<>();
            Map<String, String> neededBy = new TreeMap<>();
            int backups = 0;
            for (String id : repository.manifestIds()) {
                BackupManifest manifest;
                try {
                    manifest = BackupManifest.read(repository, id);
                } catch (ZhongtaiException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                backups++;
                objects(manifest).forEach(object -> neededBy.putIfAbsent(object, id));
            }
            long bytesRead = 0;
            int done = 0;
            for (Map.Entry<String, String> object : neededBy.entrySet()) {
                progress.progress("verifying", ++done, neededBy.size());
                if (!repository.contains(object.getKey())) {
                    problems.add("Backup object " + Repository.objectKey(object.getKey()) + " is missing from " + repository.location()
                            + " (needed by backup " + object.getValue() + ")");
                } else if (readData) {
                    try {
                        bytesRead += repository.get(object.getKey()).length;
                    } catch (ZhongtaiException e) {
                        problems.add(e.getMessage() + " (needed by backup " + object.getValue() + ")");
                    }
                }
            }
            return new VerifyResult(backups, neededBy.size(), bytesRead, problems);
        }
    }

    /** Every object a backup needs. */
    static Set<String> objects(BackupManifest manifest) {
        Set<String> objects = new TreeSet<>();
        manifest.tables().forEach(t -> t.files().forEach(f -> objects.addAll(f.file().chunks())));
        objects.addAll(manifest.metadata().chunks());
        objects.addAll(manifest.config().chunks());
        if (manifest.masterKey() != null) {
            objects.addAll(manifest.masterKey().chunks());
        }
        return objects;
    }

    /** What prune did (or, with dry run, would do). */
    public record PruneResult(List<String> kept, List<String> forgotten, int deletedObjects, int removedTemporaries, boolean dryRun) {
    }

    /**
     * Forgets the backups {@code policy} does not keep, then deletes the objects no remaining backup needs. Backups
     * go first, so a crash midway leaves only unreferenced objects, which the next prune deletes.
     */
    public PruneResult prune(String repoName, RetentionPolicy policy, ZoneId zone, boolean dryRun, String actor) {
        if (policy.keepsNothing()) {
            throw ZhongtaiException.invalid("Cannot prune: it would forget every backup; give at least one of --keep-last, --keep-daily, "
                    + "--keep-weekly, --keep-monthly");
        }
        String runId = runs.start(BackupRuns.Kind.PRUNE, repoName, "manual", null, actor).orElseThrow();
        return run(runId, () -> {
            PruneResult result = pruneRepository(repoName, policy, zone, dryRun);
            return new Result<>(result, new BackupRuns.Outcome(null, result.deletedObjects(), 0, 0,
                    "kept " + result.kept().size() + " backups, forgot " + result.forgotten().size() + ", deleted " + result.deletedObjects()
                            + " objects" + (dryRun ? " (dry run)" : "")));
        });
    }

    PruneResult pruneRepository(String repoName, RetentionPolicy policy, ZoneId zone, boolean dryRun) {
        try (Repository repository = repos.open(repoName);
             RepositoryLock lock = repository.lock(LockMode.EXCLUSIVE, "prune")) {
            List<BackupManifest> manifests = manifests(repository);
            Map<String, List<String>> keep = policy.keep(manifests.stream()
                    .map(m -> new RetentionPolicy.Dated(m.id(), m.createdAt())).toList(), zone);
            List<String> forgotten = manifests.stream().map(BackupManifest::id).filter(id -> !keep.containsKey(id)).toList();
            Set<String> needed = new TreeSet<>();
            manifests.stream().filter(m -> keep.containsKey(m.id())).forEach(m -> needed.addAll(objects(m)));
            List<String> unreferenced = repository.objectIds().stream().filter(id -> !needed.contains(id)).toList();
            if (dryRun) {
                return new PruneResult(List.copyOf(keep.keySet()), forgotten, unreferenced.size(), 0, true);
            }
            forgotten.forEach(repository::deleteManifest);
            unreferenced.forEach(repository::delete);
            int temporaries = repository.removeStaleTemporaries();
            LOG.info("Pruned {}: kept {} backups, forgot {}, deleted {} objects", repository.location(), keep.size(), forgotten.size(),
                    unreferenced.size());
            return new PruneResult(List.copyOf(keep.keySet()), forgotten, unreferenced.size(), temporaries, false);
        }
    }

    /** Forgets one backup; its objects are deleted by the next prune unless other backups need them. */
    public void forget(String repoName, String backupId) {
        try (Repository repository = repos.open(repoName);
             RepositoryLock lock = repository.lock(LockMode.EXCLUSIVE, "forget")) {
            repository.readManifest(backupId);
            repository.deleteManifest(backupId);
        }
    }

    /** The recovery point of one table: its newest backup in the repository, if any. */
    public record TableStatus(String table, String backupId, Instant backedUpAt, Duration age) {
    }

    /** {@code backup status}: each table's recovery point age, and the last restore's measured time. */
    public record Status(String repo, int backups, Instant newest, List<TableStatus> tables, Optional<BackupRuns.Run> lastRestore) {
    }

    public Status status(String repoName) {
        try (Repository repository = repos.open(repoName)) {
            List<BackupManifest> manifests = manifests(repository);
            Map<String, BackupManifest> newestByTable = new HashMap<>();
            for (BackupManifest manifest : manifests) {
                for (TableBackup table : manifest.tables()) {
                    newestByTable.merge(table.name(), manifest, (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
                }
            }
            Instant now = clock.instant();
            List<TableStatus> tables = new ArrayList<>();
            for (String namespace : platform.lakehouse().namespaces()) {
                for (TableName name : platform.lakehouse().tables(namespace)) {
                    BackupManifest newest = newestByTable.get(name.toString());
                    tables.add(newest == null ? new TableStatus(name.toString(), null, null, null)
                            : new TableStatus(name.toString(), newest.id(), newest.createdAt(), Duration.between(newest.createdAt(), now)));
                }
            }
            Instant newest = manifests.stream().map(BackupManifest::createdAt).max(Instant::compareTo).orElse(null);
            return new Status(repoName, manifests.size(), newest, tables, runs.lastRestore());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

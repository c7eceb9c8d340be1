package io.zhongtai.backup;

import io.zhongtai.backup.BackupManifest.TableBackup;
import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.repo.LockMode;
import io.zhongtai.backup.repo.Repository;
import io.zhongtai.backup.repo.RepositoryLock;
import io.zhongtai.backup.repo.RepositoryStorage;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Restores backups: tables or namespaces into the running platform (as new tables, or as a new snapshot of the
 * existing table), or the whole platform into an empty home. Every object is checked before its data is used, and
 * a restore that fails leaves nothing behind.
 */
public final class RestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);
    /**
     * Written first into a home being restored; a home holding it may be restored into again (the last try crashed),
     * which starts over from an empty directory.
     */
    static final String HOME_MARKER = ".zhongtai-restore-in-progress";

    private final Platform platform;
    private final BackupService backups;
    private final Clock clock;

    public RestoreService(Platform platform, BackupService backups, Clock clock) {
        this.platform = requireNonNull(platform, "platform is null");
        this.backups = requireNonNull(backups, "backups is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One table of a restore: from which backed-up table, into which, and whether as a new table. */
    public record TableRestore(String source, String target, boolean newTable, long files, long bytes, long rows) {
    }

    /** What a restore did, or with dry run would do. */
    public record RestorePlan(String backupId, List<TableRestore> tables, boolean metadata, boolean dryRun) {
        public long bytes() {
            return tables.stream().mapToLong(TableRestore::bytes).sum();
        }

        public long rows() {
            return tables.stream().mapToLong(TableRestore::rows).sum();
        }

        public long files() {
            return tables.stream().mapToLong(TableRestore::files).sum();
        }
    }

    /**
     * Restores tables of a backup into the running platform. {@code selection}: table names ({@code ns.table}) and
     * namespaces; empty for every table of the backup. {@code as}: a new name, only with one table.
     */
    public RestorePlan restoreTables(String repoName, String backupId, List<String> selection, String as, boolean dryRun,
                                     String actor, ProgressListener progress) {
        if (dryRun) {
            return restoreTables(repoName, backupId, selection, as, true, progress);
        }
        String runId = backups.runs().start(BackupRuns.Kind.RESTORE, repoName, "manual", null, actor).orElseThrow();
        return backups.run(runId, () -> {
            RestorePlan plan = restoreTables(repoName, backupId, selection, as, false, progress);
            return new BackupService.Result<>(plan, new BackupRuns.Outcome(backupId, plan.files(), plan.bytes(), 0,
                    plan.tables().size() + " tables, " + plan.rows() + " rows"));
        });
    }

    private RestorePlan restoreTables(String repoName, String backupId, List<String> selection, String as, boolean dryRun,
                                      ProgressListener progress) {
        try (Repository repository = backups.repos().open(repoName);
             RepositoryLock lock = repository.lock(LockMode.SHARED, "restore")) {
            BackupManifest manifest = BackupManifest.read(repository, backupId);
            List<TableBackup> chosen = choose(manifest, selection);
            if (as != null && chosen.size() != 1) {
                throw ZhongtaiException.invalid("Cannot restore with --as %s: it names one new table, but %d tables were chosen", as, chosen.size());
            }
            TableRestorer restorer = new TableRestorer(platform.lakehouse(), repository, manifest.id(),
                    chosen.stream().mapToLong(TableBackup::bytes).sum(), progress);
            List<TableRestore> plan = new ArrayList<>();
            for (TableBackup table : chosen) {
                TableName target = TableName.parse(as != null ? as : table.name(), null);
                plan.add(new TableRestore(table.name(), target.toString(), restorer.createsTable(target), table.files().size(),
                        table.bytes(), table.rowCount()));
                if (!dryRun) {
                    restorer.checkTarget(table, target);
                }
            }
            checkObjectsExist(repository, manifest, chosen);
            if (!dryRun) {
                for (TableBackup table : chosen) {
                    restorer.restore(table, TableName.parse(as != null ? as : table.name(), null));
                }
                LOG.info("Restored {} tables of backup {} from {}", chosen.size(), backupId, repository.location());
            }
            return new RestorePlan(manifest.id(), plan, false, dryRun);
        }
    }

    private static List<TableBackup> choose(BackupManifest manifest, List<String> selection) {
        if (selection.isEmpty()) {
            return manifest.tables();
        }
        List<TableBackup> chosen = new ArrayList<>();
        for (String item : selection) {
            if (item.contains(".")) {
                chosen.add(manifest.table(item));
            } else {
                List<TableBackup> inNamespace = manifest.tables().stream().filter(t -> t.name().startsWith(item + ".")).toList();
                if (inNamespace.isEmpty()) {
                    throw ZhongtaiException.notFound("Cannot restore namespace %s: backup %s has no tables in it", item, manifest.id());
                }
                chosen.addAll(inNamespace);
            }
        }
        return chosen.stream().distinct().toList();
    }

    /** A missing object fails the restore before anything is written, naming the object. */
    private static void checkObjectsExist(Repository repository, BackupManifest manifest, List<TableBackup> tables) {
        for (TableBackup table : tables) {
            for (BackupManifest.DataFileBackup file : table.files()) {
                for (String chunk : file.file().chunks()) {
                    if (!repository.contains(chunk)) {
                        throw new ZhongtaiException(ZhongtaiException.Kind.CORRUPTED, "Backup object " + Repository.objectKey(chunk)
                                + " is missing from " + repository.location() + " (file " + file.path() + " of " + table.name()
                                + " in backup " + manifest.id() + "); nothing was restored");
                    }
                }
            }
        }
    }

    /**
     * Restores a whole platform (configuration, master key, metadata, every table of the backup) into {@code dir},
     * which must be empty or absent, from a repository opened with its passphrase: what disaster recovery starts
     * from. Then {@code zhongtai server --home dir} runs with the backed-up tables, pipelines, sources and tokens.
     */
    public static RestorePlan restoreHome(RepoLocation location, char[] passphrase, String backupId, Path dir, boolean dryRun,
                                          Map<String, String> env, ProgressListener progress) {
        Path home = dir.toAbsolutePath().normalize();
        checkEmptyHome(home);
        long started = System.nanoTime();
        try (RepositoryStorage storage = location.openStorage();
             Repository repository = Repository.open(storage, passphrase);
             RepositoryLock lock = repository.lock(LockMode.SHARED, "restore")) {
            BackupManifest manifest = BackupManifest.read(repository, backupId);
            checkObjectsExist(repository, manifest, manifest.tables());
            List<TableRestore> plan = manifest.tables().stream().map(t -> new TableRestore(t.name(), t.name(), true, t.files().size(),
                    t.bytes(), t.rowCount())).toList();
            RestorePlan result = new RestorePlan(manifest.id(), plan, true, dryRun);
            if (dryRun) {
                return result;
            }
            MetadataDump dump = MetadataDump.fromJson(bytes(repository, manifest.metadata()));
            boolean existed = Files.exists(home);
            if (Files.exists(home.resolve(HOME_MARKER))) {
                // an earlier restore into this home was killed: what it wrote (metadata rows, tables) would conflict
                removeHome(home, true);
            }
            try {
                Files.createDirectories(home);
                Files.writeString(home.resolve(HOME_MARKER), manifest.id());
                Files.write(home.resolve(PlatformHome.CONFIG_FILE_NAME), bytes(repository, manifest.config()));
                if (manifest.masterKey() != null) {
                    Path keyFile = Platform.masterKeyFile(PlatformHome.resolve(home.toString(), env));
                    Files.createDirectories(keyFile.getParent());
                    Files.write(keyFile, bytes(repository, manifest.masterKey()));
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                }
                try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), env), env)) {
                    dump.restoreInto(platform.metadata());
                    manifest.namespaces().keySet().forEach(ns -> platform.lakehouse().createNamespace(ns, true));
                    TableRestorer restorer = new TableRestorer(platform.lakehouse(), repository, manifest.id(),
                            manifest.tables().stream().mapToLong(TableBackup::bytes).sum(), progress);
                    for (TableBackup table : manifest.tables()) {
                        restorer.restore(table, TableName.parse(table.name(), null));
                    }
                    recordRun(platform, location, result, started);
                }
                Files.delete(home.resolve(HOME_MARKER));
            } catch (IOException e) {
                removeHome(home, existed);
                throw new UncheckedIOException("Cannot restore into " + home + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                removeHome(home, existed);
                throw e;
            }
            LOG.info("Restored backup {} into {}", backupId, home);
            return result;
        }
    }

    /** The restored platform's history shows the restore that made it, with its measured time. */
    private static void recordRun(Platform platform, RepoLocation location, RestorePlan plan, long startedNanos) {
        new BackupRuns(platform.metadata(), Clock.systemUTC()).recordFinished(BackupRuns.Kind.RESTORE, location.url().toString(),
                Duration.ofNanos(System.nanoTime() - startedNanos), new BackupRuns.Outcome(plan.backupId(), plan.files(), plan.bytes(), 0,
                        "whole platform: " + plan.tables().size() + " tables, " + plan.rows() + " rows"), "restore");
    }

    private static void checkEmptyHome(Path home) {
        if (!Files.isDirectory(home)) {
            if (Files.exists(home)) {
                throw ZhongtaiException.conflict("Cannot restore into %s: it is a file", home);
            }
            return;
        }
        try (Stream<Path> entries = Files.list(home)) {
            List<Path> present = entries.toList();
            if (!present.isEmpty() && !Files.exists(home.resolve(HOME_MARKER))) {
                throw ZhongtaiException.conflict("Cannot restore into %s: it is not empty (restore a whole platform into a new directory)", home);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + home + ": " + e.getMessage(), e);
        }
    }

    /** Removes what a failed restore wrote: the whole home, or its contents when the directory was there before. */
    private static void removeHome(Path home, boolean keepDirectory) {
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepDirectory && path.equals(home))) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove the partly restored home {}: {}", home, e.toString());
        }
    }

    private static byte[] bytes(Repository repository, io.zhongtai.backup.repo.FileRef file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        repository.readFile(file, out);
        return out.toByteArray();
    }
}

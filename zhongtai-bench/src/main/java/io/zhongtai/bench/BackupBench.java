package io.zhongtai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.backup.BackupManifest;
import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.BackupService;
import io.zhongtai.backup.RestoreService;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.tpch.TpchData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.zhongtai.bench.Bench.deleteRecursively;
import static io.zhongtai.bench.Bench.execute;
import static io.zhongtai.bench.Bench.longValue;
import static io.zhongtai.bench.Bench.median;
import static io.zhongtai.bench.Bench.option;
import static io.zhongtai.bench.Bench.seconds;

/**
 * Backups, in one run on one machine. The eight TPC-H tables (generated CSVs, cached) are loaded into a platform
 * home; its warehouse directory (Parquet data files and Iceberg metadata) is what every tool below copies.
 * Each step runs {@code runs} times and reports the median; every full backup goes into a fresh repository.
 * <ol>
 * <li><b>tar | zstd</b>: {@code tar -cf - <warehouse> | zstd -1 -q -o <file>} through {@code bash -c}, a new file
 *     each run; MiB/s over the warehouse's bytes. The baseline.</li>
 * <li><b>Full backup</b>: {@code BackupService.create} of every table into an empty file repository registered with a
 *     fixed passphrase (its registration, which runs Argon2id, is not timed); MiB/s over the warehouse's bytes and
 *     the ratio to tar | zstd. Target ≥ 0.8.</li>
 * <li><b>restic</b> (the peer; {@code /usr/bin/restic}, repository format 2, {@code --compression auto}):
 *     {@code restic backup <warehouse>} into a fresh repository ({@code restic init} not timed); MiB/s.</li>
 * <li><b>Incremental backup</b>: 1% more lineitem rows are appended (a copy of 1% of its rows with order keys shifted
 *     past the largest); then one more backup into each full backup's repository, and one more restic backup into
 *     each restic repository. Time and new bytes as % of the full backup's. Target ≤ 5% each.</li>
 * <li><b>Restore</b>: {@code RestoreService.restoreTables} of lineitem from the first full backup as a new table,
 *     and {@code RestoreService.restoreHome} of that whole backup into a new directory; MiB/s over the backed-up data
 *     files' bytes.</li>
 * </ol>
 * Repository sizes (the first full backup's, restic's) are reported against the warehouse's size.
 * Usage: {@code ./mvnw -B -Pbench -pl zhongtai-bench -am install exec:exec -Dbench=BackupBench -Dbench.dir=backup-bench
 * -DskipTests [-Dsf=1] [-Druns=3]}, that is {@code BackupBench [--sf 1] [--dir target/backup-bench] [--runs 3]};
 * figures also go to {@code <dir>/backup-bench-<time>.json}.
 */
public final class BackupBench {
    private static final char[] PASSPHRASE = "backup bench passphrase".toCharArray();
    private static final String RESTIC = "/usr/bin/restic";
    private static final double MIB = 1048576.0;

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        double sf = Double.parseDouble(option(args, "--sf", "1"));
        Path dir = Path.of(option(args, "--dir", "target/backup-bench")).toAbsolutePath();
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        Map<String, Path> csv = TpchTables.csvs(dir, sf);
        Path home = dir.resolve("home");
        Path repos = dir.resolve("repositories");
        deleteRecursively(home);
        deleteRecursively(repos);
        Session session = Session.of(Identity.localUser());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sf", sf);
        try (Platform platform = Platform.open(PlatformHome.resolve(home.toString(), Map.of()), Map.of())) {
            TpchTables.load(platform, session, csv);
            Path warehouse = platform.home().warehouseDir();
            long warehouseBytes = size(warehouse);
            System.out.printf("%nwarehouse %s: %.0f MIB%n", warehouse, warehouseBytes / MIB);
            figures.put("warehouse_mib", warehouseBytes / MIB);
            BackupService backups = new BackupService(platform, Clock.systemUTC());

            List<Path> tarFiles = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                tarFiles.add(repos.resolve("warehouse-" + (i + 1) + ".tar.zst"));
            }
            long[] tarTimes = tarZstd(warehouse, tarFiles);
            long tarBytes = Files.size(tarFiles.get(0));

            List<Path> fullRepos = new ArrayList<>();
            List<BackupManifest> fulls = new ArrayList<>();
            long[] fullTimes = new long[runs];
            for (int i = 0; i < runs; i++) {
                Path repo = repos.resolve("full-" + (i + 1));
                backups.repos().add(repoName(i), location(repo), PASSPHRASE, "bench");
                long t = System.nanoTime();
                fulls.add(backups.create(repoName(i), BackupManifest.Scope.everything(), "full", "bench", ProgressListener.NONE));
                fullTimes[i] = System.nanoTime() - t;
                fullRepos.add(repo);
            }
            long repoBytes = size(fullRepos.get(0));

            Restic restic = new Restic(repos.resolve("restic-cache"));
            List<Path> resticRepos = new ArrayList<>();
            long[] resticTimes = new long[runs];
            for (int i = 0; i < runs; i++) {
                Path repo = repos.resolve("restic-" + (i + 1));
                restic.run(repo, "init", "--repository-version", "2");
                long t = System.nanoTime();
                restic.run(repo, "--compression", "auto", "backup", "--quiet", warehouse.toString());
                resticTimes[i] = System.nanoTime() - t;
                resticRepos.add(repo);
            }
            long resticRepoBytes = size(resticRepos.get(0));

            long appendNanos = System.nanoTime();
            long appended = appendOnePercent(platform, session);
            appendNanos = System.nanoTime() - appendNanos;
            long appendedWarehouseBytes = size(warehouse);

            long[] incrementalTimes = new long[runs];
            long[] incrementalNewBytes = new long[runs];
            long[] resticIncrementalTimes = new long[runs];
            long[] resticIncrementalNewBytes = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                BackupManifest incremental = backups.create(repoName(i), BackupManifest.Scope.everything(), "incremental", "bench",
                        ProgressListener.NONE);
                incrementalTimes[i] = System.nanoTime() - t;
                incrementalNewBytes[i] = incremental.stats().newBytes();
                long before = size(resticRepos.get(i));
                t = System.nanoTime();
                restic.run(resticRepos.get(i), "--compression", "auto", "backup", "--quiet", warehouse.toString());
                resticIncrementalTimes[i] = System.nanoTime() - t;
                resticIncrementalNewBytes[i] = size(resticRepos.get(i)) - before;
            }

            RestoreService restores = new RestoreService(platform, backups, Clock.systemUTC());
            BackupManifest first = fulls.get(0);
            long lineitemBytes = first.table("ods.lineitem").bytes();
            long backupBytes = first.stats().bytes();
            long[] restoreTableTimes = new long[runs];
            long[] restoreHomeTimes = new long[runs];
            for (int i = 0; i < runs; i++) {
                String restored = "ods.lineitem_restored_" + (i + 1);
                long t = System.nanoTime();
                restores.restoreTables(repoName(0), first.id(), List.of("ods.lineitem"), restored, false, "bench", ProgressListener.NONE);
                restoreTableTimes[i] = System.nanoTime() - t;
                execute(platform, session, "DROP TABLE " + restored);
                Path restoredHome = dir.resolve("restored-home");
                deleteRecursively(restoredHome);
                t = System.nanoTime();
                RestoreService.restoreHome(location(fullRepos.get(0)), PASSPHRASE, first.id(), restoredHome, false, Map.of(),
                        ProgressListener.NONE);
                restoreHomeTimes[i] = System.nanoTime() - t;
                deleteRecursively(restoredHome);
            }

            long full = median(fullTimes);
            long fullNewBytes = first.stats().newBytes();
            long incremental = median(incrementalTimes);
            long incrementalBytes = median(incrementalNewBytes);
            long resticFull = median(resticTimes);
            long resticIncremental = median(resticIncrementalTimes);
            long resticIncrementalBytes = median(resticIncrementalNewBytes);
            long restoreTable = median(restoreTableTimes);
            long restoreHome = median(restoreHomeTimes);
            double ratio = (double) median(tarTimes) / full;

            System.out.printf("%n== backup of TPC-H SF %s: %d tables, %.0f MiB warehouse, %.0f MiB in data files; median of %d runs%n",
                    sf, first.tables().size(), warehouseBytes / MIB, backupBytes / MIB, runs);
            System.out.printf("%-40s %9s %10s   %s%n", "measure", "median", "MiB/s", "runs");
            row("tar | zstd -1", tarTimes, warehouseBytes);
            row("full backup (BackupService.create)", fullTimes, warehouseBytes);
            row("restic backup, full", resticTimes, warehouseBytes);
            System.out.printf("full backup / tar | zstd throughput        %.2f  (target >= 0.80)%n", ratio);
            System.out.printf("%nappended %,d lineitem rows (1%%) in %s; warehouse now %.0f MIB%n", appended, seconds(appendNanos),
                    appendedWarehouseBytes / MIB);
            row("incremental backup", incrementalTimes, -1);
            row("restic backup, incremental", resticIncrementalTimes, -1);
            System.out.printf("incremental / full: time %.1f%%, new bytes %.2f%% (%.1f of %.0f MIB)  (target <= 5%% each)%n",
                    100.0 * incremental / full, 100.0 * incrementalBytes / fullNewBytes, incrementalBytes / MIB, fullNewBytes / MIB);
            System.out.printf("restic incremental / full: time %.1f%%, new bytes %.1f MIB%n", 100.0 * resticIncremental / resticFull,
                    resticIncrementalBytes / MIB);
            System.out.printf("%n");
            row("restore lineitem as a new table", restoreTableTimes, lineitemBytes);
            row("restore the whole home", restoreHomeTimes, backupBytes);
            System.out.printf("%nsizes: warehouse %.0f MIB, tar.zst %.0f MIB, backup repository %.0f MiB (%.2f), restic repository %.0f MiB (%.2f)%n",
                    warehouseBytes / MIB, tarBytes / MIB, repoBytes / MIB, (double) repoBytes / warehouseBytes, resticRepoBytes / MIB,
                    (double) resticRepoBytes / warehouseBytes);

            figures.put("data_file_mib", backupBytes / MIB);
            figures.put("tar_zstd_s", median(tarTimes) / 1e9);
            figures.put("tar_zstd_mib_s", warehouseBytes / MIB / (median(tarTimes) / 1e9));
            figures.put("full_s", full / 1e9);
            figures.put("full_mib_s", warehouseBytes / MIB / (full / 1e9));
            figures.put("full_over_tar_zstd", ratio);
            figures.put("full_new_mib", fullNewBytes / MIB);
            figures.put("restic_full_s", resticFull / 1e9);
            figures.put("restic_full_mib_s", warehouseBytes / MIB / (resticFull / 1e9));
            figures.put("appended_rows", appended);
            figures.put("incremental_s", incremental / 1e9);
            figures.put("incremental_new_mib", incrementalBytes / MIB);
            figures.put("incremental_time_pct", 100.0 * incremental / full);
            figures.put("incremental_bytes_pct", 100.0 * incrementalBytes / fullNewBytes);
            figures.put("restic_incremental_s", resticIncremental / 1e9);
            figures.put("restic_incremental_new_mib", resticIncrementalBytes / MIB);
            figures.put("restore_table_s", restoreTable / 1e9);
            figures.put("restore_table_mib_s", lineitemBytes / MIB / (restoreTable / 1e9));
            figures.put("restore_home_s", restoreHome / 1e9);
            figures.put("restore_home_mib_s", backupBytes / MIB / (restoreHome / 1e9));
            figures.put("tar_zstd_file_mib", tarBytes / MIB);
            figures.put("repository_mib", repoBytes / MIB);
            figures.put("restic_repository_mib", resticRepoBytes / MIB);
        }
        Path out = dir.resolve("backup-bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        System.out.println("figures written to " + out);
    }

    /**
     * One timed {@code tar | zstd} into each of {@code outs}. Each run writes a new file and the earlier ones stay
     * (until the repositories directory is removed), as each full backup and restic run writes a new repository:
     * writing into page cache that a deleted file just freed is cheaper on this machine than into fresh pages.
     */
    private static long[] tarZstd(Path warehouse, List<Path> outs) throws Exception {
        long[] times = new long[outs.size()];
        for (int i = 0; i < outs.size(); i++) {
            Files.createDirectories(outs.get(i).getParent());
            String command = "set -o pipefail; tar -C " + quote(warehouse.getParent().toString()) + " -cf - "
                    + quote(warehouse.getFileName().toString()) + " | zstd -1 -q -f -o " + quote(outs.get(i).toString());
            long t = System.nanoTime();
            run(new ProcessBuilder("bash", "-c", command), "tar | zstd");
            times[i] = System.nanoTime() - t;
        }
        return times;
    }

    /** Runs restic against one repository with the fixed passphrase and a cache of its own. */
    private record Restic(Path cache) {
        void run(Path repository, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(RESTIC, "--cache-dir", cache.toString()));
            command.addAll(Arrays.asList(args));
            ProcessBuilder process = new ProcessBuilder(command);
            process.environment().put("RESTIC_REPOSITORY", repository.toString());
            process.environment().put("RESTIC_PASSWORD", new String(PASSPHRASE));
            BackupBench.run(process, "restic " + String.join(" ", args));
        }
    }

    private static void run(ProcessBuilder process, String what) throws Exception {
        Process p = process.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": " + output.strip());
        }
    }

    /** Appends a copy of 1% of lineitem's rows with order keys moved past the largest; returns the rows added. */
    private static long appendOnePercent(Platform platform, Session session) {
        long rows = longValue(platform, session, "SELECT count(*) FROM ods.lineitem");
        long maxKey = longValue(platform, session, "SELECT max(l_orderkey) FROM ods.lineitem");
        String columns = TpchData.columnNames("lineitem").stream().map(c -> c.equals("l_orderkey") ? c + " + " + maxKey : c)
                .collect(Collectors.joining(", "));
        execute(platform, session, "INSERT INTO ods.lineitem SELECT " + columns + " FROM ods.lineitem LIMIT " + rows / 100);
        return longValue(platform, session, "SELECT count(*) FROM ods.lineitem") - rows;
    }

    private static void row(String measure, long[] times, long bytes) {
        long median = median(times);
        System.out.printf("%-40s %9s %10s   %s%n", measure, seconds(median), bytes < 0 ? "" : String.format("%.1f", bytes / MIB / (median / 1e9)),
                Arrays.stream(times).mapToObj(Bench::seconds).collect(Collectors.joining(", ")));
    }

    private static String repoName(int run) {
        return "bench_" + (run + 1);
    }

    private static RepoLocation location(Path repository) {
        return RepoLocation.parse(repository.toUri().toString(), S3Options.DEFAULT);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

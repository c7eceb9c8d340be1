package io.zhongtai.backup;

import io.zhongtai.backup.BackupRepos.RepoLocation;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.Platform;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.load.ProgressListener;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One backup operation in a process of its own, for {@link BackupCrashTest} to kill: prints {@value #READY} once
 * the platform and JVM are up, right before the operation starts, and exits 0 when it has finished.
 *
 * <pre>
 * CrashTarget &lt;home&gt; backup
 * CrashTarget &lt;home&gt; prune
 * CrashTarget &lt;home&gt; restore-table &lt;backup id&gt; &lt;table&gt; &lt;new name&gt;
 * CrashTarget &lt;home&gt; restore-home &lt;repository URL&gt; &lt;passphrase&gt; &lt;backup id&gt; &lt;target dir&gt;
 * </pre>
 */
public final class CrashTarget {
    static final String READY = "ready";
    static final String REPO = "local";
    static final String ACTOR = "crash-test";
    static final RetentionPolicy KEEP_LAST = new RetentionPolicy(1, 0, 0, 0);

    private CrashTarget() {
    }

    public static void main(String[] args) {
        String op = args[1];
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        if (op.equals("restore-home")) {
            RepoLocation location = RepoLocation.parse(rest.get(0), S3Options.DEFAULT);
            ready();
            RestoreService.restoreHome(location, rest.get(1).toCharArray(), rest.get(2), Path.of(rest.get(3)), false, Map.of(),
                    ProgressListener.NONE);
            System.exit(0);
        }
        try (Platform platform = Platform.open(PlatformHome.resolve(args[0], Map.of()), Map.of())) {
            BackupService backups = new BackupService(platform, Clock.systemUTC());
            ready();
            switch (op) {
                case "backup" -> backups.create(REPO, BackupManifest.Scope.everything(), null, ACTOR, ProgressListener.NONE);
                case "prune" -> backups.prune(REPO, KEEP_LAST, ZoneOffset.UTC, false, ACTOR);
                case "restore-table" -> new RestoreService(platform, backups, Clock.systemUTC())
                        .restoreTables(REPO, rest.get(0), List.of(rest.get(1)), rest.get(2), false, ACTOR, ProgressListener.NONE);
                default -> throw new IllegalArgumentException("Unknown operation " + op);
            }
        }
        System.exit(0);
    }

    private static void ready() {
        System.out.println(READY);
        System.out.flush();
    }
}

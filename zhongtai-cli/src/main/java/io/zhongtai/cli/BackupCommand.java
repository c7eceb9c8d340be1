package io.zhongtai.cli;

import io.zhongtai.backup.BackupManifest;
import io.zhongtai.backup.BackupRepos;
import io.zhongtai.backup.BackupSchedules;
import io.zhongtai.backup.BackupService;
import io.zhongtai.backup.RetentionPolicy;
import io.zhongtai.backup.repo.S3Options;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.pipeline.spec.AlertSpec;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code zhongtai backup ...}: repositories, backups, verification, retention and recovery points. */
@Command(name = "backup", description = "Backs up tables, metadata and configuration into encrypted, deduplicated repositories "
        + "(a directory or S3), and verifies and prunes them. See docs/backup.md; restores are `zhongtai restore`.",
        subcommands = {BackupCommand.Repo.class, BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Show.class,
                BackupCommand.Verify.class, BackupCommand.Prune.class, BackupCommand.Forget.class, BackupCommand.Status.class,
                BackupCommand.Runs.class, BackupCommand.Schedule.class})
final class BackupCommand implements Runnable {
    /** Where a repository's passphrase comes from when there is no terminal to ask on. */
    static final String PASSPHRASE_ENV = "ZHONGTAI_BACKUP_PASSPHRASE";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** A backup command: works on the platform of the home directory (over --server the REST API's /api/v1/backups serves the same). */
    abstract static class Action extends BaseCommand {
        @Override
        protected final int run() throws Exception {
            if (main().server() != null) {
                throw ZhongtaiException.invalid("Backups run on the platform's home directory, not over --server: run the command "
                        + "on the server's machine with --home");
            }
            try (Platform platform = main().openPlatform()) {
                return act(new BackupService(platform, Clock.systemUTC()), platform);
            }
        }

        protected abstract int act(BackupService backups, Platform platform) throws Exception;
    }

    /** The {@code --repo} option: a registered repository, or the only one registered. */
    static final class RepoOption {
        @Option(names = "--repo", paramLabel = "NAME", description = "Repository (default: the only one registered).")
        String name;

        String resolve(BackupService backups) {
            if (name != null) {
                return name;
            }
            List<BackupRepos.RepoInfo> repos = backups.repos().list();
            if (repos.size() != 1) {
                throw ZhongtaiException.invalid(repos.isEmpty() ? "No backup repository is registered: add one with `zhongtai backup repo add`"
                        : "Several backup repositories are registered (%s): choose one with --repo", repos.stream().map(BackupRepos.RepoInfo::name).toList());
            }
            return repos.get(0).name();
        }
    }

    /** The {@code --keep-*} options of prune and schedules: restic's retention rules. */
    static final class RetentionArgs {
        @Option(names = "--keep-last", defaultValue = "0", paramLabel = "N", description = "Keep the newest N backups.")
        int last;

        @Option(names = "--keep-daily", defaultValue = "0", paramLabel = "N", description = "Keep the newest backup of each of the last N days with backups.")
        int daily;

        @Option(names = "--keep-weekly", defaultValue = "0", paramLabel = "N", description = "Likewise for ISO weeks.")
        int weekly;

        @Option(names = "--keep-monthly", defaultValue = "0", paramLabel = "N", description = "Likewise for months.")
        int monthly;

        RetentionPolicy policy() {
            return new RetentionPolicy(last, daily, weekly, monthly);
        }
    }

    /** Runs {@code work} with a progress bar on a terminal (none otherwise), erased when it ends. */
    static <T> T withProgress(java.util.function.Function<ProgressListener, T> work) {
        ProgressBar bar = System.console() != null ? new ProgressBar(System.err) : null;
        try {
            return work.apply(bar == null ? ProgressListener.NONE : bar);
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }
    }

    /** The passphrase from {@value #PASSPHRASE_ENV}, else asked on the terminal (twice when {@code confirm}). */
    static char[] passphrase(Map<String, String> env, boolean confirm) {
        String fromEnv = env.get(PASSPHRASE_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw ZhongtaiException.invalid("No passphrase: set %s or run in a terminal to be asked", PASSPHRASE_ENV);
        }
        char[] first = console.readPassword("Repository passphrase: ");
        if (confirm && !Arrays.equals(first, console.readPassword("Repeat the passphrase: "))) {
            throw ZhongtaiException.invalid("The two passphrases differ");
        }
        return first;
    }

    /** S3 options of a repository URL. Keys come from environment variables named by options, never from arguments. */
    static final class S3Args {
        @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint (then path-style addressing is used).")
        URI endpoint;

        @Option(names = "--region", paramLabel = "REGION", description = "S3 region (default: the SDK's).")
        String region;

        @Option(names = "--access-key-env", paramLabel = "VAR", defaultValue = "AWS_ACCESS_KEY_ID",
                description = "Environment variable holding the S3 access key (default: ${DEFAULT-VALUE}).")
        String accessKeyEnv;

        @Option(names = "--secret-key-env", paramLabel = "VAR", defaultValue = "AWS_SECRET_ACCESS_KEY",
                description = "Environment variable holding the S3 secret key (default: ${DEFAULT-VALUE}).")
        String secretKeyEnv;

        S3Options options(Map<String, String> env) {
            return new S3Options(endpoint, region, env.get(accessKeyEnv), env.get(secretKeyEnv), endpoint != null);
        }
    }

    @Command(name = "repo", description = "Registers backup repositories.", subcommands = {Repo.Add.class, Repo.ListRepos.class, Repo.Remove.class})
    static final class Repo implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
        }

        @Command(name = "add", description = "Registers a repository: initialises it with a passphrase (from $" + PASSPHRASE_ENV
                + ", else asked twice) when the location is empty, or opens the repository there. The passphrase is stored "
                + "encrypted with the platform's master key so scheduled backups run unattended; keep it elsewhere too: "
                + "restoring a lost platform needs it.")
        static final class Add extends Action {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Option(names = "--url", required = true, paramLabel = "URL", description = "file:///path or s3://bucket/prefix")
            String url;

            @Mixin
            S3Args s3;

            @Override
            protected int act(BackupService backups, Platform platform) {
                BackupRepos.RepoLocation location = BackupRepos.RepoLocation.parse(url, s3.options(main().env()));
                BackupRepos.RepoInfo info = backups.repos().add(name, location, passphrase(main().env(), true), "cli");
                out().println("Added backup repository " + info.name() + " at " + info.url() + " (repository id " + info.repositoryId() + ")");
                return 0;
            }
        }

        @Command(name = "list", description = "Lists the registered repositories.")
        static final class ListRepos extends Action {
            @Mixin
            OutputOption output;

            @Override
            protected int act(BackupService backups, Platform platform) {
                new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backups.repos().list(),
                        List.of("name", "url", "endpoint", "repository_id", "created_at"),
                        r -> Arrays.asList(r.name(), r.url(), r.endpoint(), r.repositoryId(), TableCommand.time(r.createdAt()))));
                return 0;
            }
        }

        @Command(name = "remove", description = "Unregisters a repository; its contents stay where they are.")
        static final class Remove extends Action {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            protected int act(BackupService backups, Platform platform) {
                backups.repos().remove(name);
                out().println("Removed backup repository " + name + " (its contents were left in place)");
                return 0;
            }
        }
    }

    /** Which tables a backup covers; every table when none is given. */
    static final class ScopeArgs {
        @Option(names = "--tables", split = ",", paramLabel = "NS.TABLE", description = "Only these tables.")
        List<String> tables;

        @Option(names = "--namespace", split = ",", paramLabel = "NS", description = "Only the tables of these namespaces.")
        List<String> namespaces;

        @Option(names = "--all", description = "Every table (the default).")
        boolean all;
    }

    @Command(name = "create", description = "Backs up tables (each at its current snapshot) with the platform's metadata (catalog, "
            + "sources with their secrets still encrypted, pipelines, schedules, quality rules, tokens) and configuration, as one "
            + "consistent point. Only data the repository lacks is uploaded. A progress bar is drawn on a terminal.")
    static final class Create extends Action {
        @Mixin
        RepoOption repo;

        @ArgGroup(exclusive = true)
        ScopeArgs scope;

        @Option(names = "--tag", paramLabel = "LABEL", description = "A label kept with the backup.")
        String tag;

        @Mixin
        OutputOption output;

        static BackupManifest.Scope scope(ScopeArgs scope) {
            return scope == null || scope.all ? BackupManifest.Scope.everything()
                    : new BackupManifest.Scope(false, scope.namespaces == null ? List.of() : scope.namespaces, scope.tables == null ? List.of() : scope.tables);
        }

        @Override
        protected int act(BackupService backups, Platform platform) {
            BackupManifest.Scope chosen = scope(scope);
            BackupManifest manifest = withProgress(progress -> backups.create(repo.resolve(backups), chosen, tag, "cli", progress));
            BackupManifest.Stats stats = manifest.stats();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("backup_id", manifest.id());
            fields.put("tables", manifest.tables().size());
            fields.put("rows", manifest.rowCount());
            fields.put("files", stats.files());
            fields.put("bytes", stats.bytes());
            fields.put("new_files", stats.newFiles());
            fields.put("new_objects", stats.newObjects());
            fields.put("new_bytes", stats.newBytes());
            fields.put("duration_ms", stats.durationMillis());
            new ResultPrinter(out(), err(), output.resolve(main())).record(fields, "Backup " + manifest.id() + ": "
                    + Format.plural(manifest.tables().size(), "table", "tables") + ", " + Format.count(manifest.rowCount()) + " rows, "
                    + Format.bytes(stats.bytes()) + " in " + Format.plural(stats.files(), "file", "files") + "; " + stats.newFiles()
                    + " files read, " + Format.bytes(stats.newBytes()) + " added to the repository, in "
                    + Format.duration(java.time.Duration.ofMillis(stats.durationMillis())));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the backups of a repository, oldest first.")
    static final class ListBackups extends Action {
        @Mixin
        RepoOption repo;

        @Mixin
        OutputOption output;

        @Override
        protected int act(BackupService backups, Platform platform) {
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backups.list(repo.resolve(backups)),
                    List.of("backup_id", "created_at", "tag", "scope", "tables", "rows", "size", "added", "duration"),
                    b -> Arrays.asList(b.id(), TableCommand.time(b.createdAt()), b.tag(), b.scope(), b.tables(), b.rows(),
                            Format.bytes(b.bytes()), Format.bytes(b.newBytes()), Format.duration(b.duration()))));
            return 0;
        }
    }

    @Command(name = "show", description = "Shows one backup: its tables with their snapshot, rows and files.")
    static final class Show extends Action {
        @Parameters(index = "0", paramLabel = "BACKUP_ID")
        String backupId;

        @Mixin
        RepoOption repo;

        @Mixin
        OutputOption output;

        @Override
        protected int act(BackupService backups, Platform platform) {
            BackupManifest m = backups.show(repo.resolve(backups), backupId);
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() != OutputFormat.json) {
                out().println("Backup " + m.id() + " taken " + m.createdAt() + " on " + m.host() + " by " + m.createdBy()
                        + (m.tag() == null ? "" : ", tag " + m.tag()) + ": " + m.scope().describe() + ", metadata schema version " + m.schemaVersion());
            }
            printer.print(TableCommand.listing(m.tables(), List.of("table", "snapshot_id", "rows", "files", "size"),
                    t -> Arrays.asList(t.name(), t.snapshotId(), t.rowCount(), t.files().size(), Format.bytes(t.bytes()))));
            return 0;
        }
    }

    @Command(name = "verify", description = "Checks every backup's manifest and that every object it needs is there; with "
            + "--read-data, also reads each object and checks its authentication tag and hash. Exit code 8 on a problem.")
    static final class Verify extends Action {
        @Mixin
        RepoOption repo;

        @Option(names = "--read-data", description = "Read and check every object, not just that it exists.")
        boolean readData;

        @Override
        protected int act(BackupService backups, Platform platform) {
            BackupService.VerifyResult result = withProgress(progress -> backups.verify(repo.resolve(backups), readData, "cli", progress));
            out().println("Verified " + Format.plural(result.backups(), "backup", "backups") + ", " + Format.plural(result.objects(), "object", "objects")
                    + (readData ? " (" + Format.bytes(result.bytesRead()) + " read and checked)" : " present") + ": no problems");
            return 0;
        }
    }

    @Command(name = "prune", description = "Forgets the backups no --keep-* rule keeps, then deletes the objects no remaining "
            + "backup needs. Takes the repository's exclusive lock.")
    static final class Prune extends Action {
        @Mixin
        RepoOption repo;

        @Mixin
        RetentionArgs retention;

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "Zone of days, weeks and months (default: the system's).")
        ZoneId zone;

        @Option(names = "--dry-run", description = "Only show what would be forgotten and deleted.")
        boolean dryRun;

        @Override
        protected int act(BackupService backups, Platform platform) {
            BackupService.PruneResult result = backups.prune(repo.resolve(backups), retention.policy(),
                    zone == null ? ZoneId.systemDefault() : zone, dryRun, "cli");
            out().println((dryRun ? "Would keep " : "Kept ") + Format.plural(result.kept().size(), "backup", "backups") + ", "
                    + (dryRun ? "forget " : "forgot ") + result.forgotten().size() + (result.forgotten().isEmpty() ? "" : " " + result.forgotten())
                    + ", " + (dryRun ? "delete " : "deleted ") + Format.plural(result.deletedObjects(), "object", "objects"));
            return 0;
        }
    }

    @Command(name = "forget", description = "Forgets one backup; the next prune deletes the objects only it needed.")
    static final class Forget extends Action {
        @Parameters(index = "0", paramLabel = "BACKUP_ID")
        String backupId;

        @Mixin
        RepoOption repo;

        @Override
        protected int act(BackupService backups, Platform platform) {
            backups.forget(repo.resolve(backups), backupId);
            out().println("Forgot backup " + backupId);
            return 0;
        }
    }

    @Command(name = "status", description = "Shows each table's recovery point (its newest backup and that backup's age) and the "
            + "time the last restore took.")
    static final class Status extends Action {
        @Mixin
        RepoOption repo;

        @Mixin
        OutputOption output;

        @Override
        protected int act(BackupService backups, Platform platform) {
            BackupService.Status status = backups.status(repo.resolve(backups));
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() != OutputFormat.json) {
                out().println("Repository " + status.repo() + ": " + Format.plural(status.backups(), "backup", "backups")
                        + (status.newest() == null ? "" : ", newest " + TableCommand.time(status.newest())) + "; last restore: "
                        + status.lastRestore().map(r -> Format.duration(r.duration().orElseThrow()) + " for " + Format.bytes(r.bytes() == null ? 0 : r.bytes())
                        + " on " + TableCommand.time(r.startedAt())).orElse("never measured"));
            }
            printer.print(TableCommand.listing(status.tables(), List.of("table", "backup_id", "backed_up_at", "rpo"),
                    t -> Arrays.asList(t.table(), t.backupId(), TableCommand.time(t.backedUpAt()), t.age() == null ? "never backed up" : Format.duration(t.age()))));
            return 0;
        }
    }

    @Command(name = "runs", description = "Lists backup, restore, verify and prune runs, newest first.")
    static final class Runs extends Action {
        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        OutputOption output;

        @Override
        protected int act(BackupService backups, Platform platform) {
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backups.runs().list(null, limit),
                    List.of("run_id", "kind", "repo", "backup_id", "state", "trigger", "started_at", "duration", "bytes", "error"),
                    r -> Arrays.asList(r.id(), r.kind(), r.repo(), r.backupId(), r.state(), r.trigger(), TableCommand.time(r.startedAt()),
                            r.duration().map(Format::duration).orElse(null), r.bytes() == null ? null : Format.bytes(r.bytes()), r.error())));
            return 0;
        }
    }

    @Command(name = "schedule", description = "Scheduled backups, run by `zhongtai server`: after each backup the repository is "
            + "pruned by the schedule's --keep-* rules; a failure is recorded in `backup runs` and alerted.",
            subcommands = {Schedule.Add.class, Schedule.ListSchedules.class, Schedule.Pause.class, Schedule.Resume.class, Schedule.Remove.class})
    static final class Schedule implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
        }

        @Command(name = "add", description = "Adds a schedule. After downtime only the latest missed tick runs.",
                footerHeading = "%nExample:%n", footer = "  zhongtai backup schedule add nightly --cron \"0 3 * * *\" --time-zone Asia/Shanghai "
                + "--keep-daily 7 --keep-weekly 4 --keep-monthly 6 --webhook https://hooks.example.com/zt")
        static final class Add extends Action {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Mixin
            RepoOption repo;

            @Option(names = "--cron", required = true, paramLabel = "EXPR", description = "Unix cron: minute hour day-of-month month day-of-week.")
            String cron;

            @Option(names = "--time-zone", defaultValue = "UTC", paramLabel = "ZONE", description = "Zone of the cron expression (default: ${DEFAULT-VALUE}).")
            String zone;

            @ArgGroup(exclusive = true)
            ScopeArgs scope;

            @Mixin
            RetentionArgs retention;

            @Option(names = "--webhook", paramLabel = "URL", description = "Alert this URL (JSON POST) when a run fails; repeatable.")
            List<String> webhooks;

            @Option(names = "--email", paramLabel = "ADDRESS", description = "Email this address (alerts.smtp of zhongtai.yaml) when a run fails; repeatable.")
            List<String> emails;

            @Override
            protected int act(BackupService backups, Platform platform) {
                String repoName = repo.resolve(backups);
                backups.repos().get(repoName);
                BackupSchedules.Schedule added = new BackupSchedules(platform.metadata(), Clock.systemUTC()).add(name, repoName, cron, zone,
                        Create.scope(scope), retention.policy(),
                        new AlertSpec(webhooks == null ? List.of() : webhooks, emails == null ? List.of() : emails), "cli");
                out().println("Added backup schedule " + added.name() + ": " + added.cron() + " " + added.timeZone() + " into " + repoName
                        + "; `zhongtai server` runs it");
                return 0;
            }
        }

        @Command(name = "list", description = "Lists backup schedules.")
        static final class ListSchedules extends Action {
            @Mixin
            OutputOption output;

            @Override
            protected int act(BackupService backups, Platform platform) {
                new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(
                        new BackupSchedules(platform.metadata(), Clock.systemUTC()).list(),
                        List.of("name", "repo", "cron", "time_zone", "scope", "keep", "paused"),
                        s -> Arrays.asList(s.name(), s.repo(), s.cron(), s.timeZone().getId(), s.scope().describe(),
                                "last " + s.retention().keepLast() + ", daily " + s.retention().keepDaily() + ", weekly " + s.retention().keepWeekly()
                                        + ", monthly " + s.retention().keepMonthly(), s.paused())));
                return 0;
            }
        }

        /** Pause and resume: one schedule's paused flag. */
        abstract static class SetPaused extends Action {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            abstract boolean paused();

            @Override
            protected int act(BackupService backups, Platform platform) {
                new BackupSchedules(platform.metadata(), Clock.systemUTC()).setPaused(name, paused());
                out().println((paused() ? "Paused" : "Resumed") + " backup schedule " + name);
                return 0;
            }
        }

        @Command(name = "pause", description = "Pauses a schedule: its ticks are skipped until it is resumed.")
        static final class Pause extends SetPaused {
            @Override
            boolean paused() {
                return true;
            }
        }

        @Command(name = "resume", description = "Resumes a paused schedule; as after downtime, the latest tick missed while paused runs at once.")
        static final class Resume extends SetPaused {
            @Override
            boolean paused() {
                return false;
            }
        }

        @Command(name = "remove", description = "Removes a backup schedule; its backups stay.")
        static final class Remove extends Action {
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            protected int act(BackupService backups, Platform platform) {
                new BackupSchedules(platform.metadata(), Clock.systemUTC()).remove(name);
                out().println("Removed backup schedule " + name);
                return 0;
            }
        }
    }
}

package io.zhongtai.cli;

import io.zhongtai.backup.BackupRepos;
import io.zhongtai.backup.BackupService;
import io.zhongtai.backup.RestoreService;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.load.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** {@code zhongtai restore}: tables into the running platform, or a whole platform into an empty home. */
@Command(name = "restore", description = "Restores a backup. With --into-home, the whole platform (configuration, master key, "
        + "metadata, every table) into an empty directory, from a repository reached by --repo-url and its passphrase ($"
        + BackupCommand.PASSPHRASE_ENV + ", else asked); then `zhongtai server --home DIR` runs it. Otherwise tables or "
        + "namespaces into this platform: a table that exists gets the backed-up rows as a new snapshot (its history stays), "
        + "any other is created. Every object is checked against its hash and every file against its recorded rows; on any "
        + "error nothing is restored.",
        footerHeading = "%nExamples:%n", footer = {
        "  zhongtai restore 20261126-170501-3fa2c1 --tables dwd.orders --as dwd.orders_restored",
        "  zhongtai restore 20261126-170501-3fa2c1 --tables dwd --dry-run",
        "  zhongtai restore 20261126-170501-3fa2c1 --repo-url s3://backups/zt --endpoint http://minio:9000 --into-home /srv/zhongtai"})
final class RestoreCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BACKUP_ID")
    String backupId;

    @Mixin
    BackupCommand.RepoOption repo;

    @Option(names = "--repo-url", paramLabel = "URL", description = "With --into-home: the repository's file:///path or s3://bucket/prefix.")
    String repoUrl;

    @Mixin
    BackupCommand.S3Args s3;

    @Option(names = "--tables", split = ",", paramLabel = "NS.TABLE|NS", description = "Only these tables or namespaces (default: all of the backup's).")
    List<String> tables;

    @Option(names = "--as", paramLabel = "NS.TABLE", description = "Restore the one chosen table under this new name.")
    String as;

    @Option(names = "--into-home", paramLabel = "DIR", description = "Restore the whole platform into this empty or new directory.")
    Path intoHome;

    @Option(names = "--dry-run", description = "Only show what would be restored, after checking that every object is there.")
    boolean dryRun;

    @Mixin
    OutputOption output;

    @Override
    protected int run() {
        RestoreService.RestorePlan plan = BackupCommand.withProgress(progress -> intoHome != null ? restoreHome(progress) : restoreTables(progress));
        ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
        if (printer.format() != OutputFormat.json) {
            out().println((dryRun ? "Would restore " : "Restored ") + Format.plural(plan.tables().size(), "table", "tables") + " of backup "
                    + plan.backupId() + ": " + Format.count(plan.rows()) + " rows, " + Format.bytes(plan.bytes())
                    + (plan.metadata() ? ", with the platform's metadata and configuration, into " + intoHome.toAbsolutePath() : ""));
        }
        printer.print(TableCommand.listing(plan.tables(), List.of("table", "restored_as", "how", "files", "rows", "size"),
                t -> Arrays.asList(t.source(), t.target(), t.newTable() ? "new table" : "new snapshot", t.files(), t.rows(), Format.bytes(t.bytes()))));
        return 0;
    }

    private RestoreService.RestorePlan restoreHome(ProgressListener progress) {
        if (repoUrl == null) {
            throw ZhongtaiException.invalid("--into-home needs --repo-url: the platform whose registrations name repositories is the one being restored");
        }
        if (tables != null || as != null) {
            throw ZhongtaiException.invalid("--into-home restores the whole platform: drop --tables and --as");
        }
        BackupRepos.RepoLocation location = BackupRepos.RepoLocation.parse(repoUrl, s3.options(main().env()));
        return RestoreService.restoreHome(location, BackupCommand.passphrase(main().env(), false), backupId, intoHome, dryRun,
                main().env(), progress);
    }

    private RestoreService.RestorePlan restoreTables(ProgressListener progress) {
        if (repoUrl != null) {
            throw ZhongtaiException.invalid("--repo-url is for --into-home; restore tables from a registered repository with --repo");
        }
        try (Platform platform = main().openPlatform()) {
            BackupService backups = new BackupService(platform, Clock.systemUTC());
            return new RestoreService(platform, backups, Clock.systemUTC()).restoreTables(repo.resolve(backups), backupId,
                    tables == null ? List.of() : tables, as, dryRun, "cli", progress);
        }
    }
}

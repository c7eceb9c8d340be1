package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code zhongtai sync}: copies a source's tables into the lakehouse. */
@Command(name = "sync", sortOptions = false,
        description = {
                "Copies tables (topics, queues, files, endpoints) of a registered source into lakehouse tables named "
                        + "<into>.<source>_<table>, created on first sync.",
                "full reads every row (in parallel primary-key ranges) and replaces the table's rows in one commit; incremental reads "
                        + "rows past the stored high-water mark of --cursor and upserts them by primary key (for Kafka and RabbitMQ: consumes "
                        + "the messages there are and appends them); cdc takes a snapshot, then follows the change log (PostgreSQL, MySQL).",
                "Every commit stores the position reached, so re-running is safe and a killed sync resumes from its last commit. "
                        + "New source columns are added to the table, widened types followed; an incompatible change fails that table "
                        + "with nothing committed.",
                "cdc and --follow run until Ctrl-C, which stops after committing the batch in progress.",
                "With --server the sync runs as a job of the server and this command follows its progress; --detach leaves it "
                        + "running there (following jobs are resumed when the server restarts, until stopped)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  zhongtai sync shop --tables public.orders,public.customers",
                "  zhongtai sync shop --all --mode incremental --cursor updated_at",
                "  zhongtai sync shop --tables public.orders --mode cdc",
                "  zhongtai sync events --tables clicks --follow"})
final class SyncCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The registered source.")
    String source;

    @Option(names = "--tables", split = ",", paramLabel = "T1,T2", description = "Source tables as [namespace.]table (or topics, queues).")
    List<String> tables;

    @Option(names = "--all", description = "Every table of every namespace of the source.")
    boolean all;

    @Option(names = "--into", paramLabel = "NAMESPACE", defaultValue = "ods", description = "Lakehouse namespace (default: ${DEFAULT-VALUE}).")
    String into;

    @Option(names = "--mode", paramLabel = "full|incremental|cdc", defaultValue = "full", description = "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--cursor", paramLabel = "COLUMN", description = "Incremental: the column whose growth marks new rows (e.g. updated_at, id); "
            + "remembered after the first run.")
    String cursor;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel readers per table (default: the number of CPUs, at least 2).")
    Integer parallelism;

    @Option(names = "--follow", description = "Streams and cdc: keep running after catching up, until Ctrl-C (cdc always follows unless --no-follow).",
            negatable = true)
    Boolean follow;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Streams and cdc: commit at least this often (default: ${DEFAULT-VALUE}).")
    String commitInterval;

    @Option(names = "--detach", description = "With --server: start the sync as a server job, print its id and return.")
    boolean detach;

    @Mixin
    OutputOption output;

    @Override
    protected int run() {
        if (all == (tables != null && !tables.isEmpty())) {
            throw ZhongtaiException.invalid("Say which tables to sync: either --tables a,b or --all");
        }
        SyncMode syncMode = SyncMode.parse(mode);
        boolean keepFollowing = follow != null ? follow : syncMode == SyncMode.CDC;
        int readers = parallelism != null ? parallelism : Math.max(2, Runtime.getRuntime().availableProcessors());
        SyncRequest request = new SyncRequest(source, tables, all, into, syncMode, Optional.ofNullable(cursor), readers,
                keepFollowing, Format.parseDuration(commitInterval));
        OutputFormat format = output.resolve(main());
        SyncProgress bar = System.console() != null ? new SyncProgress(System.err) : null;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C asks the sync to stop after its current batch and waits for that commit before the JVM exits.
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zt-sync-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        SyncResult result;
        try (Backend backend = main().openBackend()) {
            if (detach) {
                String job = backend.startSyncJob(request);
                new ResultPrinter(out(), err(), format).record(Map.of("job", job), "Started sync job " + job
                        + " (GET /api/v1/syncs/" + job + " shows it, DELETE stops it)");
                return 0;
            }
            try {
                result = backend.sync(request, bar != null ? bar : SyncListener.NONE, stop);
            } catch (IntegrationService.SyncFailedException e) {
                if (bar != null) {
                    bar.clear();
                }
                print(new ResultPrinter(out(), err(), format), e.result());
                throw e;
            }
        } finally {
            if (bar != null) {
                bar.clear();
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        print(new ResultPrinter(out(), err(), format), result);
        return 0;
    }

    static void print(ResultPrinter printer, SyncResult r) {
        if (printer.format() == OutputFormat.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("runId", r.runId());
            fields.put("source", r.source());
            fields.put("mode", r.mode().label());
            fields.put("status", r.status());
            fields.put("rows", r.rows());
            fields.put("durationMs", r.duration().toMillis());
            fields.put("tables", r.tables());
            printer.record(fields, null);
            return;
        }
        printer.print(TableCommand.listing(r.tables(), List.of("source_table", "target_table", "status", "rows", "deleted", "dead_letters",
                        "snapshot_id", "error"),
                t -> Arrays.asList(t.sourceTable(), t.targetTable(), t.status(), t.rows(), t.deleted(), t.deadLetters(), t.snapshotId(),
                        t.error())));
        if (printer.format() == OutputFormat.table) {
            printer.record(Map.of(), "Sync " + r.status() + ": " + Format.plural(r.rows(), "row", "rows") + " in "
                    + Format.duration(r.duration()) + " (" + Format.rate(r.rows(), r.duration(), "rows") + ")");
        }
    }
}

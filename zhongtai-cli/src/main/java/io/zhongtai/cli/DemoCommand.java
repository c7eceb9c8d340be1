package io.zhongtai.cli;

import io.zhongtai.cli.demo.DemoDataset;
import io.zhongtai.cli.demo.DemoPipeline;
import io.zhongtai.cli.demo.DemoSql;
import io.zhongtai.core.Platform;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.Session;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import io.zhongtai.server.ZhongtaiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code zhongtai demo}: a demo home with an e-commerce dataset loaded into ods, cleaned and
 * aggregated into dwd/dws/ads with SQL, served by the REST API.
 */
@Command(name = "demo", sortOptions = false,
        description = {
                "Creates a demo platform home (./zhongtai-demo unless --home is given) with a generated e-commerce dataset "
                        + "(customers, products, orders, order items, with dirty rows: duplicates, bad emails, missing prices, mixed date formats), "
                        + "loads it into ods, builds dwd/dws/ads tables with SQL, then starts the server and prints its URL, "
                        + "a token and example commands. Runs until Ctrl-C.",
                "An existing demo home is rebuilt from scratch; any other existing directory is left alone."})
final class DemoCommand extends BaseCommand {
    /** Marks a directory as made by this command, so a re-run may wipe it. */
    static final String MARKER = ".zhongtai-demo";

    @Option(names = "--port", paramLabel = "N", description = "Server port (default: 7070; 0 picks a free one).")
    int port = 7070;

    @Option(names = "--no-server", description = "Build the demo home and exit without starting the server.")
    boolean noServer;

    @Override
    protected int run() throws Exception {
        long started = System.nanoTime();
        Path dir = Path.of(main().explicitHome() != null ? main().explicitHome() : "zhongtai-demo").toAbsolutePath().normalize();
        prepare(dir);
        step("Generating the e-commerce dataset");
        DemoDataset data = DemoDataset.generate(dir.resolve("demo-data"));
        done(data.rowCounts().values().stream().mapToLong(Long::longValue).sum() + " rows in " + data.tables().size() + " CSV files");

        Platform platform = Platform.open(PlatformHome.resolve(dir.toString(), main().env()), main().env());
        ZhongtaiServer server = null;
        try {
            Session session = Session.of(Identity.localUser());
            for (DemoDataset.TableFile file : data.tables()) {
                step("Loading ods." + file.table());
                LoadResult r = platform.sessions().load(session, new LoadRequest(new TableName("ods", file.table()),
                        List.of(file.path().toString()), "csv", LoadRequest.Mode.APPEND, true, 0, allVarchar(file.path()), null),
                        ProgressListener.NONE);
                done(Format.count(r.rows()) + " rows");
            }
            // The layers are built by the demo's pipeline, which the server then runs every night.
            Path spec = Files.createDirectories(dir.resolve("pipelines")).resolve(DemoPipeline.NAME + ".yaml");
            Files.writeString(spec, DemoPipeline.yaml());
            PipelineService pipelines = new PipelineService(platform, Clock.systemUTC());
            step("Applying pipeline " + DemoPipeline.NAME + " from " + dir.relativize(spec));
            pipelines.apply(session, dir.relativize(spec).toString(), Files.readString(spec));
            done("version 1");
            step("Running it (ods -> dwd -> dws -> ads, with cleaning and quality rules)");
            RunStore.Run run = pipelines.runNow(session, DemoPipeline.NAME, Optional.empty());
            if (run.state() != RunState.SUCCEEDED) {
                throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "The demo pipeline failed: " + run.error()
                        + " (zhongtai pipeline logs " + run.id() + ")");
            }
            done("succeeded in " + Format.duration(Duration.between(run.startedAt(), run.finishedAt())));
            for (RunStore.NodeRun node : pipelines.run(run.id()).nodes()) {
                err().printf("  Built %-28s %s%n", node.node(), node.rowsOut() == null ? node.state().label()
                        : Format.count(node.rowsOut()) + " rows" + (node.rowsRejected() == null || node.rowsRejected() == 0 ? ""
                        : ", " + Format.count(node.rowsRejected()) + " quarantined"));
            }
            String token = platform.tokens().create("demo-" + System.currentTimeMillis() / 1000, Identity.localUser()).secret();
            out().printf("%nDemo home ready in %s: %s%n", Format.duration(Duration.ofNanos(System.nanoTime() - started)), dir);
            if (!noServer) {
                server = ServerCommand.start(platform, platform.config().server().bind(), port);
            }
            printNextSteps(dir, server, token);
            if (noServer) {
                return 0;
            }
            return ServerCommand.serveUntilShutdown(platform, server);
        } catch (RuntimeException | IOException e) {
            if (server != null) {
                server.close();
            }
            platform.close();
            throw e;
        }
    }

    /** Refuses to touch a directory the demo did not make; wipes one it did. */
    private void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> children = Files.list(dir)) {
                empty = children.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new ZhongtaiException(ZhongtaiException.Kind.CONFLICT, "Cannot create the demo in " + dir
                        + ": the directory exists and was not made by `zhongtai demo`; choose another with --home");
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by zhongtai demo; a re-run wipes this directory\n");
    }

    /** Raw layer: every column as text, so dirty values land as they are and the dwd SQL cleans them. */
    private static String allVarchar(Path csv) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            return Arrays.stream(r.readLine().split(",")).map(c -> c.trim() + " VARCHAR").collect(Collectors.joining(", "));
        }
    }

    private long stepStarted;

    private void step(String what) {
        stepStarted = System.nanoTime();
        err().printf("%-34s", what + " ...");
        err().flush();
    }

    private void done(String what) {
        err().printf(" %s (%s)%n", what, Format.duration(Duration.ofNanos(System.nanoTime() - stepStarted)));
        err().flush();
    }

    private void printNextSteps(Path dir, ZhongtaiServer server, String token) {
        String home = Path.of("").toAbsolutePath().relativize(dir).toString();
        String homeOption = home.isEmpty() || home.startsWith("..") ? dir.toString() : home;
        if (server != null) {
            out().printf("Console: %s/  (sign in with the token below)%n", server.url());
            out().printf("Server:  %s  (API under /api/v1, OpenAPI at /api/v1/openapi.json)%n", server.url());
        }
        out().printf("Token:   %s%n%nTry:%n", token);
        List<String> queries = DemoSql.exampleQueries();
        String first = oneLine(queries.get(0));
        out().printf("  ./zhongtai --home %s sql \"%s\"%n", homeOption, first);
        out().printf("  ./zhongtai --home %s table history dwd.orders%n", homeOption);
        if (server != null) {
            out().printf("  curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
                    + "       -d '{\"sql\": \"%s\"}' %s/api/v1/sql%n", token, oneLine(queries.get(2)).replace("'", "'\\''"), server.url());
            out().printf("%nRunning until Ctrl-C.%n");
        } else {
            out().printf("  ./zhongtai --home %s server   # then open http://127.0.0.1:7070/ and sign in with the token above%n", homeOption);
        }
        out().flush();
    }

    /** A query without its title comment, on one line. */
    private static String oneLine(String query) {
        return query.lines().filter(l -> !l.startsWith("--")).map(String::trim).collect(Collectors.joining(" "));
    }
}

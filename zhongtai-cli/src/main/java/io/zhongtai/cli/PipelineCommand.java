package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.pipeline.PipelineDetail;
import io.zhongtai.pipeline.PipelineService;
import io.zhongtai.pipeline.PipelineSummary;
import io.zhongtai.pipeline.store.PipelineStore;
import io.zhongtai.pipeline.store.RunState;
import io.zhongtai.pipeline.store.RunStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code zhongtai pipeline ...}: layered transformation pipelines, their versions, runs and logs. */
@Command(name = "pipeline", description = "Validates, applies and runs pipelines (DAGs of sync, sql, clean, quality and export nodes); "
        + "lists runs and shows their logs. See docs/pipelines.md for the YAML. Acts on the home, or on the server given with --server.",
        subcommands = {PipelineCommand.Validate.class, PipelineCommand.Apply.class, PipelineCommand.ListPipelines.class,
                PipelineCommand.Show.class, PipelineCommand.Run.class, PipelineCommand.Backfill.class, PipelineCommand.Rerun.class,
                PipelineCommand.Runs.class, PipelineCommand.Logs.class, PipelineCommand.Pause.class, PipelineCommand.Resume.class})
final class PipelineCommand implements Runnable {
    /** Exit code of {@code run}, {@code backfill} and {@code rerun} when a run failed. */
    static final int RUN_FAILED = 7;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "validate", description = "Checks spec files without storing them: YAML, nodes, parameters, SQL, tables and the graph. "
            + "Every problem is listed with file:line:column; exit code 2 when there is one.")
    static final class Validate extends BackendCommand {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Spec files, or directories of *.yaml / *.yml files.")
        List<Path> paths;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            List<Map<String, Object>> valid = new ArrayList<>();
            for (Path file : specFiles(paths)) {
                PipelineDetail detail = backend.validatePipeline(file.toString(), read(file));
                valid.add(Map.of("file", file.toString(), "pipeline", detail.summary().name(), "nodes", detail.nodes().size(),
                        "order", String.join(" -> ", detail.nodes().stream().map(PipelineDetail.Node::name).toList())));
            }
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(valid, List.of("file", "pipeline", "nodes", "order"),
                    m -> Arrays.asList(m.get("file"), m.get("pipeline"), m.get("nodes"), m.get("order"))));
            return 0;
        }
    }

    @Command(name = "apply", description = "Validates spec files and stores each as its pipeline's new version (unchanged text adds no version).",
            footerHeading = "%nExamples:%n", footer = {"  zhongtai pipeline apply pipelines/", "  zhongtai pipeline apply shop_daily.yaml"})
    static final class Apply extends BackendCommand {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Spec files, or directories of *.yaml / *.yml files.")
        List<Path> paths;

        @Override
        protected int act(Backend backend) {
            List<Path> files = specFiles(paths);
            // Every file is checked before any is stored, so a bad file leaves all pipelines as they were.
            for (Path file : files) {
                backend.validatePipeline(file.toString(), read(file));
            }
            for (Path file : files) {
                PipelineStore.Applied applied = backend.applyPipeline(file.toString(), read(file));
                out().println(applied.changed()
                        ? "Applied pipeline " + applied.pipeline() + " version " + applied.version() + " from " + file
                        : "Pipeline " + applied.pipeline() + " is unchanged (version " + applied.version() + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Lists pipelines: version, schedule, paused, nodes, last run.")
    static final class ListPipelines extends BackendCommand {
        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(backend.pipelines(),
                    List.of("name", "version", "schedule", "paused", "nodes", "last_run", "last_bizdate", "updated_at"),
                    (PipelineSummary p) -> Arrays.asList(p.name(), p.version(), p.schedule(), p.paused(), p.nodes(), p.lastRunState(),
                            p.lastRunBizdate(), TableCommand.time(p.updatedAt()))));
            return 0;
        }
    }

    @Command(name = "show", description = "Shows a pipeline's nodes in run order (what each waits for, reads and writes), or with --yaml its spec.")
    static final class Show extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--version", paramLabel = "N", description = "A stored version instead of the current one.")
        Integer version;

        @Option(names = "--yaml", description = "Print the spec as applied.")
        boolean yaml;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            PipelineDetail detail = backend.pipeline(name, Optional.ofNullable(version));
            if (yaml) {
                out().print(detail.yaml());
                return 0;
            }
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() == OutputFormat.json) {
                printer.record(Map.of("summary", detail.summary(), "nodes", detail.nodes()), null);
                return 0;
            }
            PipelineSummary s = detail.summary();
            out().println("Pipeline " + s.name() + " version " + s.version() + (s.paused() ? " (paused)" : "")
                    + (s.schedule() == null ? ", no schedule" : ", schedule " + s.schedule())
                    + (s.dependsOn().isEmpty() ? "" : ", after " + String.join(", ", s.dependsOn())));
            printer.print(TableCommand.listing(detail.nodes(), List.of("node", "kind", "after", "reads", "writes"),
                    n -> Arrays.asList(n.name(), n.kind(), String.join(", ", n.upstream()), String.join(", ", n.reads()),
                            String.join(", ", n.writes()))));
            return 0;
        }
    }

    @Command(name = "run", description = "Runs a pipeline now for a business date and waits for it; exit code 7 when the run failed.")
    static final class Run extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--bizdate", paramLabel = "YYYY-MM-DD", description = "The business date the run processes (default: yesterday).")
        String bizdate;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            RunStore.Run run = backend.runPipeline(name, Optional.ofNullable(bizdate).map(d -> date(d, "--bizdate")));
            return report(backend, List.of(run), this, output);
        }
    }

    @Command(name = "backfill", description = "Runs a pipeline for every date of a range (inclusive), PARALLELISM dates at a time; "
            + "exit code 7 when a run failed.")
    static final class Backfill extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
        String from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
        String to;

        @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N", description = "Dates run at once (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            return report(backend, backend.backfillPipeline(name, date(from, "--from"), date(to, "--to"), parallelism), this, output);
        }
    }

    @Command(name = "rerun", description = "Runs a failed run again from its failed nodes; nodes that succeeded are not run again.")
    static final class Rerun extends BackendCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID")
        String runId;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            return report(backend, List.of(backend.rerunPipeline(runId)), this, output);
        }
    }

    @Command(name = "runs", description = "Lists runs, newest first: state, business date, trigger, duration; with RUN_ID one run's nodes.")
    static final class Runs extends BackendCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE|RUN_ID")
        String target;

        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (target != null && looksLikeRunId(target)) {
                printNodes(printer, backend.pipelineRun(target));
                return 0;
            }
            printer.print(TableCommand.listing(backend.pipelineRuns(target, limit),
                    List.of("run_id", "pipeline", "version", "bizdate", "trigger", "state", "queued_at", "duration", "error"),
                    r -> Arrays.asList(r.id(), r.pipeline(), r.version(), r.bizdate(), r.trigger(), r.state().label(),
                            TableCommand.time(r.queuedAt()), duration(r), r.error())));
            return 0;
        }
    }

    @Command(name = "logs", description = "Prints a run's log: every node's, each line prefixed by its node, or one node's.")
    static final class Logs extends BackendCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID")
        String runId;

        @Option(names = "--node", paramLabel = "NODE", description = "Only this node's log.")
        String node;

        @Override
        protected int act(Backend backend) {
            out().print(backend.pipelineLogs(runId, node));
            return 0;
        }
    }

    @Command(name = "pause", description = "Stops starting scheduled runs of a pipeline (queued and running runs go on).")
    static final class Pause extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int act(Backend backend) {
            out().println(backend.pausePipeline(name, true) ? "Paused pipeline " + name : "Pipeline " + name + " was paused already");
            return 0;
        }
    }

    @Command(name = "resume", description = "Starts scheduled runs of a paused pipeline again.")
    static final class Resume extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int act(Backend backend) {
            out().println(backend.pausePipeline(name, false) ? "Resumed pipeline " + name : "Pipeline " + name + " was not paused");
            return 0;
        }
    }

    /** Prints finished runs with their nodes; the exit code says whether all succeeded. */
    private static int report(Backend backend, List<RunStore.Run> runs, BaseCommand command, OutputOption output) {
        ResultPrinter printer = new ResultPrinter(command.out(), command.err(), output.resolve(command.main()));
        boolean failed = false;
        for (RunStore.Run run : runs) {
            PipelineService.RunDetail detail = backend.pipelineRun(run.id());
            if (printer.format() != OutputFormat.json) {
                command.out().println("Run " + run.id() + " of " + run.pipeline() + " for " + run.bizdate() + ": " + run.state().label()
                        + " in " + duration(run) + (run.error() == null ? "" : " (" + run.error() + ")"));
            }
            printNodes(printer, detail);
            failed |= run.state() != RunState.SUCCEEDED;
        }
        if (failed) {
            command.err().println("Logs: zhongtai pipeline logs <run_id>; continue a failed run: zhongtai pipeline rerun <run_id>");
        }
        return failed ? RUN_FAILED : 0;
    }

    private static void printNodes(ResultPrinter printer, PipelineService.RunDetail detail) {
        if (printer.format() == OutputFormat.json) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("run", detail.run());
            record.put("nodes", detail.nodes());
            printer.record(record, null);
            return;
        }
        printer.print(TableCommand.listing(detail.nodes(),
                List.of("node", "state", "attempts", "rows_in", "rows_out", "rows_rejected", "duration", "error"),
                n -> Arrays.asList(n.node(), n.state().label(), n.attempts(), n.rowsIn(), n.rowsOut(), n.rowsRejected(),
                        n.startedAt() == null || n.finishedAt() == null ? null
                                : Format.duration(Duration.between(n.startedAt(), n.finishedAt())), n.error())));
    }

    private static Object duration(RunStore.Run r) {
        return r.startedAt() == null || r.finishedAt() == null ? null : Format.duration(Duration.between(r.startedAt(), r.finishedAt()));
    }

    private static boolean looksLikeRunId(String text) {
        return text.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ZhongtaiException.invalid("%s must be a date such as 2026-11-01, got '%s'", option, text);
        }
    }

    /** The spec files named: files as given, directories' *.yaml and *.yml files in name order. */
    static List<Path> specFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> entries = Files.list(p)) {
                    List<Path> specs = entries.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
                    if (specs.isEmpty()) {
                        throw ZhongtaiException.invalid("Directory %s holds no .yaml or .yml files", p);
                    }
                    files.addAll(specs);
                } catch (IOException e) {
                    throw ZhongtaiException.invalid("Cannot list %s: %s", p, e.getMessage());
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ZhongtaiException.notFound("Pipeline spec %s does not exist", file);
        } catch (IOException e) {
            throw ZhongtaiException.invalid("Cannot read %s: %s", file, e.getMessage());
        }
    }
}

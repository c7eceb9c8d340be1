package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.PipelineService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code zhongtai quality run|results}: data quality rules attached to tables, their results and scores. */
@Command(name = "quality", description = "Checks data quality rules attached to a table and shows their results and score. "
        + "Pipelines check rules of their nodes too (see docs/pipelines.md).",
        subcommands = {QualityCommand.Run.class, QualityCommand.Results.class})
final class QualityCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "run", description = "Checks the table's rules now; with --rules, attaches the rules in FILE first (replacing any). "
            + "Exit code 7 when a rule of severity block failed.",
            footerHeading = "%nExample rules file:%n", footer = {"  - {type: not_null, column: order_id}",
            "  - {type: unique, columns: [order_id]}", "  - {type: range, column: amount, min: 0, severity: warn}"})
    static final class Run extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NS.TABLE")
        String table;

        @Option(names = "--rules", paramLabel = "FILE", description = "A YAML list of rules to attach to the table.")
        Path rules;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            Optional<String> yaml = Optional.ofNullable(rules).map(Run::read);
            PipelineService.QualityCheck check = backend.checkQuality(TableName.parse(table, null), yaml,
                    rules == null ? table : rules.toString());
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() != OutputFormat.json) {
                out().println(String.format(java.util.Locale.ROOT, "Quality of %s: score %.2f, %s", check.table(), check.score(),
                        check.passed() ? "passed" : "FAILED (a blocking rule failed)"));
            }
            printer.print(TableCommand.listing(check.results(), List.of("rule", "type", "severity", "passed", "failing_rows", "observed", "message"),
                    r -> Arrays.asList(r.rule(), r.type(), r.severity().name().toLowerCase(java.util.Locale.ROOT), r.passed(),
                            r.failingRows(), r.observed(), r.message())));
            return check.passed() ? 0 : PipelineCommand.RUN_FAILED;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw ZhongtaiException.invalid("Cannot read rules file %s: %s", file, e.getMessage());
            }
        }
    }

    @Command(name = "results", description = "Shows a table's quality results, newest first, and its latest score.")
    static final class Results extends BackendCommand {
        @Parameters(index = "0", paramLabel = "NS.TABLE")
        String table;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N results (default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        OutputOption output;

        @Override
        protected int act(Backend backend) {
            PipelineService.QualityHistory history = backend.qualityResults(TableName.parse(table, null), limit);
            ResultPrinter printer = new ResultPrinter(out(), err(), output.resolve(main()));
            if (printer.format() != OutputFormat.json) {
                out().println("Quality score of " + history.table() + ": "
                        + (history.score() == null ? "never checked" : String.format(java.util.Locale.ROOT, "%.2f", history.score())));
            }
            printer.print(TableCommand.listing(history.results(),
                    List.of("checked_at", "rule", "type", "severity", "passed", "failing_rows", "observed", "run_id"),
                    r -> Arrays.asList(TableCommand.time(r.checkedAt()), r.rule(), r.type(), r.severity().name().toLowerCase(java.util.Locale.ROOT),
                            r.passed(), r.failingRows(), r.observed(), r.runId())));
            return 0;
        }
    }
}

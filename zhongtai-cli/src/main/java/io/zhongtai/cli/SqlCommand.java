package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code zhongtai sql}: runs SQL from the argument, a file or standard input, or an interactive shell. */
@Command(name = "sql", sortOptions = false,
        description = {
                "Runs SQL: the SQL argument, the script in --file, or, with neither, an interactive shell when standard input "
                        + "is a terminal and otherwise the script read from standard input.",
                "A script is one or more statements separated by ';'. They run in order and each result is printed; "
                        + "the first failing statement stops the script and sets the exit code.",
                "Output per --format: table prints aligned rows with a row-count footer (values longer than 100 characters "
                        + "are cut: use csv or json for them) and a status line for DDL/DML; "
                        + "csv prints a header and RFC 4180 rows (status lines go to stderr, results are separated by an empty line); "
                        + "json prints each result as one line: an array of row objects, or {\"summary\",\"updateCount\"} for a "
                        + "statement without rows, so a script prints NDJSON.",
                "Errors go to stderr with their line and column; in table format the offending line is shown with a caret under the column.",
                "The shell: statements end with ';' and may span lines; Tab completes keywords, namespaces and tables; "
                        + "USE ns changes the namespace shown in the prompt; Ctrl-C cancels the running statement (a second Ctrl-C "
                        + "quits if it cannot stop yet) or clears the line; "
                        + "Ctrl-D (or exit) quits; history is kept in <home>/sql_history."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  zhongtai sql \"CREATE TABLE ods.t (id BIGINT, name VARCHAR)\"",
                "  zhongtai sql \"INSERT INTO ods.t VALUES (1, 'a'); SELECT * FROM ods.t\"",
                "  zhongtai sql --format csv \"SELECT * FROM ods.t\" > t.csv",
                "  zhongtai sql -f report.sql",
                "  echo \"SELECT 42\" | zhongtai sql --format json"})
final class SqlCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "Statement or script to run.")
    String sql;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the script in FILE (UTF-8); '-' reads standard input.")
    String file;

    @Mixin
    OutputOption output;

    private OutputFormat format = OutputFormat.table;

    @Override
    protected int run() throws IOException {
        if (sql != null && file != null) {
            throw usage("Give either SQL or --file, not both");
        }
        format = output.resolve(main());
        String script;
        if (sql != null) {
            script = sql;
        } else if (file != null) {
            script = file.equals("-") ? readStdin() : readFile(file);
        } else if (System.console() != null) {
            try (Backend backend = main().openBackend()) {
                return new SqlShell(backend, main().home().dir().resolve("sql_history"), format).run();
            }
        } else {
            script = readStdin();
        }
        sqlForErrors = script;
        ResultPrinter printer = new ResultPrinter(out(), err(), format);
        try (Backend backend = main().openBackend()) {
            backend.executeScript(script, printer::print);
        }
        return 0;
    }

    @Override
    protected boolean caretWanted() {
        return format == OutputFormat.table;
    }

    private String readStdin() throws IOException {
        return new String(main().in().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String readFile(String file) throws IOException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ZhongtaiException.notFound("Cannot read SQL file, no such file: %s", file);
        }
    }
}

package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code zhongtai load}: loads files into a table in one commit. */
@Command(name = "load", sortOptions = false,
        description = {
                "Loads CSV, JSON-lines or Parquet files into a table as one atomic commit (one new snapshot).",
                "Malformed rows are rejected: with the default --max-errors 0 any bad row fails the load, nothing is committed "
                        + "and the bad rows are listed as file:line: reason; with --max-errors N up to N bad rows are skipped and reported.",
                "Prints rows, size, duration, throughput, the snapshot id and the rejected rows (in --output format). "
                        + "When run in a terminal, a progress bar is drawn on stderr.",
                "With --server the files (globs expanded here) are uploaded in one request and the server loads them the same way; "
                        + "--quote, --escape, --null-string, --date-format and --timestamp-format are not available there."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  zhongtai load ods.orders data/orders-*.csv --create",
                "  zhongtai load ods.events events.jsonl --format json --max-errors 10",
                "  zhongtai load ods.t t.csv --mode overwrite",
                "  zhongtai load ods.t t.txt --no-header --schema \"id BIGINT, v VARCHAR\""})
final class LoadCommand extends BaseCommand {
    /** Input formats; lower-case so they read like the values users type. */
    enum InputFormat { csv, json, parquet }

    enum Mode { append, overwrite }

    @Parameters(index = "0", paramLabel = "TABLE", description = "Target table as <namespace>.<table>, e.g. ods.orders.")
    String table;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH",
            description = "Files or glob patterns (quote globs to let Zhongtai expand them; ** matches across directories).")
    List<String> paths;

    @Option(names = "--format", paramLabel = "csv|json|parquet",
            description = "Input format: ${COMPLETION-CANDIDATES} (json means one object per line). Default: from the file extension "
                    + "(.csv .tsv .txt, .json .jsonl .ndjson, .parquet).")
    InputFormat inputFormat;

    @Option(names = "--mode", paramLabel = "append|overwrite", defaultValue = "append",
            description = "append adds the rows; overwrite replaces the table's rows, in the same commit (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--create", description = "Create the table from the files' (or --schema's) columns when it does not exist.")
    boolean create;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
            description = "Malformed rows that may be skipped; more fail the whole load (default: ${DEFAULT-VALUE}).")
    long maxErrors;

    @Option(names = "--schema", paramLabel = "COLUMNS",
            description = "Column names and types instead of inferring them, e.g. \"id BIGINT, name VARCHAR\".")
    String schema;

    @Option(names = "--delimiter", paramLabel = "C", description = "CSV field delimiter, e.g. ';' or '\\t' (default: detected).")
    String delimiter;

    @Option(names = "--header", negatable = true,
            description = "Whether the first CSV line is a header (--header / --no-header; default: detected).")
    Boolean header;

    @Option(names = "--quote", paramLabel = "C", description = "CSV quote character (default: detected, usually \").")
    String quote;

    @Option(names = "--escape", paramLabel = "C", description = "CSV escape character inside quotes (default: detected).")
    String escape;

    @Option(names = "--null-string", paramLabel = "S", description = "CSV text that means NULL, e.g. NA or \\N (default: empty field).")
    String nullString;

    @Option(names = "--date-format", paramLabel = "F", description = "CSV date format in strftime notation, e.g. %%d/%%m/%%Y (default: detected).")
    String dateFormat;

    @Option(names = "--timestamp-format", paramLabel = "F",
            description = "CSV timestamp format in strftime notation, e.g. \"%%Y-%%m-%%d %%H:%%M:%%S\" (default: detected).")
    String timestampFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "table|csv|json",
            description = "Output format of the summary: ${COMPLETION-CANDIDATES} (default: the global --format, else table).")
    OutputFormat output;

    @Override
    protected int run() {
        TableName name = TableName.parse(table, null);
        if (maxErrors < 0) {
            throw ZhongtaiException.invalid("--max-errors must be 0 or more, not %d", maxErrors);
        }
        OutputFormat format = output != null ? output : main().format() != null ? main().format() : OutputFormat.table;
        LoadRequest request = new LoadRequest(name, paths, inputFormat == null ? null : inputFormat.name(),
                mode == Mode.overwrite ? LoadRequest.Mode.OVERWRITE : LoadRequest.Mode.APPEND, create, maxErrors, schema,
                new LoadRequest.CsvOptions(delimiter, header, quote, escape, nullString, dateFormat, timestampFormat));
        ProgressBar bar = System.console() != null ? new ProgressBar(System.err) : null;
        LoadResult result;
        try (Backend backend = main().openBackend()) {
            result = backend.load(request, bar != null ? bar : ProgressListener.NONE);
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }
        print(new ResultPrinter(out(), err(), format), result);
        return 0;
    }

    static void print(ResultPrinter printer, LoadResult r) {
        if (printer.format() == OutputFormat.table) {
            StringBuilder text = new StringBuilder();
            text.append("Loaded ").append(Format.plural(r.rows(), "row", "rows"))
                    .append(" (").append(Format.bytes(r.bytes())).append(", ").append(Format.plural(r.files(), "file", "files"))
                    .append(") into ").append(r.table())
                    .append(" in ").append(Format.duration(r.duration()))
                    .append(" (").append(Format.rate(r.rows(), r.duration(), "rows")).append(")");
            text.append("\nSnapshot: ").append(r.snapshotId() == null ? "none (nothing committed)" : r.snapshotId());
            if (r.tableCreated()) {
                text.append("\nCreated table ").append(r.table());
            }
            if (r.rejectedRows() > 0) {
                text.append("\nRejected ").append(Format.plural(r.rejectedRows(), "row", "rows")).append(" (skipped):");
                r.rejected().forEach(x -> text.append("\n  ").append(x));
                long unlisted = r.rejectedRows() - r.rejected().size();
                if (unlisted > 0) {
                    text.append("\n  ... and ").append(Format.count(unlisted)).append(" more");
                }
            }
            printer.record(Map.of(), text.toString());
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("table", r.table());
        fields.put("files", r.files());
        fields.put("rows", r.rows());
        fields.put("bytes", r.bytes());
        fields.put("durationMs", r.duration() == null ? null : r.duration().toMillis());
        fields.put("snapshotId", r.snapshotId());
        fields.put("tableCreated", r.tableCreated());
        fields.put("rejectedRows", r.rejectedRows());
        if (printer.format() == OutputFormat.json) {
            fields.put("rejected", r.rejected().stream().map(x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", x.file());
                m.put("line", x.line());
                m.put("column", x.column());
                m.put("reason", x.reason());
                return m;
            }).toList());
        }
        printer.record(fields, null);
    }
}

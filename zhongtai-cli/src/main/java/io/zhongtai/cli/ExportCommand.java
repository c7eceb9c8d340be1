package io.zhongtai.cli;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.integration.ExportRequest;
import io.zhongtai.core.integration.ExportResult;
import io.zhongtai.spi.connector.WriteMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code zhongtai export}: writes a table or query result into a source. */
@Command(name = "export", sortOptions = false,
        description = {"Writes a lakehouse table or the result of a SELECT into a source: a PostgreSQL or MySQL table (created when "
                + "missing, written in one transaction), a Kafka topic (one JSON message per row) or a file (CSV, Parquet or JSON lines "
                + "by the target's extension)."},
        footerHeading = "%nExamples:%n",
        footer = {"  zhongtai export ads.daily_sales --to shop --table reporting.daily_sales --mode overwrite",
                "  zhongtai export \"select * from dws.users where active\" --to shop --table users --mode upsert --key id",
                "  zhongtai export ods.events --to outbox --table events.parquet"})
final class ExportCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TABLE_OR_QUERY", description = "A table as <namespace>.<table> or a SELECT statement.")
    String query;

    @Option(names = "--to", required = true, paramLabel = "SOURCE", description = "The registered source to write into.")
    String to;

    @Option(names = "--table", paramLabel = "NAME", description = "Target table, topic or file (default: the table's name).")
    String table;

    @Option(names = "--mode", paramLabel = "append|overwrite|upsert", defaultValue = "append", description = "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--key", split = ",", paramLabel = "COL", description = "Key columns for --mode upsert.")
    List<String> keys;

    @Mixin
    OutputOption output;

    @Override
    protected int run() {
        WriteMode writeMode;
        try {
            writeMode = WriteMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ZhongtaiException.invalid("Unknown export mode '%s': use append, overwrite or upsert", mode);
        }
        OutputFormat format = output.resolve(main());
        ProgressBar bar = System.console() != null ? new ProgressBar(System.err) : null;
        AtomicLong written = new AtomicLong();
        ExportResult result;
        try (Backend backend = main().openBackend()) {
            result = backend.export(new ExportRequest(query, to, table, writeMode, keys),
                    n -> {
                        long total = written.addAndGet(n);
                        if (bar != null) {
                            bar.progress("exporting " + Format.count(total) + " rows", total, -1);
                        }
                    });
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", result.source());
        fields.put("target", result.target());
        fields.put("mode", result.mode());
        fields.put("rows", result.rows());
        fields.put("durationMs", result.duration().toMillis());
        new ResultPrinter(out(), err(), format).record(fields, "Exported " + Format.plural(result.rows(), "row", "rows") + " to "
                + result.source() + ":" + result.target() + " (" + result.mode() + ") in " + Format.duration(result.duration()));
        return 0;
    }
}

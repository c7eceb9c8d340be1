package io.zhongtai.cli;

import picocli.CommandLine.Option;

/** The {@code --format} option of the commands that print results; falls back to the global option before the command. */
final class OutputOption {
    @Option(names = "--format", paramLabel = "table|csv|json",
            description = "Output format of results and listings: ${COMPLETION-CANDIDATES} (default: the global --format, else table).")
    OutputFormat format;

    OutputFormat resolve(Main main) {
        if (format != null) {
            return format;
        }
        return main.format() == null ? OutputFormat.table : main.format();
    }
}

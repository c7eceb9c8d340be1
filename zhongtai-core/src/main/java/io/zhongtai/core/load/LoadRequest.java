package io.zhongtai.core.load;

import io.zhongtai.core.lakehouse.TableName;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A request to load files into a table.
 *
 * @param paths      files or globs (a glob matches within one directory or with ** across directories)
 * @param format     csv, json (JSON lines) or parquet; null to infer from the file extension
 * @param mode       append or overwrite
 * @param create     create the table from the inferred (or explicit) schema when it does not exist
 * @param maxErrors  how many malformed rows may be skipped; 0 means any bad row fails the load and nothing is committed
 * @param schema     explicit column list such as {@code id BIGINT, name VARCHAR}; null to infer
 * @param csv        CSV options; null values are inferred
 */
public record LoadRequest(TableName table, List<String> paths, String format, Mode mode, boolean create, long maxErrors,
                          String schema, CsvOptions csv) {
    public enum Mode { APPEND, OVERWRITE }

    /** CSV dialect; each null field is detected from the file. */
    public record CsvOptions(String delimiter, Boolean header, String quote, String escape, String nullString,
                             String dateFormat, String timestampFormat) {
        public static final CsvOptions DETECT = new CsvOptions(null, null, null, null, null, null, null);
    }

    public LoadRequest {
        requireNonNull(table, "table is null");
        requireNonNull(mode, "mode is null");
        paths = List.copyOf(paths);
        csv = csv == null ? CsvOptions.DETECT : csv;
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no files to load");
        }
        if (maxErrors < 0) {
            throw new IllegalArgumentException("max errors must be >= 0");
        }
    }
}

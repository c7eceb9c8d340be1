package io.zhongtai.connector.file;

import io.zhongtai.spi.options.ConnectorConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How the source's CSV/TSV files are written; one dialect applies to every text file of a source. */
record CsvDialect(Optional<String> delimiter, String quote, String escape, boolean header, Optional<String> nullString,
                  String encoding) {
    static final String UTF_8 = "utf-8";

    static CsvDialect of(ConnectorConfig config) {
        return new CsvDialect(config.optional(FileConnectorFactory.DELIMITER).map(CsvDialect::unescape),
                config.getString(FileConnectorFactory.QUOTE), config.getString(FileConnectorFactory.ESCAPE),
                config.getBoolean(FileConnectorFactory.HEADER), config.optional(FileConnectorFactory.NULL_STRING),
                config.getChoice(FileConnectorFactory.ENCODING));
    }

    /** Lets {@code \t} be typed on a command line for a tab. */
    private static String unescape(String delimiter) {
        return delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
    }

    String delimiterFor(DataFormat format) {
        return delimiter.orElse(format == DataFormat.TSV ? "\t" : ",");
    }

    /** The options of a {@link io.zhongtai.spi.data.FileBatch} the platform reads with DuckDB's read_csv. */
    Map<String, String> batchOptions(DataFormat format) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("delimiter", delimiterFor(format));
        options.put("quote", quote);
        options.put("escape", escape);
        options.put("header", String.valueOf(header));
        nullString.ifPresent(n -> options.put("null", n));
        return options;
    }

    /** The same dialect as read_csv arguments, starting with a comma. */
    String readCsvArguments(DataFormat format) {
        StringBuilder b = new StringBuilder()
                .append(", delim = ").append(Sql.literal(delimiterFor(format)))
                .append(", quote = ").append(Sql.literal(quote))
                .append(", escape = ").append(Sql.literal(escape))
                .append(", header = ").append(header)
                .append(", encoding = ").append(Sql.literal(encoding));
        nullString.ifPresent(n -> b.append(", nullstr = ").append(Sql.literal(n)));
        return b.toString();
    }

    /** DuckDB's COPY options writing this dialect. */
    String copyOptions(DataFormat format) {
        StringBuilder b = new StringBuilder("FORMAT csv")
                .append(", DELIMITER ").append(Sql.literal(delimiterFor(format)))
                .append(", QUOTE ").append(Sql.literal(quote))
                .append(", ESCAPE ").append(Sql.literal(escape))
                .append(", HEADER ").append(header);
        nullString.ifPresent(n -> b.append(", NULLSTR ").append(Sql.literal(n)));
        return b.toString();
    }

    /** True when a file written by the platform (comma, double quotes, header, empty null) is already in this dialect. */
    boolean isPlatformDefault(DataFormat format) {
        return delimiterFor(format).equals(",") && quote.equals("\"") && escape.equals("\"") && header
                && nullString.map(String::isEmpty).orElse(true);
    }
}

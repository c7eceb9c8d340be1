package io.zhongtai.connector.file;

import io.zhongtai.spi.data.FileFormat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats this connector reads and writes, recognised by extension (optionally gzip-compressed). */
enum DataFormat {
    CSV(FileFormat.CSV, "csv", List.of(".csv")),
    TSV(FileFormat.CSV, "tsv", List.of(".tsv", ".tab")),
    JSON(FileFormat.JSON_LINES, "jsonl", List.of(".jsonl", ".ndjson", ".json")),
    PARQUET(FileFormat.PARQUET, "parquet", List.of(".parquet", ".pq"));

    private final FileFormat fileFormat;
    private final String writeExtension;
    private final List<String> extensions;

    DataFormat(FileFormat fileFormat, String writeExtension, List<String> extensions) {
        this.fileFormat = fileFormat;
        this.writeExtension = writeExtension;
        this.extensions = extensions;
    }

    /** The format the platform's engine reads and writes this format as. */
    FileFormat fileFormat() {
        return fileFormat;
    }

    String writeExtension() {
        return writeExtension;
    }

    boolean isCsv() {
        return this == CSV || this == TSV;
    }

    /** The format of a file name by its extension; {@code .gz} is looked through for text formats. */
    static Optional<DataFormat> ofFileName(String fileName) {
        String name = stripGzip(fileName.toLowerCase(Locale.ROOT));
        boolean gzipped = name.length() != fileName.length();
        for (DataFormat format : values()) {
            if (gzipped && format == PARQUET) {
                continue;
            }
            if (format.extensions.stream().anyMatch(name::endsWith)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The file name without its data format extension (and {@code .gz}). */
    static String stem(String fileName) {
        String name = stripGzip(fileName);
        String lower = name.toLowerCase(Locale.ROOT);
        for (DataFormat format : values()) {
            for (String extension : format.extensions) {
                if (lower.endsWith(extension)) {
                    return name.substring(0, name.length() - extension.length());
                }
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String stripGzip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** The value of the {@code format} option, or empty for {@code auto}. */
    static Optional<DataFormat> ofOption(String value) {
        return value.equals("auto") ? Optional.empty() : Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
    }
}

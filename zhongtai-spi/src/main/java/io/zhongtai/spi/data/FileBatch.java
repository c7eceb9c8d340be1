package io.zhongtai.spi.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows in a local file. For CSV the columns are the file's columns in order and {@code options} may set
 * {@code delimiter}, {@code quote}, {@code escape}, {@code header} (true/false), {@code null} (the
 * null string), {@code quoted-nulls} (false: a quoted field equal to the null string is that text, as PostgreSQL
 * writes it) and {@code encoding} (utf-8, utf-16, latin-1); for JSON lines and Parquet columns are matched by name.
 * Any format may set {@code origin}, where the rows came from (e.g. the s3:// URL of a downloaded object), which
 * errors name instead of the local file. When {@code owned} is true the
 * file is a temporary one the consumer deletes once used; otherwise it belongs to the source.
 */
public record FileBatch(Path file, FileFormat format, Map<String, String> options, List<Column> columns, boolean owned)
        implements Batch {
    public FileBatch {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(format, "format is null");
        options = Map.copyOf(options == null ? Map.of() : options);
        columns = List.copyOf(columns);
    }
}

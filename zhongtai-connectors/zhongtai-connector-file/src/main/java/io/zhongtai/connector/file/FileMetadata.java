package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The columns {@value #FILE} (the file's path or s3:// URL) and {@value #MODIFIED} (its modification time) that
 * option {@code file-columns} adds to every table; they are the cursors of incremental reads, which read only the
 * files whose cursor value is in the range.
 */
final class FileMetadata {
    static final String FILE = "_file";
    static final String MODIFIED = "_modified";

    private FileMetadata() {
    }

    static List<Column> columns() {
        return List.of(new Column(FILE, DataType.STRING, "file path", false),
                new Column(MODIFIED, DataType.TIMESTAMP_TZ, "file modification time", false));
    }

    /** SQL expressions of the columns' values for one file. */
    static Map<String, String> sqlValues(StoredFile file, String display) {
        return Map.of(FILE, Sql.literal(display),
                MODIFIED, "TIMESTAMPTZ " + Sql.literal(file.modified().truncatedTo(ChronoUnit.MICROS).toString()));
    }

    /** The file's value of a cursor column in text form: an ISO instant for {@value #MODIFIED}, the path for {@value #FILE}. */
    static String cursorValue(String column, StoredFile file, String display) {
        return switch (column) {
            case MODIFIED -> file.modified().toString();
            case FILE -> display;
            default -> throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Cannot read files incrementally by "
                    + column + ": the cursor of a file table is " + MODIFIED + " (modification time) or " + FILE + " (path)");
        };
    }

    /** True when the file's cursor value is after {@code after} (if any) and at most {@code upTo} (if any). */
    static boolean inRange(ReadSpec.CursorRange range, StoredFile file, String display) {
        if (range.column().equals(MODIFIED)) {
            Instant modified = file.modified();
            return (range.after() == null || modified.isAfter(instant(range.after())))
                    && (range.upTo() == null || !modified.isAfter(instant(range.upTo())));
        }
        String value = cursorValue(range.column(), file, display);
        return (range.after() == null || value.compareTo(range.after()) > 0) && (range.upTo() == null || value.compareTo(range.upTo()) <= 0);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.trim().replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Not a modification time of " + MODIFIED + ": " + text, e);
        }
    }
}

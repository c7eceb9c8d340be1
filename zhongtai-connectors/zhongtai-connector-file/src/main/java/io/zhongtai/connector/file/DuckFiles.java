package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static java.util.Objects.requireNonNull;

/**
 * Local files through an in-memory DuckDB (extensions neither installed nor loaded): a file's columns and types,
 * row counts, and rewriting a file as Parquet with a table's columns. DuckDB's errors become INVALID_DATA naming
 * the file (and the line, where DuckDB knows it).
 */
final class DuckFiles {
    private final CsvDialect dialect;

    DuckFiles(CsvDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    static Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        return DriverManager.getConnection("jdbc:duckdb:", properties);
    }

    /** The file's columns in file order, with the platform types DuckDB's sampling suggests. */
    List<Column> describe(Path file, DataFormat format, String display) {
        try (Connection c = open()) {
            if (format.isCsv()) {
                return describeCsv(c, file, format, display);
            }
            List<Column> columns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + read(file, format, null))) {
                while (rs.next()) {
                    String type = rs.getString("column_type");
                    columns.add(new Column(rs.getString("column_name"), TypeMapping.platformType(type, format), type, true));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw invalid("Cannot read the columns of " + display, e);
        }
    }

    private List<Column> describeCsv(Connection c, Path file, DataFormat format, String display) throws SQLException {
        String sniff = "SELECT col.name, col.type, DateFormat, TimestampFormat FROM (SELECT unnest(Columns) AS col, DateFormat, "
                + "TimestampFormat FROM sniff_csv(" + Sql.literal(file.toString()) + dialect.readCsvArguments(format) + "))";
        List<Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sniff)) {
            while (rs.next()) {
                String type = rs.getString(2);
                DataType platform = TypeMapping.platformType(type, format);
                // The platform reads CSV without the sniffed date formats: only ISO dates stay dates.
                String dateFormat = platform.kind() == DataType.Kind.DATE ? rs.getString(3)
                        : platform.kind() == DataType.Kind.TIMESTAMP ? rs.getString(4) : null;
                if (dateFormat != null && !dateFormat.startsWith("%Y-%m-%d")) {
                    columns.add(new Column(rs.getString(1), DataType.STRING, type + " '" + dateFormat + "'", true));
                } else {
                    columns.add(new Column(rs.getString(1), platform, type, true));
                }
            }
        } catch (SQLException e) {
            throw malformedCsv(c, file, format, display, e);
        }
        return columns;
    }

    /** DuckDB's sniffer fails without a line number on a small malformed file: reading it as text finds the line. */
    private ConnectorException malformedCsv(Connection c, Path file, DataFormat format, String display, SQLException sniffError) {
        int fields = firstLineFieldCount(file, format);
        if (fields > 0) {
            List<Column> text = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                text.add(Column.of("column" + i, DataType.STRING));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + read(file, format, text))) {
                rs.next();
            } catch (SQLException e) {
                return invalid("Cannot read " + display, e);
            }
        }
        return invalid("Cannot read the columns of " + display, sniffError);
    }

    private int firstLineFieldCount(Path file, DataFormat format) {
        Charset charset = switch (dialect.encoding()) {
            case "utf-16" -> StandardCharsets.UTF_16;
            case "latin-1" -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
            String line = reader.readLine();
            if (line == null) {
                return 0;
            }
            String delimiter = dialect.delimiterFor(format);
            int fields = 1;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                if (line.startsWith(dialect.quote(), i)) {
                    quoted = !quoted;
                } else if (!quoted && line.startsWith(delimiter, i)) {
                    fields++;
                }
            }
            return fields;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A DuckDB table function reading one local file with the source's options; for CSV, {@code csvColumns} (the
     * file's columns in order) fixes names and types and turns sniffing off, null sniffs.
     */
    String read(Path file, DataFormat format, List<Column> csvColumns) {
        String path = Sql.literal(file.toString());
        return switch (format) {
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON -> "read_json(" + path + ", format = 'auto')";
            case CSV, TSV -> "read_csv(" + path + dialect.readCsvArguments(format) + (csvColumns == null ? ""
                    : ", auto_detect = false, columns = " + csvColumns.stream()
                            .map(col -> Sql.literal(col.name()) + ": " + Sql.literal(col.type().sqlName()))
                            .collect(Collectors.joining(", ", "{", "}"))) + ")";
        };
    }

    /**
     * Writes the file's rows as Parquet with exactly {@code tableColumns}, cast to the table's types: a column in
     * {@code constants} gets that SQL expression, one the file lacks NULL. For CSV {@code fileColumns} are the file's
     * columns in order. Returns the row count.
     */
    long rewriteAsParquet(Path file, DataFormat format, List<Column> fileColumns, List<Column> tableColumns,
                          Map<String, String> constants, Path target, String display) {
        List<String> present = fileColumns.stream().map(Column::name).toList();
        String projection = tableColumns.stream()
                .map(col -> "CAST(" + (constants.containsKey(col.name()) ? constants.get(col.name())
                        : present.contains(col.name()) ? Sql.quote(col.name()) : "NULL") + " AS " + col.type().sqlName() + ") AS "
                        + Sql.quote(col.name()))
                .collect(Collectors.joining(", "));
        List<Column> typedFileColumns = fileColumns.stream()
                .map(fc -> tableColumns.stream().filter(tc -> tc.name().equals(fc.name())).findFirst().orElse(fc))
                .toList();
        String sql = "COPY (SELECT " + projection + " FROM " + read(file, format, format.isCsv() ? typedFileColumns : null)
                + ") TO " + Sql.literal(target.toString()) + " (FORMAT parquet, COMPRESSION zstd)";
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute(sql);
            return s.getUpdateCount();
        } catch (SQLException e) {
            throw invalid("Cannot read " + display, e);
        }
    }

    /** Runs a statement on a fresh in-memory DuckDB; failures name {@code what}. */
    static long execute(String sql, String what) {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute(sql);
            return s.getUpdateCount();
        } catch (SQLException e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot " + what + ": " + essence(e.getMessage()), e);
        }
    }

    static long count(String readFunction, String what) {
        try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + readFunction)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw invalid("Cannot " + what, e);
        }
    }

    static ConnectorException invalid(String what, SQLException e) {
        return new ConnectorException(ConnectorException.Kind.INVALID_DATA, what + ": " + essence(e.getMessage()), e);
    }

    /**
     * The lines of a DuckDB error that say what is wrong and where ("CSV Error on Line: 4", the original line, the
     * conversion problem), without its suggestions and option dump.
     */
    static String essence(String message) {
        if (message == null) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Possible") || trimmed.startsWith("file = ") || trimmed.startsWith("LINE 1:")
                    || trimmed.startsWith("Column ") && trimmed.contains("is being converted")
                    || trimmed.startsWith("The search space used")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        return String.join("; ", kept);
    }
}

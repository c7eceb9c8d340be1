package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.FileBatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads a CSV {@link FileBatch} the way the platform does (zhongtai-core BatchStaging: read_csv with the declared
 * column types, binary as hex text with an optional {@code \x}), so a value DuckDB cannot parse in its declared type
 * fails the test. Values come back as canonical text: DuckDB's VARCHAR cast in UTC, lists as JSON, binary as hex.
 */
public final class DuckDbFiles {
    private DuckDbFiles() {
    }

    public static List<List<String>> typedRows(FileBatch batch) {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        String types = batch.columns().stream()
                .map(c -> literal(c.name()) + ": " + literal(c.type().kind() == DataType.Kind.BINARY ? "VARCHAR" : c.type().sqlName()))
                .collect(Collectors.joining(", ", "{", "}"));
        StringBuilder options = new StringBuilder();
        for (Map.Entry<String, String> e : batch.options().entrySet()) {
            switch (e.getKey()) {
                case "delimiter" -> options.append(", delim = ").append(literal(e.getValue()));
                case "null" -> options.append(", nullstr = ").append(literal(e.getValue()));
                case "header" -> options.append(", header = ").append(e.getValue());
                case "quoted-nulls" -> options.append(", allow_quoted_nulls = ").append(e.getValue());
                default -> options.append(", ").append(e.getKey()).append(" = ").append(literal(e.getValue()));
            }
        }
        String projection = batch.columns().stream().map(DuckDbFiles::canonical).collect(Collectors.joining(", "));
        String sql = "SELECT " + projection + " FROM read_csv(" + literal(batch.file().toString()) + ", columns = " + types
                + ", auto_detect = false" + options + ")";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", properties); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= batch.columns().size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
        catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot read " + batch.file() + ": " + e.getMessage(), e);
        }
    }

    private static String canonical(Column column) {
        String ref = '"' + column.name().replace("\"", "\"\"") + '"';
        return switch (column.type().kind()) {
            case BINARY -> "hex(unhex(regexp_replace(" + ref + ", '^\\\\x', '')))";
            case LIST -> "CAST(to_json(" + ref + ") AS VARCHAR)";
            default -> "CAST(" + ref + " AS VARCHAR)";
        };
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}

package io.zhongtai.testkit.connector;

import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.ColumnBatch;
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

/** Turns any {@link Batch} into rows for assertions; file batches are read with DuckDB. */
public final class BatchRows {
    private BatchRows() {
    }

    public static List<List<Object>> rows(Batch batch) {
        if (batch instanceof ColumnBatch columns) {
            List<List<Object>> out = new ArrayList<>();
            for (int r = 0; r < columns.rowCount(); r++) {
                out.add(columns.row(r));
            }
            return out;
        }
        FileBatch file = (FileBatch) batch;
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", properties);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + readFunction(file))) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    private static String readFunction(FileBatch file) {
        String path = "'" + file.file().toString().replace("'", "''") + "'";
        return switch (file.format()) {
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON_LINES -> "read_json(" + path + ", format='newline_delimited')";
            case CSV -> {
                StringBuilder columns = new StringBuilder();
                file.columns().forEach(c -> columns.append(columns.length() == 0 ? "" : ", ")
                        .append("'").append(c.name().replace("'", "''")).append("': 'VARCHAR'"));
                StringBuilder options = new StringBuilder();
                for (Map.Entry<String, String> e : file.options().entrySet()) {
                    String value = "'" + e.getValue().replace("'", "''") + "'";
                    switch (e.getKey()) {
                        case "delimiter", "quote", "escape", "encoding" -> options.append(", ").append(e.getKey()).append("=").append(value);
                        case "null" -> options.append(", nullstr=").append(value);
                        case "header" -> options.append(", header=").append(e.getValue());
                        case "quoted-nulls" -> options.append(", allow_quoted_nulls=").append(e.getValue());
                        default -> { } // e.g. origin: not a reading option
                    }
                }
                yield "read_csv(" + path + ", columns={" + columns + "}, auto_detect=false" + options + ")";
            }
        };
    }
}

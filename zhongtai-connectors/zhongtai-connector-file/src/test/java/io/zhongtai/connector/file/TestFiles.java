package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.connector.BatchRows;
import io.zhongtai.testkit.connector.TestingConnectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test data files and a connector over them. */
final class TestFiles {
    private TestFiles() {
    }

    static Path write(Path dir, String relative, String content) {
        Path file = dir.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes a file with DuckDB's COPY, e.g. a Parquet file from {@code SELECT ...}. */
    static Path copy(Path dir, String relative, String select, String options) {
        Path file = dir.resolve(relative);
        try (Connection c = DuckFiles.open(); Statement s = c.createStatement()) {
            Files.createDirectories(file.getParent());
            s.execute("COPY (" + select + ") TO '" + file + "' (" + options + ")");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
        return file;
    }

    static Connector connect(Path workDir, Map<String, String> options) {
        FileConnectorFactory factory = new FileConnectorFactory();
        return TestingConnectors.create(factory, options, "files", workDir);
    }

    /** Every row of a table, read split by split as the platform would, with DuckDB reading the file batches. */
    static List<List<Object>> readAll(Connector connector, String table) {
        TableSchema schema = connector.describe(new TableId("", table));
        List<List<Object>> rows = new ArrayList<>();
        for (Split split : connector.planSplits(schema, ReadSpec.all(), 8)) {
            try (BatchReader reader = connector.openReader(schema, split, ReadSpec.all())) {
                for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                    rows.addAll(BatchRows.rows(batch));
                    if (batch instanceof FileBatch f && f.owned()) {
                        try {
                            Files.deleteIfExists(f.file());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            }
        }
        return rows;
    }
}

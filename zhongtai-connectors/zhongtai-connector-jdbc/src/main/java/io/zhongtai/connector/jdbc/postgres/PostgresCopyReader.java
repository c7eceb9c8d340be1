package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Streams {@code COPY (SELECT ...) TO STDOUT (FORMAT csv)} into CSV files in the work directory, starting a new
 * file once one reaches the size limit. The server sends one CopyData message per row, so files always end on a
 * record boundary, even inside quoted newlines.
 */
final class PostgresCopyReader implements BatchReader {
    /** How the files are written, in the option names {@link FileBatch} defines. */
    static final Map<String, String> CSV_OPTIONS = Map.of("delimiter", ",", "quote", "\"", "escape", "\"",
            "header", "false", "null", "\\N", "quoted-nulls", "false");

    private final PostgresConnector connector;
    private final Connection connection;
    private final TableId table;
    private final List<Column> columns;
    private final Path workDir;
    private final long fileBytes;
    private final CopyOut copy;
    private boolean exhausted;

    PostgresCopyReader(PostgresConnector connector, Connection connection, String copySql, TableId table,
                       List<Column> columns, Path workDir, long fileBytes) throws SQLException {
        this.connector = connector;
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.workDir = workDir;
        this.fileBytes = fileBytes;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public Batch next() {
        if (exhausted) {
            return null;
        }
        Path file = null;
        try {
            file = Files.createTempFile(workDir, "pg-copy-", ".csv");
            long bytes = 0;
            long rows = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                while (rows == 0 || bytes < fileBytes) {
                    byte[] row = copy.readFromCopy();
                    if (row == null) {
                        exhausted = true;
                        break;
                    }
                    out.write(row);
                    bytes += row.length;
                    rows++;
                }
            }
            if (exhausted) {
                close();
            }
            if (rows == 0) {
                Files.delete(file);
                return null;
            }
            return new FileBatch(file, FileFormat.CSV, CSV_OPTIONS, columns, true);
        }
        catch (SQLException e) {
            deleteQuietly(file);
            close();
            throw connector.error("read table " + table + " with COPY", e);
        }
        catch (IOException e) {
            deleteQuietly(file);
            close();
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot write COPY output of table " + table
                    + " to " + (file == null ? workDir : file) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        exhausted = true;
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        catch (SQLException e) {
            // The connection is closed next, which ends the COPY anyway.
        }
        finally {
            try {
                connection.close();
            }
            catch (SQLException e) {
                // Nothing left to release.
            }
        }
    }
}

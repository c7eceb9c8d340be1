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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams {@code COPY (SELECT ...) TO STDOUT (FORMAT csv)} into CSV files in the work directory, starting a new
 * file once one reaches the size limit. The server sends one CopyData message per row, so files always end on a
 * record boundary, even inside quoted newlines. A background thread copies the next file while the platform loads
 * the previous one, so extraction and loading overlap; at most {@link #AHEAD} finished files wait on disk.
 */
final class PostgresCopyReader implements BatchReader {
    /** How the files are written, in the option names {@link FileBatch} defines. */
    static final Map<String, String> CSV_OPTIONS = Map.of("delimiter", ",", "quote", "\"", "escape", "\"",
            "header", "false", "null", "\\N", "quoted-nulls", "false");
    /** Finished files the copier may get ahead of the platform by. */
    private static final int AHEAD = 1;
    /** What the copier hands over after the last file. */
    private static final Object END = new Object();

    private final PostgresConnector connector;
    private final Connection connection;
    private final TableId table;
    private final List<Column> columns;
    private final Path workDir;
    private final long fileBytes;
    private final CopyOut copy;
    /** Finished files ({@link Path}), then {@link #END}, or the {@link RuntimeException} that stopped the copy. */
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread copier;
    private volatile boolean closed;
    /** Set by the copier when the server sent the last row. */
    private boolean copyEnded;
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
        copier = new Thread(this::copyAll, "zt-pg-copy-" + table.name());
        copier.setDaemon(true);
        copier.start();
    }

    @Override
    public Batch next() {
        if (exhausted) {
            return null;
        }
        Object item;
        try {
            item = ready.take();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Interrupted while reading table " + table, e);
        }
        if (item instanceof Path file) {
            return new FileBatch(file, FileFormat.CSV, CSV_OPTIONS, columns, true);
        }
        close();
        if (item instanceof RuntimeException failure) {
            throw failure;
        }
        return null;
    }

    /** The copier thread: files until the COPY ends, then {@link #END}; a failure instead ends the hand-over. */
    private void copyAll() {
        try {
            for (Path file = copyFile(); file != null; file = copyFile()) {
                if (!handOver(file)) {
                    deleteQuietly(file);
                    return;
                }
            }
            handOver(END);
        }
        catch (RuntimeException e) {
            handOver(e);
        }
    }

    /** Waits for room in the queue; false when the reader was closed meanwhile (nobody will take it). */
    private boolean handOver(Object item) {
        try {
            while (!closed) {
                if (ready.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next file of about {@code fileBytes}, or null when the COPY has no more rows (or the reader was closed). */
    private Path copyFile() {
        if (copyEnded) {
            return null;
        }
        Path file = null;
        try {
            file = Files.createTempFile(workDir, "pg-copy-", ".csv");
            long bytes = 0;
            long rows = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                while (!closed && (rows == 0 || bytes < fileBytes)) {
                    byte[] row = copy.readFromCopy();
                    if (row == null) {
                        copyEnded = true;
                        break;
                    }
                    out.write(row);
                    bytes += row.length;
                    rows++;
                }
            }
            if (rows == 0 || closed) {
                Files.delete(file);
                return null;
            }
            return file;
        }
        catch (SQLException e) {
            deleteQuietly(file);
            throw connector.failure("read table " + table + " with COPY", e);
        }
        catch (IOException e) {
            deleteQuietly(file);
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

    /** Stops the copier (after the row it is reading), deletes files nobody took, ends the COPY and the connection. */
    @Override
    public void close() {
        exhausted = true;
        closed = true;
        try {
            copier.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Object item = ready.poll(); item != null; item = ready.poll()) {
            if (item instanceof Path file) {
                deleteQuietly(file);
            }
        }
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

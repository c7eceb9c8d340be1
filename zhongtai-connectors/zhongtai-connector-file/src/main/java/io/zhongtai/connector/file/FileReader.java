package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Hands each file of a split to the platform as a {@link FileBatch} with the table's columns. A file the platform
 * can read as it is goes as it is (local files are not owned, S3 downloads are); a file that lacks some of the
 * table's columns, is not UTF-8, is a JSON array rather than JSON lines, or gets the {@link FileMetadata} columns is
 * rewritten as Parquet first.
 */
final class FileReader implements BatchReader {
    private final FileConnector connector;
    private final TableSchema table;
    private final List<String> keys;
    private int next;

    FileReader(FileConnector connector, TableSchema table, List<String> keys) {
        this.connector = requireNonNull(connector, "connector is null");
        this.table = requireNonNull(table, "table is null");
        this.keys = List.copyOf(keys);
    }

    @Override
    public Batch next() {
        if (next >= keys.size()) {
            return null;
        }
        String key = keys.get(next++);
        FileStore store = connector.store();
        StoredFile file = store.stat(key).orElseThrow(() -> new ConnectorException(ConnectorException.Kind.NOT_FOUND,
                "File of table " + table.table() + " disappeared while reading: " + store.display(key)));
        Path local = store.fetch(file, connector.workDir());
        try {
            return batch(file, local, store.display(key), store.remote());
        } catch (RuntimeException e) {
            if (store.remote()) {
                deleteQuietly(local);
            }
            throw e;
        }
    }

    private FileBatch batch(StoredFile file, Path local, String display, boolean owned) {
        DataFormat format = connector.formatOf(file);
        List<Column> columns = table.columns();
        List<String> names = columns.stream().map(Column::name).toList();
        Map<String, String> constants = connector.fileColumns() ? FileMetadata.sqlValues(file, display) : Map.of();
        DuckFiles duck = connector.duckFiles();
        List<Column> fileColumns = format == DataFormat.JSON ? null : duck.describe(local, format, display);
        boolean asIs = constants.isEmpty() && switch (format) {
            case JSON -> !startsWithArray(local);
            case PARQUET -> fileColumns.stream().map(Column::name).toList().containsAll(names);
            case CSV, TSV -> connector.dialect().encoding().equals(CsvDialect.UTF_8)
                    && fileColumns.stream().map(Column::name).toList().equals(names);
        };
        if (asIs) {
            Map<String, String> options = new HashMap<>(format.isCsv() ? connector.dialect().batchOptions(format) : Map.of());
            options.put("origin", display); // errors name the source file (an s3:// URL), not the local download
            return new FileBatch(local, format.fileFormat(), options, columns, owned);
        }
        Path parquet = connector.workDir().resolve("file-" + UUID.randomUUID() + ".parquet");
        try {
            List<Column> present = fileColumns == null ? duck.describe(local, format, display) : fileColumns;
            duck.rewriteAsParquet(local, format, present, columns, constants, parquet, display);
        } catch (RuntimeException e) {
            deleteQuietly(parquet);
            throw e;
        } finally {
            if (owned) {
                deleteQuietly(local);
            }
        }
        return new FileBatch(parquet, FileFormat.PARQUET, Map.of(), columns, true);
    }

    /** A JSON file holding one array of records (DuckDB reads it, but not as JSON lines). */
    private static boolean startsWithArray(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!Character.isWhitespace(b) && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return b == '[';
                }
            }
            return false;
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.FAILED, "Cannot read " + file + ": " + e, e);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file in the work directory
        }
    }

    @Override
    public void close() {
        next = keys.size();
    }
}

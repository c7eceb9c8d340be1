package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.FileBatch;
import io.zhongtai.spi.data.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Puts the files the platform wrote into the table's directory as {@code <table>/part-<time>-<uuid>.<ext>}: nothing
 * is visible before {@link #commit()}, each file appears whole (atomic rename locally, one PUT on S3), and OVERWRITE
 * removes the table's other files only once the new ones are in place.
 */
final class FileWriter implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FileWriter.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

    /** Where an export goes: a table directory and the format of its files. */
    record Target(String table, DataFormat format) {
        /** The target's extension decides the format ({@code orders.csv}), else the source's format, else the table's files, else Parquet. */
        static Target of(FileConnector connector, TableId target) {
            String full = target.toString();
            Optional<DataFormat> byExtension = full.contains(".") ? DataFormat.ofFileName(full) : Optional.empty();
            String table = FileLocation.tableName(byExtension.isPresent() ? DataFormat.stem(full) : full);
            DataFormat format = byExtension.or(connector::format)
                    .or(() -> connector.existingFiles(table).stream().findFirst().map(connector::formatOf))
                    .orElse(DataFormat.PARQUET);
            return new Target(table, format);
        }
    }

    private record Pending(Path local, String key) {
    }

    private final FileConnector connector;
    private final Target target;
    private final WriteMode mode;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Path> temporary = new ArrayList<>();
    private long rows;

    FileWriter(FileConnector connector, Target target, WriteMode mode) {
        this.connector = requireNonNull(connector, "connector is null");
        this.target = requireNonNull(target, "target is null");
        this.mode = requireNonNull(mode, "mode is null");
    }

    @Override
    public void write(Batch batch) {
        if (!(batch instanceof FileBatch file)) {
            throw new IllegalArgumentException("The file connector writes the files the platform prepares, not " + batch);
        }
        if (file.owned()) {
            temporary.add(file.file());
        }
        DataFormat format = target.format();
        CsvDialect dialect = connector.dialect();
        Path local = file.file();
        if (file.format() != format.fileFormat() || format.isCsv() && !dialect.isPlatformDefault(format)) {
            local = connector.workDir().resolve("export-" + UUID.randomUUID() + "." + format.writeExtension());
            temporary.add(local);
            DuckFiles.execute("COPY (SELECT * FROM " + read(file, format.isCsv()) + ") TO " + Sql.literal(local.toString()) + " ("
                    + switch (format) {
                        case CSV, TSV -> dialect.copyOptions(format);
                        case JSON -> "FORMAT json";
                        case PARQUET -> "FORMAT parquet, COMPRESSION zstd";
                    } + ")", "convert export file " + file.file() + " to " + format);
        }
        rows += DuckFiles.count(read(file, true), "count the rows of export file " + file.file());
        String name = "part-" + TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + UUID.randomUUID() + "." + format.writeExtension();
        FileStore store = connector.store();
        pending.add(new Pending(local, store.resolve(store.resolve(connector.location().root(), target.table()), name)));
    }

    /** A DuckDB read of a file the platform wrote (CSV with a header and its default dialect); CSV as text when asked. */
    private static String read(FileBatch file, boolean csvAsText) {
        String path = Sql.literal(file.file().toString());
        return switch (file.format()) {
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON_LINES -> "read_json(" + path + ", format = 'newline_delimited')";
            case CSV -> "read_csv(" + path + ", header = true, delim = ',', quote = '\"', escape = '\"'"
                    + (csvAsText ? ", all_varchar = true" : "") + ")";
        };
    }

    @Override
    public long commit() {
        FileStore store = connector.store();
        List<StoredFile> previous = mode == WriteMode.OVERWRITE ? connector.existingFiles(target.table()) : List.of();
        Set<String> written = new HashSet<>();
        for (Pending p : pending) {
            store.put(p.local(), p.key());
            written.add(p.key());
        }
        List<String> replaced = previous.stream().map(StoredFile::key).filter(k -> !written.contains(k)).toList();
        store.delete(replaced);
        LOG.info("Exported {} rows into {} ({} new files, {} replaced)", rows, store.display(store.resolve(connector.location().root(),
                target.table())), written.size(), replaced.size());
        pending.clear();
        return rows;
    }

    @Override
    public void close() {
        pending.clear();
        temporary.forEach(FileReader::deleteQuietly);
        temporary.clear();
    }
}

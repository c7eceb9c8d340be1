package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.FileFormat;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A directory, prefix or glob of data files as tables (see {@link FileLocation} for the table model). Schemas are
 * inferred by DuckDB from every file of a table; reads hand each file to the platform as a {@link
 * io.zhongtai.spi.data.FileBatch}; exports add files atomically.
 */
final class FileConnector implements Connector {
    private static final String FILES_PROPERTY = "files";

    private final ConnectorConfig config;
    private final ConnectorContext context;
    private final FileLocation location;
    private final Optional<DataFormat> format;
    private final CsvDialect dialect;
    private final DuckFiles duckFiles;
    private final boolean fileColumns;
    private FileStore store;

    FileConnector(ConnectorConfig config, ConnectorContext context) {
        this.config = requireNonNull(config, "config is null");
        this.context = requireNonNull(context, "context is null");
        String path = config.getString(FileConnectorFactory.PATH).trim();
        try {
            this.location = FileLocation.parse(S3Path.isS3(path) ? S3Path.parse(path).key() : path);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException("file", List.of(new OptionProblem(FileConnectorFactory.PATH, e.getMessage())));
        }
        this.format = DataFormat.ofOption(config.getChoice(FileConnectorFactory.FORMAT));
        this.dialect = CsvDialect.of(config);
        this.duckFiles = new DuckFiles(dialect);
        this.fileColumns = config.getBoolean(FileConnectorFactory.FILE_COLUMNS);
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.of(Capability.BROWSE, Capability.BATCH_READ, Capability.PARALLEL_SPLITS, Capability.WRITE);
        if (fileColumns) {
            capabilities.add(Capability.INCREMENTAL);
        }
        return capabilities;
    }

    /** Created on first use, so creating a connector never connects. */
    synchronized FileStore store() {
        if (store == null) {
            String path = config.getString(FileConnectorFactory.PATH).trim();
            store = S3Path.isS3(path)
                    ? new S3FileStore(S3Path.parse(path).bucket(), config.optional(FileConnectorFactory.S3_ENDPOINT),
                            config.getString(FileConnectorFactory.S3_REGION), config.optional(FileConnectorFactory.S3_ACCESS_KEY_ID),
                            config.optional(FileConnectorFactory.S3_SECRET_ACCESS_KEY), config.getBoolean(FileConnectorFactory.S3_PATH_STYLE_ACCESS))
                    : new LocalFileStore();
        }
        return store;
    }

    @Override
    public void testConnection(Duration timeout) {
        store().check(location.root(), timeout);
    }

    @Override
    public List<String> listNamespaces() {
        return List.of("");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        if (!namespace.isEmpty()) {
            return List.of();
        }
        return tables().keySet().stream().map(name -> new TableId("", name)).toList();
    }

    Map<String, List<StoredFile>> tables() {
        return location.tables(store(), format);
    }

    /** The files of a table an export writes into; none when the table or the source's directory does not exist yet. */
    List<StoredFile> existingFiles(String table) {
        try {
            return tables().getOrDefault(table, List.of());
        } catch (ConnectorException e) {
            if (e.kind() == ConnectorException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private List<StoredFile> filesOf(TableId table) {
        Map<String, List<StoredFile>> tables = tables();
        List<StoredFile> files = table.namespace().isEmpty() ? tables.get(table.name()) : null;
        if (files == null) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "No table " + table + " in " + store().display(location.root())
                    + (location.isGlob() ? " matching " + location : "") + "; tables: "
                    + (tables.isEmpty() ? "none" : String.join(", ", tables.keySet())));
        }
        return files;
    }

    @Override
    public TableSchema describe(TableId table) {
        List<StoredFile> stored = filesOf(table);
        List<TypeMapping.FileColumns> files = new ArrayList<>();
        for (StoredFile file : stored) {
            files.add(new TypeMapping.FileColumns(store().display(file.key()), describeFile(file)));
        }
        boolean positional = !dialect.header() && stored.stream().allMatch(f -> formatOf(f).isCsv());
        List<Column> columns = new ArrayList<>(TypeMapping.union(files, positional));
        if (fileColumns) {
            columns.addAll(FileMetadata.columns());
        }
        return new TableSchema(table, columns, List.of());
    }

    private List<Column> describeFile(StoredFile file) {
        Path local = store().fetch(file, context.workDir());
        try {
            return duckFiles.describe(local, formatOf(file), store().display(file.key()));
        } finally {
            if (store().remote()) {
                FileReader.deleteQuietly(local);
            }
        }
    }

    DataFormat formatOf(StoredFile file) {
        return format.or(() -> DataFormat.ofFileName(file.fileName())).orElseThrow();
    }

    /** The greatest {@link FileMetadata} cursor value of the table's files. */
    @Override
    public Optional<String> maxCursorValue(TableSchema table, String column) {
        requireFileColumns();
        return filesOf(table.table()).stream().map(f -> FileMetadata.cursorValue(column, f, store().display(f.key())))
                .max(column.equals(FileMetadata.MODIFIED) ? Comparator.comparing(java.time.Instant::parse) : Comparator.naturalOrder());
    }

    private void requireFileColumns() {
        if (!fileColumns) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Incremental syncs of files need option "
                    + FileConnectorFactory.FILE_COLUMNS + "=true (cursor " + FileMetadata.MODIFIED + " or " + FileMetadata.FILE + ")");
        }
    }

    /**
     * One file per split where {@code maxSplits} allows; otherwise files are dealt round-robin. A cursor range keeps
     * only the files whose {@link FileMetadata} cursor value is in it.
     */
    @Override
    public List<Split> planSplits(TableSchema table, ReadSpec spec, int maxSplits) {
        List<StoredFile> files = filesOf(table.table());
        if (spec.cursor().isPresent()) {
            requireFileColumns();
            ReadSpec.CursorRange range = spec.cursor().get();
            files = files.stream().filter(f -> FileMetadata.inRange(range, f, store().display(f.key()))).toList();
        }
        int count = Math.max(1, Math.min(maxSplits, files.size()));
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            groups.get(i % count).add(files.get(i).key());
        }
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            splits.add(new Split("files-" + i, Map.of(FILES_PROPERTY, String.join("\n", groups.get(i))), -1));
        }
        return splits;
    }

    @Override
    public BatchReader openReader(TableSchema table, Split split, ReadSpec spec) {
        String files = split.properties().get(FILES_PROPERTY);
        if (files == null) {
            throw new IllegalArgumentException("Not a split of the file connector: " + split.id());
        }
        List<String> keys = files.isEmpty() ? List.of() : List.of(files.split("\n"));
        return new FileReader(this, table, keys);
    }

    @Override
    public Optional<FileFormat> writeFormat(TableId target) {
        return Optional.of(FileWriter.Target.of(this, target).format().fileFormat());
    }

    @Override
    public BatchWriter openWriter(TableId target, List<Column> columns, WriteMode mode, List<String> keyColumns) {
        if (mode == WriteMode.UPSERT) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED,
                    "Cannot upsert into files of " + target + ": file targets take append or overwrite");
        }
        if (location.isGlob() || store().stat(location.root()).isPresent()) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Cannot export into " + location
                    + ": exports need the source's path to be a directory or an S3 prefix, not a file or a glob");
        }
        return new FileWriter(this, FileWriter.Target.of(this, target), mode);
    }

    FileLocation location() {
        return location;
    }

    Optional<DataFormat> format() {
        return format;
    }

    CsvDialect dialect() {
        return dialect;
    }

    boolean fileColumns() {
        return fileColumns;
    }

    DuckFiles duckFiles() {
        return duckFiles;
    }

    Path workDir() {
        return context.workDir();
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }
}

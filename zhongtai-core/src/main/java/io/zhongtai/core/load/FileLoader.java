package io.zhongtai.core.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TableScan;
import io.zhongtai.core.lakehouse.TableWriter;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.session.Session;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads CSV, JSON-lines and Parquet files into a table with DuckDB's readers (schema inference:
 * header, delimiter, quoting, dates, nulls). Malformed rows are reported with file, line and
 * reason; unless {@code maxErrors} allows them, nothing is committed. One load is one commit.
 */
public final class FileLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPORTED_REJECTS = 100;

    private final Lakehouse lakehouse;
    private final DuckDb duckDb;
    private final long targetFileSize;

    public FileLoader(Lakehouse lakehouse, DuckDb duckDb, long targetFileSize) {
        this.lakehouse = lakehouse;
        this.duckDb = duckDb;
        this.targetFileSize = targetFileSize;
    }

    public LoadResult load(Session session, LoadRequest request, ProgressListener progress) {
        long started = System.nanoTime();
        List<Path> files = expand(request.paths());
        String format = format(request.format(), files);
        TableName name = request.table();
        boolean exists = lakehouse.tableExists(name);
        if (!exists && !request.create()) {
            throw ZhongtaiException.notFound("Table does not exist: %s (use --create to create it from the files)", name);
        }
        List<LoadResult.RejectedRow> jsonRejects = format.equals("json") ? validateJsonLines(files) : List.of();
        if (jsonRejects.size() > request.maxErrors()) {
            throw tooManyErrors(name, jsonRejects, jsonRejects.size(), request.maxErrors());
        }
        // The platform's own instance: it reads the user's files, and runs only SQL built here.
        List<Path> readable = jsonRejects.isEmpty() ? files : withoutRejectedLines(files, jsonRejects);
        try (Connection c = duckDb.openPrivileged()) {
            Table table = exists ? lakehouse.table(name) : null;
            String source = sourceSql(c, format, readable, request, table);
            // A table created by the load appears with its rows, in one commit, or not at all.
            org.apache.iceberg.Transaction creating = null;
            if (table == null) {
                List<TypeMapping.Column> columns = describe(c, source);
                Schema schema = TypeMapping.toSchema(columns);
                creating = lakehouse.newTableTransaction(name, schema, org.apache.iceberg.PartitionSpec.unpartitioned(), Map.of(), false);
                table = creating.table();
            }
            Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), table);
            TableWriter.Written written;
            try {
                written = writeWithProgress(c, table, source, dir, progress);
                List<LoadResult.RejectedRow> rejects = new ArrayList<>(jsonRejects);
                long rejected = jsonRejects.size() + (format.equals("csv") ? csvRejects(c, rejects) : 0);
                if (rejected > request.maxErrors()) {
                    throw tooManyErrors(name, rejects, rejected, request.maxErrors());
                }
                progress.progress("committing", 100, 100);
                Long snapshot = null;
                Map<String, String> summary = Map.of("zhongtai.operation", "load", "zhongtai.user", session.identity().name());
                if (creating != null) {
                    org.apache.iceberg.AppendFiles append = creating.newAppend();
                    written.files().forEach(append::appendFile);
                    summary.forEach(append::set);
                    append.commit();
                    creating.commitTransaction();
                    snapshot = lakehouse.table(name).currentSnapshot().snapshotId();
                } else if (!written.files().isEmpty() || request.mode() == LoadRequest.Mode.OVERWRITE) {
                    snapshot = request.mode() == LoadRequest.Mode.OVERWRITE
                            ? TableWriter.commitOverwriteAll(table, written, summary)
                            : TableWriter.commitAppend(table, written, summary);
                }
                return new LoadResult(name.toString(), files.size(), written.rows(), written.bytes(), rejected,
                        List.copyOf(rejects.subList(0, Math.min(rejects.size(), REPORTED_REJECTS))), snapshot, creating != null,
                        Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                TableWriter.deleteQuietly(dir);
                throw e;
            }
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot start the loader: " + e.getMessage(), null, e);
        } finally {
            if (readable != files) {
                TableWriter.deleteQuietly(readable.get(0).getParent());
            }
        }
    }

    /** Writes the rows while a poller reports DuckDB's progress of the running statement. */
    private TableWriter.Written writeWithProgress(Connection c, Table table, String source, Path dir, ProgressListener progress) {
        if (progress == ProgressListener.NONE) {
            return TableWriter.write(lakehouse.warehouse(), c, table, source, targetFileSize, dir);
        }
        java.util.concurrent.atomic.AtomicReference<Statement> running = new java.util.concurrent.atomic.AtomicReference<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleAtFixedRate(() -> reportProgress(running.get(), progress), 100, 100, TimeUnit.MILLISECONDS);
        try {
            return TableWriter.write(lakehouse.warehouse(), c, table, source, targetFileSize, dir, running::set);
        } finally {
            poller.shutdownNow();
        }
    }

    private static void reportProgress(Statement statement, ProgressListener progress) {
        if (statement == null) {
            return;
        }
        try {
            QueryProgress p = ((DuckDBPreparedStatement) statement).getQueryProgress();
            if (p != null && p.getPercentage() >= 0) {
                progress.progress("loading", Math.round(p.getPercentage()), 100);
            }
        } catch (SQLException | RuntimeException ignored) {
            // Progress is best effort; the load itself reports its errors.
        }
    }

    /** Expands globs ({@code *}, {@code ?}, {@code **}, {@code [..]}, {@code {a,b}}) and directories into files. */
    static List<Path> expand(List<String> patterns) {
        Set<Path> files = new TreeSet<>();
        for (String pattern : patterns) {
            int glob = indexOfGlob(pattern);
            if (glob < 0) {
                Path p = Path.of(pattern).toAbsolutePath().normalize();
                if (Files.isDirectory(p)) {
                    files.addAll(walk(p, f -> true));
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    throw ZhongtaiException.notFound("File does not exist: %s", pattern);
                }
                continue;
            }
            int slash = pattern.lastIndexOf('/', glob);
            Path base = Path.of(slash < 0 ? "." : pattern.substring(0, Math.max(slash, 1))).toAbsolutePath().normalize();
            String full = base + "/" + pattern.substring(slash + 1);
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + full);
            List<Path> matched = Files.isDirectory(base) ? walk(base, matcher::matches) : List.of();
            if (matched.isEmpty()) {
                throw ZhongtaiException.notFound("No files match: %s", pattern);
            }
            files.addAll(matched);
        }
        return List.copyOf(files);
    }

    private static int indexOfGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> walk(Path base, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile).filter(keep).map(p -> p.toAbsolutePath().normalize()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(String requested, List<Path> files) {
        if (requested != null) {
            String f = requested.toLowerCase(Locale.ROOT);
            if (!Set.of("csv", "json", "parquet").contains(f)) {
                throw ZhongtaiException.invalid("Unknown format '%s': use csv, json or parquet", requested);
            }
            return f;
        }
        Set<String> formats = new java.util.HashSet<>();
        files.forEach(f -> formats.add(formatOf(f)));
        if (formats.size() != 1 || formats.contains(null)) {
            throw ZhongtaiException.invalid("Cannot tell the format of %s from the file names; use --format csv|json|parquet",
                    files.size() == 1 ? files.get(0) : files.size() + " files");
        }
        return formats.iterator().next();
    }

    private static String formatOf(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        n = n.endsWith(".gz") || n.endsWith(".zst") ? n.substring(0, n.lastIndexOf('.')) : n;
        if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) {
            return "csv";
        }
        if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return "json";
        }
        return n.endsWith(".parquet") ? "parquet" : null;
    }

    /** Builds the reader call; when the table exists its column types are imposed so bad values become rejected rows. */
    private String sourceSql(Connection c, String format, List<Path> files, LoadRequest request, Table table) {
        String list = files.stream().map(p -> TypeMapping.literal(p.toString())).collect(Collectors.joining(", ", "[", "]"));
        return switch (format) {
            case "parquet" -> {
                String read = "read_parquet(" + list + ", union_by_name = true)";
                yield table == null ? "SELECT * FROM " + read : project(c, "SELECT * FROM " + read, table);
            }
            case "json" -> {
                String opts = "format = 'newline_delimited'";
                if (request.schema() != null) {
                    opts += ", columns = " + columnsStruct(request.schema());
                }
                String read = "SELECT * FROM read_json(" + list + ", " + opts + ")";
                yield table == null ? read : project(c, read, table);
            }
            default -> {
                String opts = csvOptions(request.csv());
                if (request.schema() != null) {
                    opts += ", columns = " + columnsStruct(request.schema());
                } else if (table != null) {
                    opts += ", columns = " + tableColumnsInFileOrder(c, list, opts, table);
                }
                String read = "SELECT * FROM read_csv(" + list + ", " + opts + ", store_rejects = true)";
                yield table == null ? read : project(c, read, table);
            }
        };
    }

    private static String csvOptions(LoadRequest.CsvOptions o) {
        List<String> opts = new ArrayList<>();
        if (o.delimiter() != null) {
            opts.add("delim = " + TypeMapping.literal(o.delimiter().equals("\\t") ? "\t" : o.delimiter()));
        }
        if (o.header() != null) {
            opts.add("header = " + o.header());
        }
        if (o.quote() != null) {
            opts.add("quote = " + TypeMapping.literal(o.quote()));
        }
        if (o.escape() != null) {
            opts.add("escape = " + TypeMapping.literal(o.escape()));
        }
        if (o.nullString() != null) {
            opts.add("nullstr = " + TypeMapping.literal(o.nullString()));
        }
        if (o.dateFormat() != null) {
            opts.add("dateformat = " + TypeMapping.literal(o.dateFormat()));
        }
        if (o.timestampFormat() != null) {
            opts.add("timestampformat = " + TypeMapping.literal(o.timestampFormat()));
        }
        opts.add("auto_detect = true");
        return String.join(", ", opts);
    }

    /** The table's types for the file's columns (matched by header name), so DuckDB converts while reading. */
    private String tableColumnsInFileOrder(Connection c, String list, String opts, Table table) {
        List<TypeMapping.Column> detected = describe(c, "SELECT * FROM read_csv(" + list + ", " + opts + ")");
        Set<Integer> json = TableScan.jsonColumnIds(table);
        requireKnownColumns(table, detected);
        Map<String, String> columns = new LinkedHashMap<>();
        for (TypeMapping.Column col : detected) {
            Types.NestedField f = table.schema().caseInsensitiveFindField(col.name());
            columns.put(col.name(), TypeMapping.toDuck(f.type(), json.contains(f.fieldId())).replace("JSON", "VARCHAR"));
        }
        return columns.entrySet().stream().map(e -> TypeMapping.literal(e.getKey()) + ": " + TypeMapping.literal(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Turns {@code id BIGINT, name VARCHAR} into DuckDB's columns struct. */
    private static String columnsStruct(String schema) {
        List<String> entries = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= schema.length(); i++) {
            char ch = i < schema.length() ? schema.charAt(i) : ',';
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (ch == ',' && depth == 0) {
                String part = schema.substring(start, i).trim();
                int space = part.indexOf(' ');
                if (space < 0) {
                    throw ZhongtaiException.invalid("Invalid --schema entry '%s': expected <column> <type>", part);
                }
                entries.add(TypeMapping.literal(part.substring(0, space).replace("\"", "")) + ": " + TypeMapping.literal(part.substring(space + 1).trim()));
                start = i + 1;
            }
        }
        return entries.stream().collect(Collectors.joining(", ", "{", "}"));
    }

    /** Selects the table's columns by name from the files' columns; columns the files lack are NULL. */
    private String project(Connection c, String read, Table table) {
        List<TypeMapping.Column> detected = describe(c, read);
        requireKnownColumns(table, detected);
        Set<String> present = detected.stream().map(col -> col.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String projection = table.schema().columns().stream()
                .map(f -> (present.contains(f.name().toLowerCase(Locale.ROOT)) ? "src." + TypeMapping.quote(f.name()) : "NULL")
                        + " AS " + TypeMapping.quote(f.name()))
                .collect(Collectors.joining(", "));
        return "SELECT " + projection + " FROM (" + read + ") src";
    }

    /** Refuses files with columns the table lacks (matched case-insensitively), naming them and the table's columns. */
    private static void requireKnownColumns(Table table, List<TypeMapping.Column> detected) {
        List<String> unknown = detected.stream().map(TypeMapping.Column::name)
                .filter(n -> table.schema().caseInsensitiveFindField(n) == null).toList();
        if (!unknown.isEmpty()) {
            throw ZhongtaiException.invalid("Cannot load into %s: the files have columns the table does not: %s (table columns: %s)",
                    table.name(), String.join(", ", unknown),
                    table.schema().columns().stream().map(Types.NestedField::name).collect(Collectors.joining(", ")));
        }
    }

    private static List<TypeMapping.Column> describe(Connection c, String sql) {
        List<TypeMapping.Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + sql)) {
            while (rs.next()) {
                columns.add(new TypeMapping.Column(rs.getString("column_name"), rs.getString("column_type"), true));
            }
        } catch (SQLException e) {
            throw ZhongtaiException.invalid("Cannot read the files: %s", DuckDb.firstLine(e.getMessage()));
        }
        return columns;
    }

    private static long csvRejects(Connection c, List<LoadResult.RejectedRow> out) {
        String sql = "SELECT s.file_path, e.line, e.column_name, e.error_type, e.error_message FROM reject_errors e "
                + "JOIN reject_scans s USING (scan_id, file_id) ORDER BY s.file_path, e.line";
        long count = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                count++;
                if (out.size() < REPORTED_REJECTS) {
                    out.add(new LoadResult.RejectedRow(rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4) + ": " + DuckDb.firstLine(rs.getString(5))));
                }
            }
        } catch (SQLException e) {
            return 0; // no rejects table: DuckDB found nothing to reject
        }
        return count;
    }

    private static List<LoadResult.RejectedRow> validateJsonLines(List<Path> files) {
        List<LoadResult.RejectedRow> rejects = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                long n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        if (!JSON.readTree(line).isObject()) {
                            rejects.add(new LoadResult.RejectedRow(f.toString(), n, null, "not a JSON object"));
                        }
                    } catch (IOException e) {
                        rejects.add(new LoadResult.RejectedRow(f.toString(), n, null,
                                "malformed JSON: " + DuckDb.firstLine(e.getMessage()).replaceAll(" at \\[Source.*", "")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f, e);
            }
        }
        return rejects;
    }

    /**
     * Copies JSON-lines files without their rejected lines into a temporary directory, so the reader
     * sees only the rows that will be loaded (DuckDB's ignore_errors would keep half-read rows).
     */
    private static List<Path> withoutRejectedLines(List<Path> files, List<LoadResult.RejectedRow> rejects) {
        try {
            Path tmp = Files.createTempDirectory("zhongtai-load-");
            List<Path> out = new ArrayList<>();
            int i = 0;
            for (Path f : files) {
                Set<Long> bad = rejects.stream().filter(r -> r.file().equals(f.toString())).map(LoadResult.RejectedRow::line)
                        .collect(Collectors.toSet());
                Path copy = tmp.resolve(i++ + "-" + f.getFileName());
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8);
                     java.io.BufferedWriter w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
                    String line;
                    long n = 0;
                    while ((line = r.readLine()) != null) {
                        if (!bad.contains(++n)) {
                            w.write(line);
                            w.newLine();
                        }
                    }
                }
                out.add(copy);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare JSON input", e);
        }
    }

    private static ZhongtaiException tooManyErrors(TableName name, List<LoadResult.RejectedRow> rejects, long count, long max) {
        String shown = rejects.stream().limit(10).map(r -> "  " + r).collect(Collectors.joining("\n"));
        return ZhongtaiException.invalid("Load into %s failed, nothing was committed: %d malformed row(s), --max-errors is %d:\n%s%s",
                name, count, max, shown, count > 10 ? "\n  ... and " + (count - 10) + " more" : "");
    }
}

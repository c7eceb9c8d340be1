package io.zhongtai.testkit.tpch;

import static java.util.Objects.requireNonNull;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * TPC-H data as CSV files, generated with {@code io.trino.tpch} (a faithful Java port of dbgen).
 *
 * <p>Files are RFC 4180 CSV: ',' delimiter, '\n' line ends, fields quoted with '"' when they
 * contain a comma, a quote, a line break or leading/trailing blanks (quotes doubled inside).
 * Column names and order are the TPC-H spec's ({@code l_orderkey}, {@code l_partkey}, ...);
 * dates are ISO {@code yyyy-MM-dd}; money, quantities, discounts and taxes have exactly two
 * decimal places. All TPC-H text is ASCII.
 */
public final class TpchData {

    /** The eight TPC-H tables in spec order. */
    public static final List<String> TABLES = List.of(
            "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem");

    private static final int BUFFER_SIZE = 1 << 20;

    /** Tables are split into parallel parts of at least this many rows. */
    private static final long ROWS_PER_PART = 500_000;

    private TpchData() {}

    /**
     * Generates all eight TPC-H tables at {@code scaleFactor} as {@code <dir>/<table>.csv}.
     * Existing files are replaced; each file appears only once complete (written to a
     * temporary name, then moved into place). Large tables are generated in parallel parts, one
     * thread per available processor, and joined in order: the output does not depend on the
     * number of threads.
     *
     * @param dir directory for the files, created when missing
     * @param scaleFactor TPC-H scale factor, e.g. 0.01 (lineitem 60,175 rows) or 1 (6,001,215 rows)
     * @param withHeader whether each file starts with a header row of column names
     * @return table name to file, in spec order (region, nation, ..., lineitem)
     */
    public static Map<String, Path> writeCsv(Path dir, double scaleFactor, boolean withHeader) {
        requireNonNull(dir, "dir is null");
        checkScaleFactor(scaleFactor);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory for TPC-H data: " + dir, e);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : TABLES) {
            files.put(name, dir.resolve(name + ".csv"));
        }
        write(files, scaleFactor, withHeader, Runtime.getRuntime().availableProcessors(), ROWS_PER_PART);
        return Collections.unmodifiableMap(files);
    }

    /**
     * Generates one TPC-H table as CSV into {@code file} (replaced when it exists; its directory
     * must exist), like {@link #writeCsv(Path, double, boolean)}.
     *
     * @return the number of data rows written
     */
    public static long writeCsv(String table, Path file, double scaleFactor, boolean withHeader) {
        requireNonNull(file, "file is null");
        checkScaleFactor(scaleFactor);
        String name = table(table).getTableName();
        return write(Map.of(name, file), scaleFactor, withHeader, Runtime.getRuntime().availableProcessors(), ROWS_PER_PART).get(name);
    }

    /** The TPC-H column names of {@code table} in spec order, e.g. {@code [r_regionkey, r_name, r_comment]}. */
    public static List<String> columnNames(String table) {
        return table(table).getColumns().stream().map(TpchColumn::getColumnName).collect(Collectors.toUnmodifiableList());
    }

    /**
     * DuckDB {@code CREATE TABLE} statement for a TPC-H table with the spec's types: keys BIGINT,
     * integers INTEGER, money/quantity/discount/tax DECIMAL(15,2), dates DATE, CHAR and VARCHAR
     * columns VARCHAR; all columns NOT NULL.
     *
     * @param schema schema to qualify the table with; null or empty for an unqualified name
     * @param table TPC-H table name, e.g. {@code lineitem}
     */
    public static String createTableDdl(String schema, String table) {
        TpchTable<?> t = table(table);
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualified(schema, t.getTableName())).append(" (\n");
        List<? extends TpchColumn<?>> columns = t.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            TpchColumn<?> column = columns.get(i);
            sql.append("    ").append(column.getColumnName()).append(' ').append(sqlType(column.getType())).append(" NOT NULL");
            sql.append(i + 1 < columns.size() ? ",\n" : "\n");
        }
        return sql.append(')').toString();
    }

    /**
     * DuckDB statement loading a CSV written by {@link #writeCsv(Path, double, boolean)} with a
     * header into a table created by {@link #createTableDdl}: {@code INSERT INTO <schema>.<table>
     * SELECT * FROM read_csv('<file>', header = true, ..., columns = {...})}. The column types are
     * given explicitly, so nothing depends on DuckDB's type sniffing.
     */
    public static String insertFromCsvSql(String schema, String table, Path csv) {
        requireNonNull(csv, "csv is null");
        TpchTable<?> t = table(table);
        String columns = t.getColumns().stream()
                .map(c -> "'" + c.getColumnName() + "': '" + sqlType(c.getType()) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        return "INSERT INTO " + qualified(schema, t.getTableName())
                + " SELECT * FROM read_csv('" + csv.toAbsolutePath().toString().replace("'", "''")
                + "', header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, columns = "
                + columns + ")";
    }

    static String sqlType(TpchColumnType type) {
        switch (type.getBase()) {
            case IDENTIFIER:
                return "BIGINT";
            case INTEGER:
                return "INTEGER";
            case DOUBLE:
                return "DECIMAL(15,2)";
            case DATE:
                return "DATE";
            case VARCHAR:
                return "VARCHAR";
            default:
                throw new IllegalArgumentException("Unsupported TPC-H column type: " + type.getBase());
        }
    }

    private static String qualified(String schema, String table) {
        return schema == null || schema.isEmpty() ? table : schema + "." + table;
    }

    static TpchTable<?> table(String name) {
        requireNonNull(name, "table is null");
        if (!TABLES.contains(name)) {
            throw new IllegalArgumentException("Unknown TPC-H table: " + name + " (known: " + String.join(", ", TABLES) + ")");
        }
        return TpchTable.getTable(name);
    }

    private static void checkScaleFactor(double scaleFactor) {
        if (!(scaleFactor > 0) || Double.isInfinite(scaleFactor)) {
            throw new IllegalArgumentException("Cannot generate TPC-H data, scale factor must be positive: " + scaleFactor);
        }
    }

    /** Approximate rows of each table at scale factor 1, to split and schedule the work. */
    private static long rowsAtSf1(String table) {
        switch (table) {
            case "supplier":
                return 10_000;
            case "customer":
                return 150_000;
            case "part":
                return 200_000;
            case "partsupp":
                return 800_000;
            case "orders":
                return 1_500_000;
            case "lineitem":
                return 6_000_000;
            default:
                return 25; // region, nation: fixed size, and their generators cannot be split
        }
    }

    /** A slice of one table's generator written to its own file; part 1 is the final file's start. */
    private static final class Part {
        final String table;
        final int part;
        final int partCount;
        final Path file;
        final double weight;
        long rows;

        Part(String table, int part, int partCount, Path file, double weight) {
            this.table = table;
            this.part = part;
            this.partCount = partCount;
            this.file = file;
            this.weight = weight;
        }
    }

    /**
     * Writes the tables in {@code files} using up to {@code threads} threads, splitting a table
     * into parts of at least {@code rowsPerPart} rows (region and nation are never split).
     *
     * @return table name to number of data rows
     */
    static Map<String, Long> write(Map<String, Path> files, double scaleFactor, boolean withHeader, int threads, long rowsPerPart) {
        Map<String, List<Part>> partsByTable = new LinkedHashMap<>();
        List<Part> all = new ArrayList<>();
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            String name = entry.getKey();
            Path file = entry.getValue().toAbsolutePath();
            double rows = rowsAtSf1(name) * scaleFactor;
            int partCount = rowsAtSf1(name) < 1_000 ? 1 : (int) Math.max(1, Math.min(threads, (long) (rows / rowsPerPart)));
            List<Part> parts = new ArrayList<>();
            for (int p = 1; p <= partCount; p++) {
                Path partFile = file.resolveSibling(file.getFileName() + (p == 1 ? ".tmp" : ".tmp" + p));
                parts.add(new Part(name, p, partCount, partFile, rows / partCount));
            }
            partsByTable.put(name, parts);
            all.addAll(parts);
        }
        all.sort(Comparator.comparingDouble((Part p) -> p.weight).reversed());
        try {
            run(all, withHeader, scaleFactor, threads);
            Map<String, Long> rows = new LinkedHashMap<>();
            for (Map.Entry<String, List<Part>> entry : partsByTable.entrySet()) {
                List<Part> parts = entry.getValue();
                Path target = files.get(entry.getKey());
                join(parts);
                try {
                    Files.move(parts.get(0).file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(parts.get(0).file, target, StandardCopyOption.REPLACE_EXISTING);
                }
                rows.put(entry.getKey(), parts.stream().mapToLong(p -> p.rows).sum());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write TPC-H data: " + e.getMessage(), deleteQuietly(all, e));
        } catch (RuntimeException e) {
            throw deleteQuietly(all, e);
        } catch (Error e) {
            throw deleteQuietly(all, e);
        }
    }

    private static void run(List<Part> parts, boolean withHeader, double scaleFactor, int threads) throws IOException {
        if (threads <= 1 || parts.size() == 1) {
            for (Part part : parts) {
                writePart(part, withHeader, scaleFactor);
            }
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, parts.size()), r -> {
            Thread thread = new Thread(r, "tpch-csv-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Part part : parts) {
                futures.add(executor.submit(() -> {
                    writePart(part, withHeader, scaleFactor);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException) {
                        throw (IOException) cause;
                    }
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    if (cause instanceof Error) {
                        throw (Error) cause;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while generating TPC-H data", e);
                }
            }
        } finally {
            executor.shutdownNow();
            try {
                // Let failed or cancelled parts stop writing before their files are deleted.
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Appends parts 2..n to part 1's file, in order, and deletes them. */
    private static void join(List<Part> parts) throws IOException {
        if (parts.size() == 1) {
            return;
        }
        try (FileChannel out = FileChannel.open(parts.get(0).file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (Part part : parts.subList(1, parts.size())) {
                try (FileChannel in = FileChannel.open(part.file, StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long position = 0; position < size; ) {
                        position += in.transferTo(position, size - position, out);
                    }
                }
                Files.delete(part.file);
            }
        }
    }

    private static <T extends Throwable> T deleteQuietly(List<Part> parts, T failure) {
        for (Part part : parts) {
            try {
                Files.deleteIfExists(part.file);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static void writePart(Part part, boolean withHeader, double scaleFactor) throws IOException {
        part.rows = writePart(table(part.table), part, withHeader && part.part == 1, scaleFactor);
    }

    private static <E extends TpchEntity> long writePart(TpchTable<E> table, Part part, boolean withHeader, double scaleFactor)
            throws IOException {
        List<TpchColumn<E>> columns = table.getColumns();
        int n = columns.size();
        @SuppressWarnings("unchecked")
        TpchColumn<E>[] cols = columns.toArray(new TpchColumn[0]);
        TpchColumnType.Base[] kinds = new TpchColumnType.Base[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = cols[i].getType().getBase();
        }
        long rows = 0;
        try (CsvOut out = new CsvOut(Files.newOutputStream(part.file))) {
            if (withHeader) {
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.writeField(cols[i].getColumnName());
                }
                out.write('\n');
            }
            for (E row : table.createGenerator(scaleFactor, part.part, part.partCount)) {
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    TpchColumn<E> col = cols[i];
                    switch (kinds[i]) {
                        case IDENTIFIER:
                            out.writeLong(col.getIdentifier(row));
                            break;
                        case INTEGER:
                            out.writeLong(col.getInteger(row));
                            break;
                        case DOUBLE:
                            out.writeCents(Math.round(col.getDouble(row) * 100));
                            break;
                        case DATE:
                            out.writeDate(col.getDate(row));
                            break;
                        case VARCHAR:
                            out.writeField(col.getString(row));
                            break;
                        default:
                            throw new IllegalStateException("Unsupported TPC-H column type: " + kinds[i]);
                    }
                }
                out.write('\n');
                rows++;
            }
        }
        return rows;
    }

    /** Minimal buffered CSV writer for ASCII data: no per-value allocation for numbers and dates. */
    private static final class CsvOut implements AutoCloseable {
        // TPC-H dates lie in 1992..1998; cache a wider window of formatted dates.
        private static final int DATE_CACHE_FIRST = (int) LocalDate.of(1990, 1, 1).toEpochDay();
        private static final byte[][] DATE_CACHE = new byte[(int) LocalDate.of(2001, 1, 1).toEpochDay() - DATE_CACHE_FIRST][];

        static {
            for (int i = 0; i < DATE_CACHE.length; i++) {
                DATE_CACHE[i] = LocalDate.ofEpochDay(DATE_CACHE_FIRST + i).toString().getBytes(StandardCharsets.US_ASCII);
            }
        }

        private final OutputStream out;
        private final byte[] buf = new byte[BUFFER_SIZE];
        private final byte[] digits = new byte[20];
        private int pos;

        CsvOut(OutputStream out) {
            this.out = out;
        }

        void write(char c) throws IOException {
            if (pos == buf.length) {
                flush();
            }
            buf[pos++] = (byte) c;
        }

        void writeLong(long v) throws IOException {
            if (pos + 21 > buf.length) {
                flush();
            }
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    writeAscii(Long.toString(v));
                    return;
                }
                buf[pos++] = '-';
                v = -v;
            }
            int d = digits.length;
            do {
                digits[--d] = (byte) ('0' + (v % 10));
                v /= 10;
            } while (v != 0);
            int len = digits.length - d;
            System.arraycopy(digits, d, buf, pos, len);
            pos += len;
        }

        /** Writes {@code cents / 100} with exactly two decimals, e.g. -1234 as -12.34. */
        void writeCents(long cents) throws IOException {
            if (pos + 24 > buf.length) {
                flush();
            }
            if (cents < 0) {
                buf[pos++] = '-';
                cents = -cents;
            }
            writeLong(cents / 100);
            int frac = (int) (cents % 100);
            buf[pos++] = '.';
            buf[pos++] = (byte) ('0' + frac / 10);
            buf[pos++] = (byte) ('0' + frac % 10);
        }

        void writeDate(int epochDay) throws IOException {
            int i = epochDay - DATE_CACHE_FIRST;
            if (i >= 0 && i < DATE_CACHE.length) {
                byte[] date = DATE_CACHE[i];
                if (pos + date.length > buf.length) {
                    flush();
                }
                System.arraycopy(date, 0, buf, pos, date.length);
                pos += date.length;
            } else {
                writeAscii(LocalDate.ofEpochDay(epochDay).toString());
            }
        }

        /** Writes a text field, quoted per RFC 4180 when needed. */
        void writeField(String s) throws IOException {
            int len = s.length();
            boolean quote = len > 0 && (s.charAt(0) == ' ' || s.charAt(len - 1) == ' ');
            boolean ascii = true;
            for (int i = 0; i < len && (!quote || ascii); i++) {
                char c = s.charAt(i);
                if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                    quote = true;
                } else if (c >= 0x80) {
                    ascii = false;
                }
            }
            if (!ascii) {
                // Not expected for TPC-H data; kept correct rather than fast.
                String text = quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
                writeBytes(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!quote) {
                writeAscii(s);
                return;
            }
            write('"');
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    write('"');
                }
                write(c);
            }
            write('"');
        }

        private void writeAscii(String s) throws IOException {
            int len = s.length();
            if (len > buf.length - pos) {
                flush();
                if (len > buf.length) {
                    writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                    return;
                }
            }
            s.getBytes(0, len, buf, pos); // deprecated but exact for ASCII, and allocation-free
            pos += len;
        }

        private void writeBytes(byte[] bytes) throws IOException {
            if (bytes.length > buf.length - pos) {
                flush();
                if (bytes.length > buf.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        private void flush() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                out.close();
            }
        }
    }
}

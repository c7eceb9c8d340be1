package io.zhongtai.testkit.tpch;

import static java.util.Objects.requireNonNull;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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

    private TpchData() {}

    /**
     * Generates all eight TPC-H tables at {@code scaleFactor} as {@code <dir>/<table>.csv}.
     * Existing files are replaced; each file appears only once complete (written to a
     * temporary name, then moved into place). Tables are generated concurrently, one thread per
     * available processor; the output does not depend on the number of threads.
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
        write(files, scaleFactor, withHeader, Runtime.getRuntime().availableProcessors());
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
        return write(Map.of(name, file), scaleFactor, withHeader, Runtime.getRuntime().availableProcessors()).get(name);
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

    /** Approximate rows of each table at scale factor 1, to start the largest tables first. */
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
                return 25;
        }
    }

    /**
     * Writes the tables in {@code files}, up to {@code threads} tables at a time, largest first.
     * Each table is written by one thread: splitting a table's generator into parts measured no
     * faster here (the parts' skip-ahead and the join cost what the second core gains).
     *
     * @return table name to number of data rows
     */
    static Map<String, Long> write(Map<String, Path> files, double scaleFactor, boolean withHeader, int threads) {
        List<String> order = new ArrayList<>(files.keySet());
        order.sort(Comparator.comparingLong(TpchData::rowsAtSf1).reversed());
        Map<String, Path> temporary = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            Path file = entry.getValue().toAbsolutePath();
            temporary.put(entry.getKey(), file.resolveSibling(file.getFileName() + ".tmp"));
        }
        Map<String, Long> rows = new ConcurrentHashMap<>();
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (String table : order) {
                tasks.add(() -> {
                    rows.put(table, writeTable(table(table), temporary.get(table), withHeader, scaleFactor));
                    return null;
                });
            }
            run(tasks, threads);
            Map<String, Long> result = new LinkedHashMap<>();
            for (Map.Entry<String, Path> entry : files.entrySet()) {
                Path tmp = temporary.get(entry.getKey());
                try {
                    Files.move(tmp, entry.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, entry.getValue(), StandardCopyOption.REPLACE_EXISTING);
                }
                result.put(entry.getKey(), rows.get(entry.getKey()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write TPC-H data: " + e.getMessage(), deleteQuietly(temporary.values(), e));
        } catch (RuntimeException e) {
            throw deleteQuietly(temporary.values(), e);
        } catch (Error e) {
            throw deleteQuietly(temporary.values(), e);
        }
    }

    private static void run(List<Callable<Void>> tasks, int threads) throws IOException {
        if (threads <= 1 || tasks.size() == 1) {
            for (Callable<Void> task : tasks) {
                call(task);
            }
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread thread = new Thread(r, "tpch-csv-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(executor.submit(task));
            }
            for (Future<Void> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    rethrow(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while generating TPC-H data", e);
                }
            }
        } finally {
            executor.shutdownNow();
            try {
                // Let failed or cancelled tables stop writing before their files are deleted.
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void call(Callable<Void> task) throws IOException {
        try {
            task.call();
        } catch (Exception e) {
            rethrow(e);
        }
    }

    private static void rethrow(Throwable e) throws IOException {
        if (e instanceof IOException) {
            throw (IOException) e;
        }
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        throw new IllegalStateException(e);
    }

    private static <T extends Throwable> T deleteQuietly(Collection<Path> files, T failure) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static <E extends TpchEntity> long writeTable(TpchTable<E> table, Path file, boolean withHeader, double scaleFactor)
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
        try (CsvOut out = new CsvOut(Files.newOutputStream(file))) {
            if (withHeader) {
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.writeField(cols[i].getColumnName());
                }
                out.write('\n');
            }
            for (E row : table.createGenerator(scaleFactor, 1, 1)) {
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

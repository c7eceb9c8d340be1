package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Opens DuckDB instances. User queries share one locked instance that can read and write only the
 * warehouse: each query gets its own connection with a private in-memory catalog for its views
 * (a fresh instance per query would cost 100+ ms of warm-up). Instances for copy-on-write DML and
 * for reading user files are separate.
 */
public final class DuckDb implements AutoCloseable {
    private final String memoryLimit;
    private final int threads;
    private final List<Path> warehouseDirs;
    private final java.util.concurrent.atomic.AtomicLong queryIds = new java.util.concurrent.atomic.AtomicLong();
    private Connection shared;

    /**
     * Starts loading DuckDB's native library (about 0.7 s) on a background thread, so it overlaps
     * with opening the metadata store and catalog.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative");
            } catch (ClassNotFoundException | LinkageError ignored) {
                // the first real connection reports the problem
            }
        }, "duckdb-preload");
        t.setDaemon(true);
        t.start();
    }

    public DuckDb(String memoryLimit, int threads, Path warehouseDir) {
        this(memoryLimit, threads, List.of(warehouseDir));
    }

    /** {@code warehouseDirs}: the local directories user queries may read and write (see {@link Warehouse#localDirectories()}). */
    public DuckDb(String memoryLimit, int threads, List<Path> warehouseDirs) {
        this.memoryLimit = memoryLimit;
        this.threads = threads;
        this.warehouseDirs = List.copyOf(warehouseDirs);
    }

    /** A connection for one query, with its own empty catalog as the default; close it to drop the catalog. */
    public QueryConnection openQuery() {
        try {
            Connection c = sharedInstance().duplicate();
            String catalog = "q" + queryIds.incrementAndGet();
            exec(c, "ATTACH ':memory:' AS " + catalog);
            return new QueryConnection(c, catalog);
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot open a DuckDB connection: " + e.getMessage(), null, e);
        }
    }

    private synchronized org.duckdb.DuckDBConnection sharedInstance() {
        if (shared == null) {
            shared = openUnlocked(warehouseDirs);
            // Iceberg data files never change once written, so their Parquet footers can be cached for the process.
            exec(shared, "SET parquet_metadata_cache = true");
            PartitionTransforms.registerFunctions(shared);
            lock(shared);
        }
        return (org.duckdb.DuckDBConnection) shared;
    }

    /** One query's connection to the shared instance and the name of its private catalog. */
    public static final class QueryConnection implements AutoCloseable {
        private final Connection connection;
        private final String catalog;

        QueryConnection(Connection connection, String catalog) {
            this.connection = connection;
            this.catalog = catalog;
        }

        public Connection connection() {
            return connection;
        }

        public String catalog() {
            return catalog;
        }

        @Override
        public void close() {
            try (connection) {
                exec(connection, "USE memory.main");
                exec(connection, "DETACH " + catalog);
            } catch (SQLException | RuntimeException ignored) {
                // closing the connection is what matters; a leftover empty catalog costs nothing
            }
        }
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            try {
                shared.close();
            } catch (SQLException ignored) {
                // in-memory instance
            }
            shared = null;
        }
    }

    /**
     * A sandboxed instance: file access only below {@code allowedDirectories}, configuration locked.
     * Use {@link #openUnlocked} when the platform must load data before locking.
     */
    public Connection openSandboxed(List<Path> allowedDirectories) {
        Connection c = openUnlocked(allowedDirectories);
        lock(c);
        return c;
    }

    /** An instance whose file access is still open; call {@link #lock} before running user SQL in it. */
    public Connection openUnlocked(List<Path> allowedDirectories) {
        Connection c = open();
        String dirs = allowedDirectories.stream()
                .map(p -> TypeMapping.literal(p.toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        exec(c, "SET allowed_directories = " + dirs);
        return c;
    }

    /** Turns off file access outside the allowed directories and freezes every engine option. */
    public static void lock(Connection c) {
        exec(c, "SET enable_external_access = false");
        exec(c, "SET lock_configuration = true");
    }

    /** An instance with full file access, for the platform's own reads of user-named files. Never run user SQL in it. */
    public Connection openPrivileged() {
        Connection c = open();
        // Loads report their progress; DuckDB tracks it only with the progress bar on (never printed here).
        exec(c, "SET enable_progress_bar = true");
        exec(c, "SET enable_progress_bar_print = false");
        return c;
    }

    private Connection open() {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        if (memoryLimit != null && !memoryLimit.isBlank()) {
            p.setProperty("memory_limit", memoryLimit);
        }
        if (threads > 0) {
            p.setProperty("threads", String.valueOf(threads));
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
            // Iceberg's day/hour transforms of timestamptz are defined in UTC.
            exec(c, "SET TimeZone = 'UTC'");
            return c;
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "Cannot start DuckDB: " + e.getMessage(), null, e);
        }
    }

    /** Runs one platform-generated statement; a failed execute closes DuckDB's Statement, so each call gets a new one. */
    public static long exec(Connection c, String sql) {
        return exec(c, sql, s -> { });
    }

    /** Like {@link #exec(Connection, String)}, handing the statement to {@code running} first (to watch its progress). */
    public static long exec(Connection c, String sql, java.util.function.Consumer<Statement> running) {
        try (Statement s = c.createStatement()) {
            running.accept(s);
            s.execute(sql);
            return s.getUpdateCount();
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "DuckDB failed: " + firstLine(e.getMessage()) + " [in: "
                    + abbreviate(sql) + "]", null, e);
        }
    }

    /** Runs a platform-generated query returning one value. */
    public static Object queryValue(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new ZhongtaiException(ZhongtaiException.Kind.INTERNAL, "DuckDB failed: " + firstLine(e.getMessage()), null, e);
        }
    }

    /**
     * The lines of a DuckDB error that say what is wrong and where ("CSV Error on Line: 4", the original line, the
     * conversion problem), joined with "; ", without its suggestions, option dump and SQL excerpt.
     */
    public static String essence(String message) {
        if (message == null) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Possible") || trimmed.startsWith("file = ") || trimmed.startsWith("LINE 1:")
                    || trimmed.startsWith("Column ") && trimmed.contains("is being converted")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        return String.join("; ", kept);
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String abbreviate(String sql) {
        return sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
    }
}

package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Opens DuckDB instances. Every user query gets a fresh in-memory instance (about 25 ms) that can
 * reach only the directories it is given, so user SQL never touches other files, installs
 * extensions or changes engine options.
 */
public final class DuckDb {
    private final String memoryLimit;
    private final int threads;

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

    public DuckDb(String memoryLimit, int threads) {
        this.memoryLimit = memoryLimit;
        this.threads = threads;
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
        return open();
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
        try (Statement s = c.createStatement()) {
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

package io.zhongtai.core.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zhongtai.core.config.ZhongtaiConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * The platform's metadata database: a SQLite file by default, PostgreSQL in production.
 * Opening it applies pending schema migrations. Iceberg's JdbcCatalog shares the database
 * through {@link #jdbcUrl()} and {@link #jdbcProperties()}.
 */
public final class MetadataStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataStore.class);

    private final HikariDataSource dataSource;
    private final String jdbcUrl;
    private final Properties jdbcProperties;
    private final Dialect dialect;

    private MetadataStore(HikariDataSource dataSource, String jdbcUrl, Properties jdbcProperties, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.jdbcProperties = jdbcProperties;
        this.dialect = dialect;
    }

    /**
     * Connects and migrates the schema to the latest version. Safe to call again on a migrated
     * database, and from several processes sharing one SQLite file.
     *
     * @param env the process environment, read for the variable named by {@code password-env}
     */
    public static MetadataStore open(ZhongtaiConfig.Metadata config, Map<String, String> env) {
        requireNonNull(config, "config is null");
        requireNonNull(env, "env is null");
        Dialect dialect = Dialect.fromJdbcUrl(config.url());
        Properties properties = connectionProperties(dialect, config, env);

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("zhongtai-metadata");
        hikari.setJdbcUrl(config.url());
        hikari.setDataSourceProperties(properties);
        hikari.setMaximumPoolSize(config.poolSize());
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            if (appliedVersion(dataSource) == SCHEMA_VERSION) {
                // Up to date: skip Flyway, whose start-up costs more than a short CLI command itself.
                return new MetadataStore(dataSource, config.url(), properties, dialect);
            }
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    // zt_ prefix like every platform table; also keeps clear of an application's own Flyway table
                    .table("zt_schema_history")
                    .load()
                    .migrate();
            log.info("Opened {} metadata store, schema version {} ({} migrations applied now)",
                    dialect, result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new MetadataStore(dataSource, config.url(), properties, dialect);
    }

    /** The highest migration in {@code db/migration}; a test keeps it in step with the files. */
    public static final int SCHEMA_VERSION = 5;

    /** The highest successfully applied migration version, or -1 when the database is new. */
    static int appliedVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM zt_schema_history WHERE success")) {
            int max = -1;
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null && v.matches("\\d+")) {
                    max = Math.max(max, Integer.parseInt(v));
                }
            }
            return max;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Properties connectionProperties(Dialect dialect, ZhongtaiConfig.Metadata config, Map<String, String> env) {
        if (dialect == Dialect.SQLITE) {
            SQLiteConfig sqlite = new SQLiteConfig();
            // WAL lets readers and one writer proceed together; the busy timeout makes a second
            // process (or pooled connection) wait for the write lock instead of failing at once.
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setBusyTimeout(10_000);
            // A deferred transaction that reads and then writes fails with SQLITE_BUSY, without
            // waiting, when another connection wrote in between; IMMEDIATE takes the write lock up front.
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            return sqlite.toProperties();
        }
        Properties properties = new Properties();
        config.user().ifPresent(user -> properties.setProperty("user", user));
        config.passwordEnv().ifPresent(variable -> {
            String password = env.get(variable);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "Cannot open metadata store, environment variable " + variable + " (metadata.password-env) is not set");
            }
            properties.setProperty("password", password);
        });
        return properties;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Driver properties for other consumers of the same database, such as Iceberg's JdbcCatalog:
     * user and password on PostgreSQL, journal mode and busy timeout on SQLite. A fresh copy;
     * it may hold the password, so never log it.
     */
    public Properties jdbcProperties() {
        Properties copy = new Properties();
        copy.putAll(jdbcProperties);
        return copy;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlFunction<Connection, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        }
        catch (SQLException e) {
            throw new MetadataException("Metadata store operation failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: commits if it returns, rolls back if it throws.
     * A {@link RuntimeException} from {@code work} is rethrown as is; an {@link SQLException}
     * becomes a {@link MetadataException}.
     */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            }
            catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                }
                catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        });
    }

    /** Runs one INSERT, UPDATE or DELETE with {@code args} bound in order; returns the rows changed. */
    public int update(String sql, Object... args) {
        return withConnection(connection -> update(connection, sql, args));
    }

    /** Runs a query with {@code args} bound in order and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(connection -> query(connection, sql, mapper, args));
    }

    /** {@link #update(String, Object...)} on a connection of a transaction. */
    public static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }

    /** {@link #query(String, RowMapper, Object...)} on a connection of a transaction. */
    public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
            }
            return out;
        }
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, args[i]);
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

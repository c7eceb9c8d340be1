package io.zhongtai.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A real PostgreSQL server started from embedded binaries (no Docker needed). Start one per
 * test class and give each test its own database with {@link #createDatabase()}.
 *
 * <p>The superuser {@link #user()} is trusted (any password); every other role must log in over
 * TCP with its scram-sha-256 password, so wrong-password paths can be tested with {@link #createUser}.
 */
public final class TestingPostgres implements AutoCloseable {
    private static final String HBA = """
            # TYPE  DATABASE     USER      ADDRESS        METHOD
            local   all          postgres                 trust
            local   replication  postgres                 trust
            host    all          postgres  127.0.0.1/32   trust
            host    all          postgres  ::1/128        trust
            host    replication  postgres  127.0.0.1/32   trust
            host    replication  postgres  ::1/128        trust
            host    all          all       127.0.0.1/32   scram-sha-256
            host    all          all       ::1/128        scram-sha-256
            host    replication  all       127.0.0.1/32   scram-sha-256
            host    replication  all       ::1/128        scram-sha-256
            """;

    private final Path hbaFile;
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    public TestingPostgres() throws IOException {
        this(false);
    }

    private TestingPostgres(boolean logicalReplication) throws IOException {
        hbaFile = Files.createTempFile("zt-pg-hba", ".conf");
        Files.writeString(hbaFile, HBA);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("hba_file", hbaFile.toString())
                .setServerConfig("password_encryption", "scram-sha-256");
        if (logicalReplication) {
            builder.setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10");
        }
        try {
            postgres = builder.start();
        }
        catch (IOException | RuntimeException e) {
            Files.deleteIfExists(hbaFile);
            throw e;
        }
    }

    /** A server with {@code wal_level=logical}, ready for change data capture (pgoutput, replication slots). */
    public static TestingPostgres withLogicalReplication() throws IOException {
        return new TestingPostgres(true);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates an empty database and returns its JDBC URL; connect as {@link #user()}, any password. */
    public String createDatabase() {
        String name = "zt_test_" + databases.incrementAndGet();
        executeAsSuperuser(jdbcUrl("postgres"), "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgres.getPort(), database);
    }

    /** The superuser; trusted, so any password works. */
    public String user() {
        return "postgres";
    }

    /** Creates a login role with REPLICATION whose scram-sha-256 password is required over TCP; returns its name. */
    public String createUser(String name, String password) {
        requireNonNull(name, "name is null");
        requireNonNull(password, "password is null");
        executeAsSuperuser(jdbcUrl("postgres"), "CREATE ROLE %s LOGIN REPLICATION PASSWORD '%s'"
                .formatted(quoteIdentifier(name), password.replace("'", "''")));
        return name;
    }

    /** Lets {@code user} connect to the database at {@code jdbcUrl} and read, write and create in its public schema. */
    public void grantAll(String jdbcUrl, String user) {
        String role = quoteIdentifier(user);
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        executeAsSuperuser(jdbcUrl,
                "GRANT ALL ON DATABASE " + quoteIdentifier(database) + " TO " + role,
                "GRANT ALL ON SCHEMA public TO " + role,
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role,
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO " + role,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO " + role);
    }

    /** Runs statements as the superuser in the database at {@code jdbcUrl}. */
    public void execute(String jdbcUrl, String... statements) {
        executeAsSuperuser(jdbcUrl, statements);
    }

    private void executeAsSuperuser(String jdbcUrl, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user(), "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot run setup statements on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        }
        finally {
            Files.deleteIfExists(hbaFile);
        }
    }
}

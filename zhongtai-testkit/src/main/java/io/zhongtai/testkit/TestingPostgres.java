package io.zhongtai.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server started from embedded binaries (no Docker needed). Start one per
 * test class and give each test its own database with {@link #createDatabase()}.
 */
public final class TestingPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    public TestingPostgres() throws IOException {
        this.postgres = EmbeddedPostgres.builder().start();
    }

    /** Creates an empty database and returns its JDBC URL; connect as {@link #user()}, any password. */
    public String createDatabase() {
        String name = "zt_test_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgres.getPort(), name);
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}

package io.zhongtai.core.metadata;

import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.auth.TokenService;
import io.zhongtai.core.config.ZhongtaiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteMetadataStoreTest extends MetadataStoreTests {
    @TempDir
    Path dir;
    private int databases;

    @Override
    protected ZhongtaiConfig.Metadata newDatabase() {
        Path file = dir.resolve("metadata-" + ++databases + ".db");
        return new ZhongtaiConfig.Metadata("jdbc:sqlite:" + file, Optional.empty(), Optional.empty(), 4);
    }

    @Override
    protected Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Test
    void everyConnectionUsesWalAndWaitsForLocks() throws SQLException {
        assertThat(pragmas(store.dataSource().getConnection())).isEqualTo("wal 10000");
        assertThat(pragmas(DriverManager.getConnection(store.jdbcUrl(), store.jdbcProperties()))).isEqualTo("wal 10000");
    }

    @Test
    void twoStoresOnOneFileWorkSideBySide() throws Exception {
        // Two stores, each with its own pool, behave like two processes sharing the file.
        try (MetadataStore other = MetadataStore.open(config, Map.of())) {
            CreatedToken token = new TokenService(store, clock).create("shared", Identity.system());
            assertThat(new TokenService(other, clock).authenticate(token.secret())).contains(Identity.token("shared"));

            // Concurrent writers on both stores: each write waits for the lock rather than failing.
            AuditLog[] logs = {new AuditLog(store, clock), new AuditLog(other, clock)};
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> writes = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    AuditLog log = logs[thread % 2];
                    writes.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            log.record(Identity.system(), "write", null, null, "ok");
                        }
                    }));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            }
            finally {
                pool.shutdown();
            }
            assertThat(new AuditLog(other, clock).recent(1000)).hasSize(200);
            assertThat(new AuditLog(store, clock).recent(1000)).hasSize(200);
        }
    }

    private static String pragmas(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement()) {
            return pragma(statement, "journal_mode") + " " + pragma(statement, "busy_timeout");
        }
    }

    private static String pragma(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}

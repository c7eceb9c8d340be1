package io.zhongtai.core.metadata;

import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.auth.TokenInfo;
import io.zhongtai.core.auth.TokenService;
import io.zhongtai.core.config.ZhongtaiConfig;
import io.zhongtai.testkit.TestingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metadata store contract, run unchanged against every supported database by one subclass each.
 */
abstract class MetadataStoreTests {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    protected final TestingClock clock = new TestingClock(START);
    protected ZhongtaiConfig.Metadata config;
    protected MetadataStore store;

    /** Configuration of a fresh, empty database. */
    protected abstract ZhongtaiConfig.Metadata newDatabase();

    protected abstract Dialect dialect();

    @BeforeEach
    void openStore() {
        config = newDatabase();
        store = MetadataStore.open(config, Map.of());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static final String ALL_MIGRATIONS =
            "1 create metadata tables true; 2 create integration tables true; 3 create pipeline tables true; 4 create backup tables true; "
                    + "5 create console tables true";

    @Test
    void migratesOnOpenAndReopensIdempotently() {
        assertThat(store.dialect()).isEqualTo(dialect());
        assertThat(store.jdbcUrl()).isEqualTo(config.url());
        assertThat(schemaHistory(store)).isEqualTo(ALL_MIGRATIONS);
        insertSetting(store, "kept", "across reopen");
        store.close();

        store = MetadataStore.open(config, Map.of());
        assertThat(schemaHistory(store)).isEqualTo(ALL_MIGRATIONS);
        assertThat(setting(store, "kept")).contains("across reopen");
    }

    @Test
    void schemaVersionConstantMatchesTheNewestMigration() {
        // open() skips Flyway when the database is at SCHEMA_VERSION; a new migration must raise it.
        assertThat(MetadataStore.appliedVersion(store.dataSource())).isEqualTo(MetadataStore.SCHEMA_VERSION);
    }

    @Test
    void jdbcUrlAndPropertiesServeOtherConsumers() throws SQLException {
        // What Iceberg's JdbcCatalog will do: its own connection from the URL and properties.
        try (Connection connection = DriverManager.getConnection(store.jdbcUrl(), store.jdbcProperties());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM zt_token")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    @Test
    void inTransactionCommitsOnReturnAndRollsBackOnFailure() {
        String result = store.inTransaction(connection -> {
            insertSetting(connection, "a", "1");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(setting(store, "a")).contains("1");

        assertThatThrownBy(() -> store.inTransaction(connection -> {
            insertSetting(connection, "b", "2");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(setting(store, "b")).isEmpty();

        // Second insert of the same key violates the primary key: the first insert must go too.
        assertThatThrownBy(() -> store.inTransaction(connection -> {
            insertSetting(connection, "c", "3");
            insertSetting(connection, "a", "again");
            return null;
        })).isInstanceOf(MetadataException.class).hasMessageStartingWith("Metadata store operation failed: ");
        assertThat(setting(store, "c")).isEmpty();
        assertThat(setting(store, "a")).contains("1");
    }

    @Test
    void createdTokenAuthenticatesUntilRevoked() throws NoSuchAlgorithmException {
        TokenService tokens = new TokenService(store, clock);
        CreatedToken created = tokens.create("ci-bot", Identity.localUser());

        assertThat(created.name()).isEqualTo("ci-bot");
        assertThat(created.secret()).startsWith("zt_").hasSize(3 + 43);
        assertThat(created.toString()).doesNotContain(created.secret()).contains("secret=***");
        assertThat(storedHash("ci-bot")).isEqualTo(sha256Hex(created.secret()));
        assertThat(tokens.authenticate(created.secret())).contains(new Identity("ci-bot", Identity.Kind.TOKEN));
        assertThat(tokens.authenticate(created.secret() + "x")).isEmpty();
        assertThat(tokens.authenticate("not-a-token")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();

        tokens.revoke("ci-bot");
        assertThat(tokens.authenticate(created.secret())).isEmpty();
    }

    @Test
    void listShowsEveryTokenOldestFirst() {
        TokenService tokens = new TokenService(store, clock);
        CreatedToken first = tokens.create("first", Identity.system());
        clock.advance(Duration.ofSeconds(1));
        CreatedToken second = tokens.create("second", Identity.localUser());
        clock.advance(Duration.ofSeconds(1));
        tokens.authenticate(first.secret());
        tokens.revoke(second.id());

        assertThat(tokens.list()).containsExactly(
                new TokenInfo(first.id(), "first", START, Optional.of(START.plusSeconds(2)), Optional.empty(), "system:zhongtai"),
                new TokenInfo(second.id(), "second", START.plusSeconds(1), Optional.empty(), Optional.of(START.plusSeconds(2)),
                        Identity.localUser().principal()));
    }

    @Test
    void tokenErrorsNameTheProblem() {
        TokenService tokens = new TokenService(store, clock);
        tokens.create("taken", Identity.system());
        tokens.revoke("taken");

        assertThatThrownBy(() -> tokens.create("taken", Identity.system()))
                .isInstanceOf(io.zhongtai.core.ZhongtaiException.class)
                .hasMessage("Cannot create token, name already exists: taken");
        assertThatThrownBy(() -> tokens.create("has space", Identity.system()))
                .isInstanceOf(io.zhongtai.core.ZhongtaiException.class)
                .hasMessage("Cannot create token, name must be 1 to 64 letters, digits, '.', '_' or '-': has space");
        assertThatThrownBy(() -> tokens.create("x".repeat(65), Identity.system()))
                .hasMessageStartingWith("Cannot create token, name must be 1 to 64");
        assertThatThrownBy(() -> tokens.revoke("nobody"))
                .isInstanceOf(io.zhongtai.core.ZhongtaiException.class)
                .hasMessage("Cannot revoke token, no token has name or id: nobody");
        assertThat(tokens.list()).hasSize(1);
    }

    @Test
    void revokingTwiceKeepsTheFirstRevocationTime() {
        TokenService tokens = new TokenService(store, clock);
        tokens.create("twice", Identity.system());
        tokens.revoke("twice");
        clock.advance(Duration.ofHours(1));
        tokens.revoke("twice");

        assertThat(tokens.list().get(0).revokedAt()).contains(START);
    }

    @Test
    void lastUsedIsWrittenAtMostOncePerMinute() {
        TokenService tokens = new TokenService(store, clock);
        CreatedToken token = tokens.create("busy", Identity.system());
        assertThat(tokens.list().get(0).lastUsedAt()).isEmpty();

        tokens.authenticate(token.secret());
        clock.advance(Duration.ofSeconds(59));
        tokens.authenticate(token.secret());
        assertThat(tokens.list().get(0).lastUsedAt()).contains(START);

        clock.advance(Duration.ofSeconds(1));
        tokens.authenticate(token.secret());
        assertThat(tokens.list().get(0).lastUsedAt()).contains(START.plusSeconds(60));
    }

    @Test
    void auditLogReturnsNewestFirst() {
        AuditLog audit = new AuditLog(store, clock);
        audit.record(Identity.token("ci-bot"), "token.create", "deploy", null, "ok");
        clock.advance(Duration.ofMillis(1));
        audit.record(Identity.system(), "table.drop", "ods.orders", "retention", "denied");
        clock.advance(Duration.ofMillis(1));
        audit.record(new Identity("alice", Identity.Kind.LOCAL_USER), "query", null, "SELECT 1", "ok");

        assertThat(audit.recent(2))
                .extracting(entry -> entry.at() + " " + entry.actor() + " " + entry.action() + " "
                        + entry.target().orElse("-") + " " + entry.detail().orElse("-") + " " + entry.outcome())
                .containsExactly(
                        "2025-01-01T00:00:00.002Z local_user:alice query - SELECT 1 ok",
                        "2025-01-01T00:00:00.001Z system:zhongtai table.drop ods.orders retention denied");
        assertThat(audit.recent(10)).hasSize(3).extracting(AuditEntry::id).doesNotHaveDuplicates();
        assertThatThrownBy(() -> audit.recent(0))
                .hasMessage("Cannot list audit entries, limit must be at least 1: 0");
    }

    static void insertSetting(MetadataStore store, String key, String value) {
        store.withConnection(connection -> {
            insertSetting(connection, key, value);
            return null;
        });
    }

    static void insertSetting(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO zt_setting (key, value) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }

    static Optional<String> setting(MetadataStore store, String key) {
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM zt_setting WHERE key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private String storedHash(String tokenName) {
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT token_hash FROM zt_token WHERE name = ?")) {
                select.setString(1, tokenName);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    private static String sha256Hex(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String schemaHistory(MetadataStore store) {
        return store.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT version, description, success FROM zt_schema_history ORDER BY installed_rank")) {
                StringBuilder history = new StringBuilder();
                while (rows.next()) {
                    history.append(history.isEmpty() ? "" : "; ")
                            .append(rows.getString(1)).append(' ').append(rows.getString(2)).append(' ').append(rows.getBoolean(3));
                }
                return history.toString();
            }
        });
    }
}

package io.zhongtai.connector.jdbc.postgres;

import io.zhongtai.connector.jdbc.JdbcTesting;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingPostgres;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connector contract against a real PostgreSQL, logged in as a password (scram) user. The sample table has a
 * text key (split by NTILE boundaries) and text columns only, because the contract's write test re-writes the
 * rows it read, and BatchRows reads CSV file batches as text.
 */
class PostgresContractIT extends ConnectorContractTests {
    private static final String PASSWORD = "s3cret'pw";
    private static final int ROWS = 200;

    private static TestingPostgres postgres;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestingPostgres();
        String url = postgres.createDatabase();
        database = url.substring(url.lastIndexOf('/') + 1);
        postgres.createUser("zt_user", PASSWORD);
        postgres.grantAll(url, "zt_user");
        postgres.execute(url,
                "CREATE TABLE people (id text PRIMARY KEY, name text NOT NULL, note text)",
                "INSERT INTO people SELECT 'k' || lpad(i::text, 4, '0'), 'name ' || i, CASE WHEN i % 3 = 0 THEN NULL"
                        + " ELSE 'a \"quoted\", note' || chr(10) || 'line 2' END FROM generate_series(1, " + ROWS + ") i",
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO zt_user");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new PostgresConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("host", "localhost", "port", String.valueOf(postgres.port()), "database", database,
                "user", "zt_user", "password", PASSWORD);
    }

    @Override
    protected Map<String, String> unreachableOptions() {
        Map<String, String> options = new HashMap<>(validOptions());
        options.put("port", String.valueOf(JdbcTesting.closedPort()));
        return options;
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        Map<String, String> options = new HashMap<>(validOptions());
        options.put("password", "wrong");
        return options;
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("public", "people");
    }

    @Override
    protected long sampleRows() {
        return ROWS;
    }

    @Override
    protected String cursorColumn() {
        return "id";
    }

    @Test
    void failureMessagesNameTheServerAndUserButNeverThePassword() {
        try (Connector connector = connect(wrongCredentialOptions())) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(10)))
                    .hasMessageContaining("zt_user@localhost:" + postgres.port() + "/" + database)
                    .hasMessageNotContaining("wrong").hasMessageNotContaining(PASSWORD);
        }
        Map<String, String> unreachable = unreachableOptions();
        try (Connector connector = connect(unreachable)) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(3)))
                    .hasMessageContaining("localhost:" + unreachable.get("port") + "/" + database)
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void aServerThatNeverAnswersFailsAsUnreachableWithinTheTimeout() throws Exception {
        try (ServerSocket silent = JdbcTesting.silentServer()) {
            Map<String, String> options = new HashMap<>(validOptions());
            options.put("host", "127.0.0.1");
            options.put("port", String.valueOf(silent.getLocalPort()));
            long start = System.nanoTime();
            try (Connector connector = connect(options)) {
                assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(2)))
                        .isInstanceOfSatisfying(ConnectorException.class,
                                e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }
}

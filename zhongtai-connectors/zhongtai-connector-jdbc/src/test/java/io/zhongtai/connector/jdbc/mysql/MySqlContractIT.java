package io.zhongtai.connector.jdbc.mysql;

import io.zhongtai.connector.jdbc.JdbcTesting;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingMariaDb;
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

/** The connector contract against a real MariaDB, logged in as a password user. */
class MySqlContractIT extends ConnectorContractTests {
    private static final String PASSWORD = "s3cret'pw";
    private static final int ROWS = 200;

    private static TestingMariaDb mariaDb;
    private static String database;

    @BeforeAll
    static void start() throws Exception {
        mariaDb = new TestingMariaDb();
        database = mariaDb.createDatabase();
        mariaDb.createUser("zt_user", PASSWORD);
        StringBuilder insert = new StringBuilder("INSERT INTO people VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'name ").append(i).append("', ")
                    .append(i % 3 == 0 ? "NULL" : "'2024-01-02 03:04:05." + String.format("%06d", i) + "'").append(")");
        }
        mariaDb.execute(database, "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " updated_at DATETIME(6)); " + insert + ";");
    }

    @AfterAll
    static void stop() throws Exception {
        mariaDb.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new MySqlConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(mariaDb.port()), "database", database,
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
        return new TableId(database, "people");
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
                    .hasMessageContaining("zt_user@127.0.0.1:" + mariaDb.port() + "/" + database)
                    .hasMessageNotContaining("wrong").hasMessageNotContaining(PASSWORD);
        }
        Map<String, String> unreachable = unreachableOptions();
        try (Connector connector = connect(unreachable)) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(3)))
                    .hasMessageContaining("127.0.0.1:" + unreachable.get("port") + "/" + database)
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

package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connector contract with what every JDBC connector adds to it: failures name the server and the user but never
 * the password, and a server that accepts connections but never answers fails within the timeout. Subclasses start
 * the database and seed the sample table; their {@link #validOptions()} log in as a password user.
 */
public abstract class JdbcContractTests extends ConnectorContractTests {
    @Override
    protected Map<String, String> unreachableOptions() {
        return validOptionsWith("port", String.valueOf(JdbcTesting.closedPort()));
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        return validOptionsWith("password", "wrong");
    }

    private Map<String, String> validOptionsWith(String option, String value) {
        Map<String, String> options = new HashMap<>(validOptions());
        options.put(option, value);
        return options;
    }

    @Test
    void failureMessagesNameTheServerAndUserButNeverThePassword() {
        Map<String, String> valid = validOptions();
        String password = valid.get("password");
        try (Connector connector = connect(wrongCredentialOptions())) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(10)))
                    .hasMessageContaining(valid.get("user") + "@" + valid.get("host") + ":" + valid.get("port") + "/"
                            + valid.get("database"))
                    .hasMessageNotContaining("wrong").hasMessageNotContaining(password);
        }
        Map<String, String> unreachable = unreachableOptions();
        try (Connector connector = connect(unreachable)) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(3)))
                    .hasMessageContaining(valid.get("host") + ":" + unreachable.get("port") + "/" + valid.get("database"))
                    .hasMessageNotContaining(password);
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

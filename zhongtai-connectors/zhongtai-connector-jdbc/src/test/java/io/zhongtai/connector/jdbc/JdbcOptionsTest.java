package io.zhongtai.connector.jdbc;

import io.zhongtai.connector.jdbc.mysql.MySqlConnectorFactory;
import io.zhongtai.connector.jdbc.postgres.PostgresConnectorFactory;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcOptionsTest {
    private static ConnectorConfig config(ConnectorFactory factory, Map<String, String> options) {
        return ConnectorConfig.validate(factory.name(), factory.options(), options);
    }

    @Test
    void defaultsDifferOnlyWhereTheDialectsDo() {
        JdbcOptions.Settings postgres = JdbcOptions.settings(config(new PostgresConnectorFactory(),
                Map.of("host", "db", "database", "sales", "user", "etl")));
        JdbcOptions.Settings mysql = JdbcOptions.settings(config(new MySqlConnectorFactory(),
                Map.of("host", "db", "database", "sales", "user", "etl")));
        assertThat(postgres.port()).isEqualTo(5432);
        assertThat(mysql.port()).isEqualTo(3306);
        assertThat(postgres.connectTimeout()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(mysql.connectTimeout());
        assertThat(postgres.sslMode()).isEqualTo("prefer");
        assertThat(postgres.password()).isEmpty();
    }

    @Test
    void settingsNeverShowThePasswordAndParseDriverProperties() {
        JdbcOptions.Settings settings = JdbcOptions.settings(config(new PostgresConnectorFactory(), Map.of("host", "db",
                "database", "sales", "user", "etl", "password", "hunter2", "properties", "tcpKeepAlive=true, a=b=c")));
        assertThat(settings.toString()).isEqualTo("etl@db:5432/sales").doesNotContain("hunter2");
        assertThat(settings.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("tcpKeepAlive", "true", "a", "b=c"));
        assertThatThrownBy(() -> JdbcOptions.settings(config(new PostgresConnectorFactory(), Map.of("host", "db",
                "database", "sales", "user", "etl", "properties", "novalue"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("properties").hasMessageContaining("novalue");
    }

    @Test
    void missingAndMalformedOptionsAreReportedTogether() {
        assertThatThrownBy(() -> config(new MySqlConnectorFactory(), Map.of("port", "x", "ssl-mode", "maybe")))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.option()).contains("host", "database", "user", "port", "ssl-mode"));
    }
}

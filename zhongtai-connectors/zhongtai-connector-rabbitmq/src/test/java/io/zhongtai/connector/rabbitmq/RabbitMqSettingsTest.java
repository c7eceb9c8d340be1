package io.zhongtai.connector.rabbitmq;

import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RabbitMqSettingsTest {
    private static RabbitMqSettings settings(Map<String, String> options) {
        RabbitMqConnectorFactory factory = new RabbitMqConnectorFactory();
        return RabbitMqSettings.of(ConnectorConfig.validate("rabbitmq", factory.options(), options), "mq");
    }

    @Test
    void defaultsAndNames() {
        RabbitMqSettings settings = settings(Map.of("host", "rabbit.local", "virtual-host", "prod", "queues", "a, b"));
        assertThat(settings.port()).isEqualTo(5672);
        assertThat(settings.user()).isEqualTo("guest");
        assertThat(settings.password()).isEmpty();
        assertThat(settings.queues()).containsExactly("a", "b");
        assertThat(settings.where()).isEqualTo("RabbitMQ at rabbit.local:5672 (virtual host prod)");
        assertThat(settings.connectionName()).isEqualTo("zhongtai-mq");
    }

    @Test
    void everyBadOptionIsReportedAtOnce() {
        assertThatThrownBy(() -> settings(Map.of("host", "h", "port", "70000", "prefetch", "0", "sample-size", "-5",
                "columns", "id WHATEVER")))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems()).extracting(OptionProblem::option)
                        .containsExactly("columns", "port", "sample-size", "prefetch"))
                .hasMessageContaining("port: must be between 1 and 65535 but is 70000")
                .hasMessageContaining("columns: column 'id' has unknown type 'WHATEVER'");
    }
}

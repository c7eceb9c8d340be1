package io.zhongtai.connector.kafka;

import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {
    private static KafkaSettings settings(Map<String, String> options) {
        KafkaConnectorFactory factory = new KafkaConnectorFactory();
        return KafkaSettings.of(ConnectorConfig.validate("kafka", factory.options(), options), "shop");
    }

    @Test
    void optionsBecomeClientProperties() {
        KafkaSettings settings = settings(Map.of("bootstrap-servers", "b1:9092, b2:9092", "security-protocol", "sasl_ssl",
                "sasl-mechanism", "SCRAM-SHA-512", "user", "etl", "password", "p\"w", "start-position", "latest",
                "client-properties", "fetch.max.bytes=1000, ssl.endpoint.identification.algorithm="));
        assertThat(settings.groupId()).isEqualTo("zhongtai-shop");
        assertThat(settings.startAtEarliest()).isFalse();
        Map<String, Object> consumer = settings.consumer(settings.groupId());
        assertThat(consumer).containsEntry("bootstrap.servers", "b1:9092, b2:9092").containsEntry("group.id", "zhongtai-shop")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"etl\" password=\"p\\\"w\";")
                .containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
                .containsEntry("fetch.max.bytes", "1000").containsEntry("ssl.endpoint.identification.algorithm", "");
        assertThat(settings.producer("tx-1")).containsEntry("transactional.id", "tx-1").containsEntry("acks", "all");
    }

    @Test
    void everyBadOptionIsReportedAtOnce() {
        assertThatThrownBy(() -> settings(Map.of("bootstrap-servers", "b:9092", "security-protocol", "SASL_PLAINTEXT",
                "columns", "id BIGINT, name", "sample-size", "-1", "max-poll-records", "0", "client-properties", "fetch.max.bytes")))
                .isInstanceOfSatisfying(InvalidOptionsException.class, e -> assertThat(e.problems()).extracting(OptionProblem::option)
                        .containsExactly("user", "columns", "sample-size", "max-poll-records", "client-properties"))
                .hasMessageContaining("user: required with security-protocol SASL_PLAINTEXT")
                .hasMessageContaining("columns: column 'name' has no type")
                .hasMessageContaining("client-properties: expected key=value but got 'fetch.max.bytes'");
    }
}

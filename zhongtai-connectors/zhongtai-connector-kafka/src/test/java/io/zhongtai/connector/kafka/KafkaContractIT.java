package io.zhongtai.connector.kafka;

import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.TestingKafka;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The connector contract against an in-process broker. Topics have no batch reads: those tests are skipped. */
class KafkaContractIT extends ConnectorContractTests {
    private static final String SAMPLE_TOPIC = "contract_sample";
    private static final int SAMPLE_ROWS = 25;
    private static TestingKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new TestingKafka();
        kafka.createTopic(SAMPLE_TOPIC, 2);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < SAMPLE_ROWS; i++) {
            values.add("{\"id\": " + i + ", \"name\": \"n" + i + "\"}");
        }
        TestTopics.send(kafka, SAMPLE_TOPIC, values);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Override
    protected ConnectorFactory factory() {
        return new KafkaConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("", SAMPLE_TOPIC);
    }

    @Override
    protected long sampleRows() {
        return SAMPLE_ROWS;
    }

    @Override
    protected Map<String, String> unreachableOptions() {
        return Map.of("bootstrap-servers", "127.0.0.1:1");
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        return Map.of("bootstrap-servers", kafka.saslBootstrapServers(), "security-protocol", "SASL_PLAINTEXT",
                "user", kafka.saslUser(), "password", "not-" + kafka.saslPassword());
    }
}

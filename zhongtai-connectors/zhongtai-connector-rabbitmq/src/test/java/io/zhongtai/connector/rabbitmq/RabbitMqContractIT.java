package io.zhongtai.connector.rabbitmq;

import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The connector contract against the local RabbitMQ server (skipped when it is not running). */
class RabbitMqContractIT extends ConnectorContractTests {
    private static final int SAMPLE_ROWS = 20;
    private static LocalRabbitMq rabbit;
    private static String sampleQueue;

    @BeforeAll
    static void seed() throws Exception {
        rabbit = LocalRabbitMq.assumeRunning();
        sampleQueue = rabbit.createQueue("zt_contract");
        for (int i = 0; i < SAMPLE_ROWS; i++) {
            rabbit.publish(sampleQueue, "{\"id\": " + i + ", \"name\": \"n" + i + "\"}");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Override
    protected ConnectorFactory factory() {
        return new RabbitMqConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("host", LocalRabbitMq.HOST, "user", LocalRabbitMq.USER, "password", LocalRabbitMq.PASSWORD,
                "queues", sampleQueue);
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("", sampleQueue);
    }

    @Override
    protected long sampleRows() {
        return SAMPLE_ROWS;
    }

    @Override
    protected Map<String, String> unreachableOptions() {
        return Map.of("host", "127.0.0.1", "port", "1");
    }

    @Override
    protected Map<String, String> wrongCredentialOptions() {
        return Map.of("host", LocalRabbitMq.HOST, "user", LocalRabbitMq.USER, "password", "not-the-password");
    }
}

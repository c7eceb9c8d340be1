package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.zhongtai.connector.message.MessageStreamTesting;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.zhongtai.connector.message.MessageStreamTesting.pollUntil;
import static io.zhongtai.connector.message.MessageStreamTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Acknowledgements, redelivery, dead letters, sampling and transactional export against the local RabbitMQ server. */
class RabbitMqStreamIT {
    private static final int META = RabbitMqConnector.METADATA_COLUMNS.size();
    private static LocalRabbitMq rabbit;

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireServer() throws Exception {
        rabbit = LocalRabbitMq.assumeRunning();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (rabbit != null) {
            rabbit.close();
        }
    }

    private Connector connect(String... keyValues) {
        return MessageStreamTesting.connect(new RabbitMqConnectorFactory(), workDir, Map.of("host", LocalRabbitMq.HOST,
                "user", LocalRabbitMq.USER, "password", LocalRabbitMq.PASSWORD), keyValues);
    }

    @Test
    void messagesAreAcknowledgedOnlyOnAcknowledgeAndRedeliveredOtherwise() throws Exception {
        String queue = rabbit.createQueue("zt_acks");
        for (int i = 0; i < 10; i++) {
            rabbit.publish(queue, "{\"n\": " + i + "}");
        }
        TableId table = new TableId("", queue);
        try (Connector connector = connect(); MessageStream stream = connector.openStream(table, Map.of())) {
            List<StreamBatch> batches = pollUntil(stream, 10, 1000);
            assertThat(rows(batches)).extracting(r -> r.get(META)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(rows(batches)).allSatisfy(r -> assertThat(r.get(META - 1)).as("_redelivered").isEqualTo(false));
            assertThat(batches).allSatisfy(b -> assertThat(b.position()).isEmpty());
            assertThat(rabbit.ready(queue)).as("delivered, not acknowledged").isZero();
        }
        assertThat(rabbit.awaitReady(queue, n -> n == 10)).as("closed without acknowledging: back in the queue").isEqualTo(10);

        try (Connector connector = connect(); MessageStream stream = connector.openStream(table, Map.of())) {
            List<StreamBatch> batches = pollUntil(stream, 10, 1000);
            assertThat(rows(batches)).hasSize(10).allSatisfy(r -> assertThat(r.get(META - 1)).isEqualTo(true));
            stream.acknowledge(batches.get(batches.size() - 1));
        }
        Thread.sleep(300);
        assertThat(rabbit.ready(queue)).as("acknowledged messages are gone").isZero();
    }

    @Test
    void malformedMessagesBecomeDeadLettersAndAreAcknowledgedWithTheBatch() throws Exception {
        String queue = rabbit.createQueue("zt_dead");
        rabbit.publish(queue, "{\"n\": 1}");
        rabbit.publish(queue, "{\"n\": ", new AMQP.BasicProperties.Builder().messageId("broken-1").build());
        rabbit.publish(queue, "\"just a string\"");
        rabbit.publish(queue, "{\"n\": 2.5}");
        try (Connector connector = connect("columns", "n INTEGER"); MessageStream stream = connector.openStream(new TableId("", queue), Map.of())) {
            List<StreamBatch> batches = pollUntil(stream, 4, 1000);
            assertThat(rows(batches)).extracting(r -> r.get(META)).containsExactly(1L);
            List<StreamBatch.DeadLetter> dead = batches.stream().flatMap(b -> b.deadLetters().stream()).toList();
            assertThat(dead).extracting(StreamBatch.DeadLetter::origin)
                    .containsExactly(queue + "#2 (message-id broken-1)", queue + "#3", queue + "#4");
            assertThat(dead.get(0).reason()).startsWith("Malformed JSON at line 1, column 7: Unexpected end-of-input");
            assertThat(dead.get(0).payload()).isEqualTo("{\"n\": ");
            assertThat(dead.get(1).reason()).isEqualTo("Expected a JSON object but the message is the string \"just a string\" at line 1, column 1");
            assertThat(dead.get(2).reason()).isEqualTo("Field 'n' expects INTEGER but got the number 2.5 at line 1, column 7");
            stream.acknowledge(batches.get(batches.size() - 1));
        }
        Thread.sleep(300);
        assertThat(rabbit.ready(queue)).as("dead letters do not loop").isZero();
    }

    @Test
    void propertiesBecomeColumns() throws Exception {
        String queue = rabbit.createQueue("zt_meta");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("trace", "t-1");
        headers.put("attempt", 3);
        rabbit.publish(queue, "{\"v\": true}", new AMQP.BasicProperties.Builder().messageId("m-1").headers(headers)
                .timestamp(Date.from(Instant.parse("2024-05-01T10:00:00Z"))).build());
        try (Connector connector = connect(); MessageStream stream = connector.openStream(new TableId("", queue), Map.of())) {
            List<List<Object>> rows = rows(pollUntil(stream, 1, 1000));
            assertThat(stream.columns()).extracting(Column::name)
                    .containsExactly("_routing_key", "_headers", "_message_id", "_timestamp", "_redelivered", "v");
            assertThat(rows).singleElement().isEqualTo(List.of(queue, "{\"trace\":\"t-1\",\"attempt\":3}", "m-1",
                    Instant.parse("2024-05-01T10:00:00Z"), false, true));
        }
    }

    @Test
    void describeSamplesWithoutConsuming() throws Exception {
        String queue = rabbit.createQueue("zt_describe");
        rabbit.publish(queue, "{\"id\": 1, \"price\": 2, \"tags\": [\"a\"]}");
        rabbit.publish(queue, "{\"id\": 2, \"price\": 2.5, \"label\": \"x\"}");
        try (Connector connector = connect("queues", queue + ",other")) {
            assertThat(connector.listTables("")).containsExactly(new TableId("", "other"), new TableId("", queue));
            TableSchema schema = connector.describe(new TableId("", queue));
            assertThat(schema.columns().subList(META, schema.columns().size())).containsExactly(Column.of("id", DataType.BIGINT),
                    Column.of("price", DataType.DOUBLE), Column.of("tags", DataType.JSON), Column.of("label", DataType.STRING));
        }
        assertThat(rabbit.awaitReady(queue, n -> n == 2)).as("sampled messages stay in the queue").isEqualTo(2);
    }

    @Test
    void missingQueuesAreNotFound() {
        try (Connector connector = connect()) {
            assertThatThrownBy(() -> connector.describe(new TableId("", "zt_no_such_queue")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("zt_no_such_queue").hasMessageContaining("localhost:5672");
            assertThatThrownBy(() -> connector.openStream(new TableId("", "zt_no_such_queue"), Map.of()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND));
        }
        try (Connector connector = connect("queues", "zt_no_such_queue")) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND));
        }
    }

    @Test
    void exportIsPublishedOnlyOnCommitAndRolledBackOnClose() throws Exception {
        String queue = "zt_export_" + System.nanoTime();
        rabbit.deleteOnClose(queue);
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("price", DataType.decimal(8, 2)));
        TableId target = new TableId("", queue);
        try (Connector connector = connect()) {
            assertThatThrownBy(() -> connector.openWriter(target, columns, WriteMode.OVERWRITE, List.of()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNSUPPORTED));
            try (BatchWriter abandoned = connector.openWriter(target, columns, WriteMode.APPEND, List.of())) {
                abandoned.write(batch(columns, 100, 3));
                assertThat(rabbit.ready(queue)).as("nothing visible before commit").isZero();
            }
            assertThat(rabbit.ready(queue)).as("rolled back").isZero();
            try (BatchWriter writer = connector.openWriter(target, columns, WriteMode.APPEND, List.of("id"))) {
                writer.write(batch(columns, 1, 2));
                assertThat(writer.commit()).isEqualTo(2);
            }
            assertThat(rabbit.awaitReady(queue, n -> n == 2)).isEqualTo(2);
            try (MessageStream stream = connector.openStream(target, Map.of())) {
                List<List<Object>> rows = rows(pollUntil(stream, 2, 1000));
                assertThat(rows).extracting(r -> r.get(2)).as("_message_id from the key").containsExactly("1", "2");
                assertThat(rows).extracting(r -> r.subList(META, r.size())).containsExactly(List.of(1L, 1.5), List.of(2L, 2.5));
            }
        }
    }

    private static ColumnBatch batch(List<Column> columns, long firstId, int rows) {
        ColumnBatch.Builder b = ColumnBatch.builder(columns, rows);
        for (long id = firstId; id < firstId + rows; id++) {
            b.setLong(0, id).set(1, new BigDecimal(id + ".50")).endRow();
        }
        return b.build();
    }

    @Test
    void connectionFailuresNameTheServerAndHideThePassword() {
        try (Connector connector = connect("password", "wrong-secret-123")) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining("localhost:5672").hasMessageContaining(LocalRabbitMq.USER).hasMessageNotContaining("wrong-secret-123");
        }
        try (Connector connector = connect("host", "127.0.0.1", "port", "1")) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE))
                    .hasMessageStartingWith("Cannot connect to RabbitMQ at 127.0.0.1:1");
        }
    }
}

package io.zhongtai.connector.kafka;

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
import io.zhongtai.testkit.TestingKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.zhongtai.connector.message.MessageStreamTesting.pollUntil;
import static io.zhongtai.connector.message.MessageStreamTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streams, positions, acknowledgements, dead letters, schema growth and transactional export against a real broker. */
class KafkaStreamIT {
    private static final int META = KafkaConnector.METADATA_COLUMNS.size();
    private static TestingKafka kafka;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new TestingKafka();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private Connector connect(String... keyValues) {
        return MessageStreamTesting.connect(new KafkaConnectorFactory(), workDir,
                Map.of("bootstrap-servers", kafka.bootstrapServers()), keyValues);
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"n\": " + i + "}").toList();
    }

    private static List<Long> column(List<StreamBatch> batches, String name) {
        List<Long> values = new ArrayList<>();
        for (StreamBatch b : batches) {
            int c = b.rows().columns().stream().map(Column::name).toList().indexOf(name);
            for (int r = 0; r < b.rows().rowCount(); r++) {
                values.add(((Number) b.rows().get(c, r)).longValue());
            }
        }
        return values;
    }

    @Test
    void resumesFromTheStoredPositionWithoutLossOrDuplicates() {
        kafka.createTopic("resume", 3);
        TestTopics.send(kafka, "resume", numbered(0, 60));
        TableId topic = new TableId("", "resume");
        List<Long> seen = new ArrayList<>();
        Map<String, String> position;
        try (Connector connector = connect(); MessageStream stream = connector.openStream(topic, Map.of())) {
            List<StreamBatch> batches = pollUntil(stream, 25, 7);
            assertThat(batches).allSatisfy(b -> assertThat(b.rows().rowCount()).isLessThanOrEqualTo(7));
            seen.addAll(column(batches, "n"));
            position = batches.get(batches.size() - 1).position();
        }
        assertThat(position).containsOnlyKeys("0", "1", "2");
        assertThat(seen.size()).isGreaterThanOrEqualTo(25).isLessThan(60);

        // Closed without acknowledging: the group has no offsets, so only the stored position avoids repeats.
        try (Connector connector = connect(); MessageStream stream = connector.openStream(topic, position)) {
            List<StreamBatch> batches = pollUntil(stream, 60 - seen.size(), 1000);
            seen.addAll(column(batches, "n"));
            StreamBatch last = batches.get(batches.size() - 1);
            assertThat(last.position().values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(60);
            assertThat(stream.poll(Duration.ofMillis(300), 1000).isEmpty()).isTrue();
        }
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(Set.copyOf(LongStreamOf(0, 60)));
    }

    private static List<Long> LongStreamOf(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (long) i).toList();
    }

    @Test
    void groupOffsetsAreCommittedOnlyOnAcknowledge() throws Exception {
        kafka.createTopic("acks", 1);
        TestTopics.send(kafka, "acks", numbered(0, 10));
        TableId topic = new TableId("", "acks");
        TopicPartition partition = new TopicPartition("acks", 0);
        try (Admin admin = kafka.admin()) {
            try (Connector connector = connect("group-id", "it-acks"); MessageStream stream = connector.openStream(topic, Map.of())) {
                List<StreamBatch> batches = pollUntil(stream, 10, 1000);
                assertThat(column(batches, "n")).hasSize(10);
                assertThat(groupOffsets(admin, "it-acks")).as("before acknowledge").isEmpty();
                stream.acknowledge(batches.get(batches.size() - 1));
                assertThat(groupOffsets(admin, "it-acks")).containsEntry(partition, new OffsetAndMetadata(10));
            }
            TestTopics.send(kafka, "acks", numbered(10, 15));
            // No stored position: the stream starts at the group's committed offsets.
            try (Connector connector = connect("group-id", "it-acks"); MessageStream stream = connector.openStream(topic, Map.of())) {
                List<StreamBatch> batches = pollUntil(stream, 5, 1000);
                assertThat(column(batches, "n")).containsExactly(10L, 11L, 12L, 13L, 14L);
                assertThat(groupOffsets(admin, "it-acks")).as("not acknowledged yet").containsEntry(partition, new OffsetAndMetadata(10));
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    @Test
    void startPositionLatestSkipsEarlierMessages() {
        kafka.createTopic("latest", 1);
        TestTopics.send(kafka, "latest", numbered(0, 3));
        try (Connector connector = connect("start-position", "latest", "group-id", "it-latest");
                MessageStream stream = connector.openStream(new TableId("", "latest"), Map.of())) {
            assertThat(stream.poll(Duration.ofMillis(500), 100).isEmpty()).isTrue();
            TestTopics.send(kafka, "latest", numbered(3, 5));
            assertThat(column(pollUntil(stream, 2, 100), "n")).containsExactly(3L, 4L);
        }
    }

    @Test
    void malformedMessagesBecomeDeadLettersWithReasons() {
        kafka.createTopic("dead", 1);
        TestTopics.send(kafka, "dead", List.of("{\"n\": 1}", "{\"n\": 2, oops}", "[1]", "{\"n\": \"three\"}", "{\"n\": 4}"));
        try (Connector connector = connect("columns", "n BIGINT");
                MessageStream stream = connector.openStream(new TableId("", "dead"), Map.of())) {
            List<StreamBatch> batches = pollUntil(stream, 5, 1000);
            assertThat(column(batches, "n")).containsExactly(1L, 4L);
            List<StreamBatch.DeadLetter> dead = batches.stream().flatMap(b -> b.deadLetters().stream()).toList();
            assertThat(dead).extracting(StreamBatch.DeadLetter::origin).containsExactly("dead/0@1", "dead/0@2", "dead/0@3");
            assertThat(dead.get(0).reason()).startsWith("Malformed JSON at line 1, column 10: Unexpected character ('o'");
            assertThat(dead.get(0).payload()).isEqualTo("{\"n\": 2, oops}");
            assertThat(dead.get(1).reason()).isEqualTo("Expected a JSON object but the message is an array at line 1, column 1");
            assertThat(dead.get(2).reason()).isEqualTo("Field 'n' expects BIGINT but got the string \"three\" at line 1, column 7");
            assertThat(batches.get(batches.size() - 1).position()).containsEntry("0", "5");
        }
    }

    @Test
    void keyHeadersAndOffsetsBecomeColumns() {
        kafka.createTopic("meta", 1);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("quote\"d", null));
        TestTopics.sendRecords(kafka, List.of(
                new ProducerRecord<>("meta", 0, 1_700_000_000_000L, "k1", "{\"v\": 1}", headers),
                new ProducerRecord<>("meta", null, "{\"v\": 2}")));
        try (Connector connector = connect(); MessageStream stream = connector.openStream(new TableId("", "meta"), Map.of())) {
            List<List<Object>> rows = rows(pollUntil(stream, 2, 100));
            assertThat(stream.columns()).extracting(Column::name).containsExactly("_key", "_headers", "_partition", "_offset", "_timestamp", "v");
            assertThat(rows.get(0)).containsExactly("k1", "{\"trace\":\"t-1\",\"quote\\\"d\":null}", 0L, 0L,
                    Instant.ofEpochMilli(1_700_000_000_000L), 1L);
            assertThat(rows.get(1).subList(0, 4)).containsExactly(null, null, 0L, 1L);
            assertThat(rows.get(1).get(4)).isNotNull();
        }
    }

    @Test
    void newFieldsGrowTheColumnsMidStream() {
        kafka.createTopic("grow", 1);
        TestTopics.send(kafka, "grow", List.of("{\"a\": 1}"));
        try (Connector connector = connect(); MessageStream stream = connector.openStream(new TableId("", "grow"), Map.of())) {
            List<StreamBatch> first = pollUntil(stream, 1, 100);
            assertThat(first.get(0).rows().columns().subList(META, META + 1)).containsExactly(Column.of("a", DataType.BIGINT));
            TestTopics.send(kafka, "grow", List.of("{\"a\": 2, \"b\": \"x\", \"c\": {\"n\": [1]}}", "{\"a\": 3}"));
            List<StreamBatch> second = pollUntil(stream, 2, 100);
            ColumnBatch grown = second.get(0).rows();
            assertThat(grown.columns().subList(META, grown.columns().size())).containsExactly(Column.of("a", DataType.BIGINT),
                    Column.of("b", DataType.STRING), Column.of("c", DataType.JSON));
            assertThat(rows(second)).extracting(r -> r.subList(META, r.size()))
                    .containsExactly(List.of(2L, "x", "{\"n\": [1]}"), java.util.Arrays.asList(3L, null, null));
            assertThat(stream.columns()).isEqualTo(grown.columns());
        }
    }

    @Test
    void describeInfersValueColumnsAndKeepsDottedTopicNames() {
        kafka.createTopic("orders.v1", 2);
        TestTopics.send(kafka, "orders.v1", List.of(
                "{\"id\": 1, \"amount\": 5, \"note\": \"a\", \"paid\": true, \"items\": [{\"sku\": \"x\"}]}",
                "{\"id\": 2, \"amount\": 7.25, \"note\": null, \"paid\": false, \"items\": []}",
                "not json at all"));
        try (Connector connector = connect()) {
            TableId dotted = TableId.parse("orders.v1");
            assertThat(connector.listTables("")).contains(new TableId("", "orders.v1")).noneMatch(t -> t.name().startsWith("__"));
            TableSchema schema = connector.describe(dotted);
            assertThat(schema.table()).isEqualTo(dotted);
            assertThat(schema.primaryKey()).isEmpty();
            assertThat(schema.columns()).extracting(Column::name, Column::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("_key", DataType.STRING),
                    org.assertj.core.groups.Tuple.tuple("_headers", DataType.JSON),
                    org.assertj.core.groups.Tuple.tuple("_partition", DataType.INTEGER),
                    org.assertj.core.groups.Tuple.tuple("_offset", DataType.BIGINT),
                    org.assertj.core.groups.Tuple.tuple("_timestamp", DataType.TIMESTAMP_TZ),
                    org.assertj.core.groups.Tuple.tuple("id", DataType.BIGINT),
                    org.assertj.core.groups.Tuple.tuple("amount", DataType.DOUBLE),
                    org.assertj.core.groups.Tuple.tuple("note", DataType.STRING),
                    org.assertj.core.groups.Tuple.tuple("paid", DataType.BOOLEAN),
                    org.assertj.core.groups.Tuple.tuple("items", DataType.JSON));
            try (MessageStream stream = connector.openStream(dotted, Map.of())) {
                List<StreamBatch> batches = pollUntil(stream, 3, 100);
                assertThat(rows(batches)).hasSize(2);
                assertThat(batches.stream().flatMap(b -> b.deadLetters().stream()))
                        .singleElement().satisfies(d -> assertThat(d.origin()).startsWith("orders.v1/"));
            }
        }
    }

    @Test
    void missingTopicsAreNotFound() {
        try (Connector connector = connect()) {
            assertThatThrownBy(() -> connector.openStream(new TableId("", "no_such_topic"), Map.of()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
                    .hasMessageContaining("no_such_topic").hasMessageContaining(kafka.bootstrapServers());
        }
    }

    @Test
    void exportIsVisibleOnlyAfterCommitAndAbortedOnClose() {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.STRING),
                Column.of("price", DataType.decimal(10, 2)), Column.of("tags", DataType.JSON));
        TableId target = new TableId("", "export_out");
        try (Connector connector = connect(); Connector uncommitted = connect("isolation-level", "read_uncommitted", "group-id", "it-dirty")) {
            assertThatThrownBy(() -> connector.openWriter(target, columns, WriteMode.OVERWRITE, List.of()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNSUPPORTED));
            try (BatchWriter abandoned = connector.openWriter(target, columns, WriteMode.APPEND, List.of("id"))) {
                abandoned.write(batch(columns, 100, 3));
                // The messages reach the broker (a read_uncommitted reader sees them) but not read_committed readers.
                try (MessageStream dirty = uncommitted.openStream(target, Map.of());
                        MessageStream clean = connector.openStream(target, Map.of())) {
                    assertThat(column(pollUntil(dirty, 3, 100), "id")).containsExactly(100L, 101L, 102L);
                    assertThat(clean.poll(Duration.ofMillis(500), 100).isEmpty()).isTrue();
                }
            }
            try (BatchWriter writer = connector.openWriter(target, columns, WriteMode.APPEND, List.of("id"))) {
                writer.write(batch(columns, 1, 2));
                assertThat(writer.commit()).isEqualTo(2);
            }
            try (MessageStream stream = connector.openStream(target, Map.of())) {
                List<List<Object>> rows = rows(pollUntil(stream, 2, 100));
                assertThat(rows).extracting(r -> r.get(0)).containsExactly("1", "2");
                assertThat(rows.get(0).subList(META, rows.get(0).size())).containsExactly(1L, "name 1", 1.5, "{\"k\":[1,\"a\"]}");
                assertThat(stream.poll(Duration.ofMillis(500), 100).isEmpty()).as("aborted messages stay invisible").isTrue();
            }
        }
    }

    private static ColumnBatch batch(List<Column> columns, long firstId, int rows) {
        ColumnBatch.Builder b = ColumnBatch.builder(columns, rows);
        for (long id = firstId; id < firstId + rows; id++) {
            b.setLong(0, id).set(1, "name " + id).set(2, new BigDecimal(id + ".50")).set(3, "{\"k\":[1,\"a\"]}").endRow();
        }
        return b.build();
    }

    @Test
    void connectionFailuresNameTheServersAndHideThePassword() {
        try (Connector connector = connect("bootstrap-servers", "127.0.0.1:1")) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE))
                    .hasMessageStartingWith("Cannot connect to Kafka at 127.0.0.1:1: ");
        }
        try (Connector connector = connect("bootstrap-servers", kafka.saslBootstrapServers(), "security-protocol", "SASL_PLAINTEXT",
                "user", kafka.saslUser(), "password", "wrong-secret-123")) {
            assertThatThrownBy(() -> connector.testConnection(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.AUTHENTICATION))
                    .hasMessageContaining(kafka.saslBootstrapServers()).hasMessageNotContaining("wrong-secret-123");
        }
        try (Connector connector = connect("bootstrap-servers", kafka.saslBootstrapServers(), "security-protocol", "SASL_PLAINTEXT",
                "user", kafka.saslUser(), "password", kafka.saslPassword())) {
            connector.testConnection(Duration.ofSeconds(10));
        }
    }
}

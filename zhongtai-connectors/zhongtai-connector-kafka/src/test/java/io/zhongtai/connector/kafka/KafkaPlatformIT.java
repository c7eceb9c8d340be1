package io.zhongtai.connector.kafka;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.integration.IntegrationService;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.TestingKafka;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic synced through the real platform: rows land in the table, undecodable messages in its dead-letter table
 * with the reason, the consumer group's offsets follow the lakehouse commits, and a second sync continues where the
 * first stopped.
 */
class KafkaPlatformIT {
    private static final String TOPIC = "orders.v1";

    private static TestingKafka kafka;

    @TempDir
    Path home;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new TestingKafka();
        kafka.createTopic(TOPIC, 2);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void produce(int from, int to, String... malformed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "k" + i,
                        "{\"id\": " + i + ", \"customer\": \"c" + (i % 7) + "\", \"amount\": " + i + ".5}");
                record.headers().add("origin", "shop".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            for (String bad : malformed) {
                producer.send(new ProducerRecord<>(TOPIC, "bad", bad));
            }
            producer.flush();
        }
    }

    private static long committedOffsets(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    @Test
    void topicRowsDeadLettersAndOffsetsFollowTheLakehouseCommits() throws Exception {
        produce(0, 1000, "{\"id\": 1000, \"customer\": ", "not json at all", "{\"id\": \"twelve\", \"customer\": \"c1\", \"amount\": 1.5}");
        try (PlatformFixture fixture = new PlatformFixture(home)) {
            Session session = fixture.session;
            IntegrationService integration = fixture.platform.integration();
            integration.addSource(session, "events", "kafka", Map.of("bootstrap-servers", kafka.bootstrapServers(),
                    "columns", "id bigint, customer varchar, amount double"), Map.of(), "test broker");
            SyncRequest request = new SyncRequest("events", List.of(TOPIC), false, "ods", SyncMode.INCREMENTAL, Optional.empty(), 1,
                    false, java.time.Duration.ofMillis(300));

            SyncResult first = integration.sync(session, request, SyncListener.NONE, new AtomicBoolean());
            assertThat(first.tables()).singleElement().satisfies(t -> {
                assertThat(t.targetTable()).isEqualTo("ods.events_orders_v1");
                assertThat(t.rows()).isEqualTo(1000);
                assertThat(t.deadLetters()).isEqualTo(3);
            });
            assertThat(fixture.rows("SELECT count(*), count(DISTINCT id), sum(amount) FROM ods.events_orders_v1").get(0))
                    .containsExactly(1000L, 1000L, 500_000.0);
            assertThat(fixture.rows("SELECT _key, _headers FROM ods.events_orders_v1 WHERE id = 7").get(0))
                    .containsExactly("k7", "{\"origin\":\"shop\"}");
            List<List<Object>> dead = fixture.rows(
                    "SELECT origin, reason, payload FROM ods.events_orders_v1__dead_letters ORDER BY payload");
            assertThat(dead).hasSize(3);
            assertThat(dead).allSatisfy(d -> {
                assertThat((String) d.get(0)).startsWith(TOPIC + "/");
                assertThat((String) d.get(1)).isNotBlank();
            });
            // Sorted by payload: "not json...", then the value of the wrong type, then the cut-off object.
            assertThat((String) dead.get(0).get(1)).contains("line 1, column 1");
            assertThat(dead.get(1)).element(2).isEqualTo("{\"id\": \"twelve\", \"customer\": \"c1\", \"amount\": 1.5}");
            assertThat((String) dead.get(1).get(1)).contains("id");
            assertThat((String) dead.get(2).get(1)).contains("Malformed JSON at line 1, column 26");
            // Offsets went back to the broker only after the commit, and cover every message (rows and dead letters).
            assertThat(committedOffsets("zhongtai-events")).isEqualTo(1003);

            // The next sync continues after the stored position: nothing twice, nothing lost.
            produce(1000, 1500);
            SyncResult second = integration.sync(session, request, SyncListener.NONE, new AtomicBoolean());
            assertThat(second.rows()).isEqualTo(500);
            assertThat(fixture.rows("SELECT count(*), count(DISTINCT id) FROM ods.events_orders_v1").get(0))
                    .containsExactly(1500L, 1500L);
            assertThat(committedOffsets("zhongtai-events")).isEqualTo(1503);
            assertThat(integration.sync(session, request, SyncListener.NONE, new AtomicBoolean()).rows()).isZero();
        }
    }
}

package io.zhongtai.bench.sync;

import io.zhongtai.bench.Bench;
import io.zhongtai.core.Platform;
import io.zhongtai.core.integration.SyncListener;
import io.zhongtai.core.integration.SyncMode;
import io.zhongtai.core.integration.SyncRequest;
import io.zhongtai.core.integration.SyncResult;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.TestingKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka topic to lakehouse table: N JSON messages of 10 fields are produced into a topic of an in-process broker,
 * then the platform syncs the topic once (connector {@code kafka}, mode incremental, no follow).
 *
 * <p>Without follow, the engine stops only after the stream has been idle for 2 s (SyncEngine's IDLE_STOP), after
 * its last commit. The rate is therefore taken from the start of the sync call to the last commit (the listener's
 * {@code committed} callback that brings the table to N rows); the whole call, idle wait included, is reported
 * beside it. The last commit can itself wait up to one commit interval (1 s by default) for its window to close.
 */
public final class KafkaIngest {
    private static final String SOURCE = "kafka";
    private static final String TOPIC = "events";
    private static final TableName TARGET = new TableName("ods", SOURCE + "_" + TOPIC);
    private static final int PARTITIONS = 4;
    private static final List<String> COUNTRIES = List.of("CN", "US", "DE", "FR", "JP", "BR", "IN", "GB");
    private static final List<String> TYPES = List.of("view", "click", "cart", "order", "refund");

    /** What was measured. */
    public record Result(long messages, long produceNanos, long toFirstRowsNanos, long toLastCommitNanos, long callNanos, long commits,
                         long tableRows) {
        public double recordsPerSecond() {
            return messages / (toLastCommitNanos / 1e9);
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("messages", messages);
            json.put("topic_partitions", PARTITIONS);
            json.put("produce_s", produceNanos / 1e9);
            json.put("sync_to_first_rows_read_s", toFirstRowsNanos / 1e9);
            json.put("sync_to_last_commit_s", toLastCommitNanos / 1e9);
            json.put("records_per_s", Math.round(recordsPerSecond()));
            json.put("sync_call_s_including_idle_stop", callNanos / 1e9);
            json.put("records_per_s_whole_call", Math.round(messages / (callNanos / 1e9)));
            json.put("commits", commits);
            json.put("lakehouse_rows", tableRows);
            return json;
        }
    }

    private KafkaIngest() {
    }

    public static Result run(Platform platform, Session session, long messages, int parallelism) throws Exception {
        try (TestingKafka kafka = new TestingKafka()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            long t = System.nanoTime();
            produce(kafka.bootstrapServers(), messages);
            long produceNanos = System.nanoTime() - t;
            System.out.printf("  [kafka] produced %,d messages in %s%n", messages, Bench.seconds(produceNanos));
            platform.integration().addSource(session, SOURCE, "kafka", Map.of("bootstrap-servers", kafka.bootstrapServers(), "value-format", "json"),
                    Map.of(), "SyncBench Kafka ingest");
            AtomicLong firstRows = new AtomicLong();
            AtomicLong lastCommit = new AtomicLong();
            AtomicLong committedRows = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            SyncListener listener = new SyncListener() {
                @Override
                public void rowsRead(long rows) {
                    firstRows.compareAndSet(0, System.nanoTime());
                }

                @Override
                public void committed(String targetTable, long rows, long snapshotId) {
                    commits.incrementAndGet();
                    committedRows.addAndGet(rows);
                    lastCommit.set(System.nanoTime());
                }
            };
            long start = System.nanoTime();
            SyncResult result = platform.integration().sync(session, new SyncRequest(SOURCE, List.of(TOPIC), false, "ods",
                    SyncMode.INCREMENTAL, Optional.empty(), parallelism, false, null), listener, new AtomicBoolean());
            long callNanos = System.nanoTime() - start;
            long tableRows = Bench.longValue(platform, session, "SELECT count(*) FROM " + TARGET);
            if (!result.succeeded() || tableRows != messages || committedRows.get() != messages) {
                throw new IllegalStateException("Kafka sync of topic " + TOPIC + " into " + TARGET + " gave " + result.status() + ", "
                        + committedRows.get() + " rows committed, " + tableRows + " rows in the table; expected " + messages);
            }
            return new Result(messages, produceNanos, firstRows.get() - start, lastCommit.get() - start, callNanos, commits.get(), tableRows);
        }
    }

    /** N JSON objects of 10 fields (numbers, strings, a boolean, a timestamp), about 250 bytes each. */
    private static void produce(String bootstrap, long messages) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        SplittableRandom random = new SplittableRandom(7);
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (long i = 1; i <= messages; i++) {
                String json = "{\"event_id\":" + i
                        + ",\"user_id\":" + random.nextInt(1_000_000)
                        + ",\"event_type\":\"" + TYPES.get(random.nextInt(TYPES.size())) + "\""
                        + ",\"amount\":" + random.nextInt(100_000) / 100.0
                        + ",\"quantity\":" + (1 + random.nextInt(10))
                        + ",\"country\":\"" + COUNTRIES.get(random.nextInt(COUNTRIES.size())) + "\""
                        + ",\"session_id\":\"s-" + Long.toHexString(random.nextLong()) + "\""
                        + ",\"is_mobile\":" + random.nextBoolean()
                        + ",\"created_at\":\"" + base.plusMillis(i * 10) + "\""
                        + ",\"page\":\"/products/" + random.nextInt(50_000) + "?ref=campaign-" + random.nextInt(100) + "\"}";
                producer.send(new ProducerRecord<>(TOPIC, json));
            }
            producer.flush();
        }
    }
}

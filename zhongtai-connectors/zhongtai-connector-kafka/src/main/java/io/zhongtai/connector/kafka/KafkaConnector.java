package io.zhongtai.connector.kafka;

import io.zhongtai.connector.message.MessageTables;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.Capability;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.WriteMode;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.spi.data.TableSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A Kafka cluster as a source: topics are tables (no namespaces), streamed into the lakehouse with offsets committed
 * to the consumer group only after the platform's commit, and written to as an export target.
 */
final class KafkaConnector implements Connector {
    /** Columns every topic table starts with, before the value's fields. */
    static final List<Column> METADATA_COLUMNS = List.of(
            new Column("_key", DataType.STRING, "message key (UTF-8)", true),
            new Column("_headers", DataType.JSON, "message headers {name: value}", true),
            new Column("_partition", DataType.INTEGER, "partition", false),
            new Column("_offset", DataType.BIGINT, "offset", false),
            new Column("_timestamp", DataType.TIMESTAMP_TZ, "message timestamp", true));

    private final KafkaSettings settings;
    private final String sourceName;

    KafkaConnector(KafkaSettings settings, String sourceName) {
        this.settings = requireNonNull(settings, "settings is null");
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BROWSE, Capability.STREAM, Capability.WRITE);
    }

    private String where() {
        return "Kafka at " + settings.bootstrapServers();
    }

    private interface AdminCall<T> {
        T call(Admin admin) throws Exception;
    }

    private <T> T withAdmin(Duration timeout, String what, AdminCall<T> call) {
        Admin admin;
        try {
            admin = Admin.create(settings.admin(timeout));
        } catch (RuntimeException e) {
            throw KafkaErrors.failure(what, e);
        }
        try {
            return call.call(admin);
        } catch (Exception e) {
            throw KafkaErrors.failure(what, e instanceof ExecutionException ? e.getCause() : e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    @Override
    public void testConnection(Duration timeout) {
        withAdmin(timeout, "Cannot connect to " + where(), admin -> admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public List<String> listNamespaces() {
        return List.of("");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        return MessageTables.list(namespace, () -> withAdmin(settings.requestTimeout(), "Cannot list the topics of " + where(),
                admin -> admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get()));
    }

    @Override
    public TableSchema describe(TableId table) {
        String topic = MessageTables.name(table);
        return MessageTables.schema(table, METADATA_COLUMNS, valueColumns(topic, partitions(topic)));
    }

    /** The topic's partitions; NOT_FOUND naming the topic when it does not exist. */
    private List<TopicPartition> partitions(String topic) {
        return withAdmin(settings.requestTimeout(), "Cannot describe topic '" + topic + "' on " + where(), admin -> {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        });
    }

    /** The declared value columns, or the ones inferred from the newest messages of the partitions. */
    private List<Column> valueColumns(String topic, List<TopicPartition> partitions) {
        if (settings.declaredColumns().isPresent()) {
            return settings.declaredColumns().get();
        }
        return MessageTables.inferValueColumns(sample(topic, partitions), METADATA_COLUMNS);
    }

    private List<byte[]> sample(String topic, List<TopicPartition> partitions) {
        List<byte[]> values = new ArrayList<>();
        if (settings.sampleSize() == 0 || partitions.isEmpty()) {
            return values;
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumer(null));
        try {
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            int perPartition = Math.max(1, settings.sampleSize() / partitions.size());
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long start = Math.max(begin.get(tp), end.get(tp) - perPartition);
                if (start < end.get(tp)) {
                    from.put(tp, start);
                }
            }
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
            while (!from.isEmpty() && values.size() < settings.sampleSize() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                from.keySet().removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        } catch (RuntimeException e) {
            throw KafkaErrors.failure("Cannot sample messages of topic '" + topic + "' on " + where(), e);
        } finally {
            // Without a group there is nothing to hand back; a plain close() would wait out the prefetch the last
            // poll sent (the broker holds it for fetch.max.wait.ms, 500 ms, at the end of the topic).
            consumer.close(Duration.ZERO);
        }
        return values;
    }

    @Override
    public MessageStream openStream(TableId table, Map<String, String> position) {
        String topic = MessageTables.name(table);
        List<TopicPartition> partitions = partitions(topic);
        return new KafkaMessageStream(settings, topic, partitions, position, valueColumns(topic, partitions),
                settings.declaredColumns().isEmpty(), where());
    }

    @Override
    public BatchWriter openWriter(TableId target, List<Column> columns, WriteMode mode, List<String> keyColumns) {
        String topic = MessageTables.name(target);
        if (mode == WriteMode.OVERWRITE) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Cannot overwrite topic '" + topic + "' on "
                    + where() + ": topics are append-only; export with mode append or upsert");
        }
        if (mode == WriteMode.UPSERT && keyColumns.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot upsert into topic '" + topic
                    + "': upsert needs key columns, which become the message key");
        }
        createTopicIfMissing(topic);
        String transactionalId = "zhongtai-" + sourceName + "-" + topic + "-" + UUID.randomUUID();
        return new KafkaTopicWriter(settings, topic, columns, keyColumns, transactionalId, where());
    }

    private void createTopicIfMissing(String topic) {
        withAdmin(settings.requestTimeout(), "Cannot create topic '" + topic + "' on " + where(), admin -> {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get();
                return null;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
    }
}

package io.zhongtai.connector.kafka;

import io.zhongtai.connector.json.JsonHeaders;
import io.zhongtai.connector.json.JsonMessageBatch;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One topic, all partitions assigned (no group rebalancing), read from the stored position, else the group's
 * committed offsets, else the start option. The position is {@code partition -> next offset}; offsets are committed
 * to the group only in {@link #acknowledge}.
 */
final class KafkaMessageStream implements MessageStream {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMessageStream.class);

    private final KafkaSettings settings;
    private final String topic;
    private final String where;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final JsonMessageBatch<ConsumerRecord<byte[], byte[]>> batch;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    /** Partition -> offset of the next message not yet handed out in a batch. */
    private final Map<Integer, Long> next = new TreeMap<>();

    KafkaMessageStream(KafkaSettings settings, String topic, List<TopicPartition> partitions, Map<String, String> position,
                       List<Column> valueColumns, boolean growColumns, String where) {
        this.settings = settings;
        this.topic = topic;
        this.where = where;
        this.batch = new JsonMessageBatch<>(KafkaConnector.METADATA_COLUMNS, KafkaMessageStream::writeMetadata,
                ConsumerRecord::value, r -> r.topic() + "/" + r.partition() + "@" + r.offset(), valueColumns, growColumns);
        consumer = new KafkaConsumer<>(settings.consumer(settings.groupId()));
        try {
            seek(partitions, position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw KafkaErrors.failure("Cannot open topic '" + topic + "' on " + where, e);
        }
        LOG.info("Opened topic {} on {}: {} partition(s) at {}", topic, where, partitions.size(), next);
    }

    private void seek(List<TopicPartition> partitions, Map<String, String> position) {
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = position.isEmpty()
                ? consumer.committed(new HashSet<>(partitions)) : Map.of();
        for (TopicPartition tp : partitions) {
            String stored = position.get(String.valueOf(tp.partition()));
            OffsetAndMetadata groupOffset = committed.get(tp);
            if (stored != null) {
                consumer.seek(tp, Long.parseLong(stored));
            } else if (!position.isEmpty()) {
                // The partition was added after the stored position was taken: all of it is new.
                consumer.seekToBeginning(List.of(tp));
            } else if (groupOffset != null) {
                consumer.seek(tp, groupOffset.offset());
            } else if (settings.startAtEarliest()) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seekToEnd(List.of(tp));
            }
        }
        for (TopicPartition tp : partitions) {
            next.put(tp.partition(), consumer.position(tp));
        }
    }

    @Override
    public List<Column> columns() {
        return batch.columns();
    }

    @Override
    public StreamBatch poll(Duration timeout, int maxRecords) {
        if (pending.isEmpty()) {
            try {
                consumer.poll(timeout).forEach(pending::add);
            } catch (RuntimeException e) {
                throw KafkaErrors.failure("Cannot read topic '" + topic + "' from " + where, e);
            }
        }
        JsonMessageBatch.Decoded decoded = batch.decode(pending, maxRecords, r -> next.put(r.partition(), r.offset() + 1));
        Map<String, String> position = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> {
            position.put(String.valueOf(partition), String.valueOf(offset));
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset));
        });
        return new StreamBatch(decoded.rows(), decoded.deadLetters(), position, new Offsets(offsets));
    }

    /** What {@link #acknowledge} commits: the next offsets of every partition after the batch. */
    private record Offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void acknowledge(StreamBatch acknowledged) {
        if (!(acknowledged.ackHandle() instanceof Offsets offsets)) {
            throw new IllegalArgumentException("Not a batch of Kafka topic " + topic + ": " + acknowledged.ackHandle());
        }
        try {
            consumer.commitSync(offsets.offsets(), settings.requestTimeout());
        } catch (RuntimeException e) {
            throw KafkaErrors.failure("Cannot commit offsets of topic '" + topic + "' for group '" + settings.groupId()
                    + "' on " + where, e);
        }
    }

    private static void writeMetadata(ConsumerRecord<byte[], byte[]> record, ColumnBatch.Builder row) {
        if (record.key() != null) {
            row.set(0, new String(record.key(), StandardCharsets.UTF_8));
        }
        String headers = headersJson(record.headers());
        if (headers != null) {
            row.set(1, headers);
        }
        row.setLong(2, record.partition());
        row.setLong(3, record.offset());
        if (record.timestamp() >= 0) {
            row.set(4, Instant.ofEpochMilli(record.timestamp()));
        }
    }

    /** Headers as a JSON object of UTF-8 strings (a repeated name keeps its last value); null without headers. */
    static String headersJson(Headers headers) {
        Header[] all = headers.toArray();
        if (all.length == 0) {
            return null;
        }
        Map<String, byte[]> byName = new LinkedHashMap<>();
        for (Header h : all) {
            byName.put(h.key(), h.value());
        }
        return JsonHeaders.toJson(byName);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package io.zhongtai.connector.kafka;

import io.zhongtai.connector.json.JsonMessageEncoder;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes rows as JSON messages in one Kafka transaction: {@link #commit()} makes them visible to read_committed
 * consumers at once, {@link #close()} without commit aborts them.
 */
final class KafkaTopicWriter implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicWriter.class);

    private final String topic;
    private final String where;
    private final JsonMessageEncoder messages;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long rows;
    private boolean committed;

    KafkaTopicWriter(KafkaSettings settings, String topic, List<Column> columns, List<String> keyColumns,
                     String transactionalId, String where) {
        this.topic = topic;
        this.where = where;
        this.messages = new JsonMessageEncoder("Kafka writer", "topic '" + topic + "'", columns, keyColumns);
        producer = new KafkaProducer<>(settings.producer(transactionalId));
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw KafkaErrors.failure("Cannot start a transaction on topic '" + topic + "' on " + where, e);
        }
    }

    @Override
    public void write(Batch batch) {
        ColumnBatch rowsIn = messages.rows(batch);
        checkSends();
        try {
            messages.send(rowsIn, (key, value) -> producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    sendFailure.compareAndSet(null, error);
                }
            }));
        } catch (Exception e) {
            throw KafkaErrors.failure("Cannot write to topic '" + topic + "' on " + where, e);
        }
        rows += rowsIn.rowCount();
    }

    private void checkSends() {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw KafkaErrors.failure("Cannot write to topic '" + topic + "' on " + where, failure);
        }
    }

    @Override
    public long commit() {
        try {
            producer.flush();
            checkSends();
            producer.commitTransaction();
        } catch (RuntimeException e) {
            throw KafkaErrors.failure("Cannot commit the messages written to topic '" + topic + "' on " + where, e);
        }
        committed = true;
        LOG.info("Wrote {} message(s) to topic {} on {}", rows, topic, where);
        return rows;
    }

    @Override
    public void close() {
        try {
            if (!committed) {
                producer.abortTransaction();
                LOG.info("Aborted {} message(s) to topic {} on {}", rows, topic, where);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot abort the transaction on topic {} on {}: {}", topic, where, e.getMessage());
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

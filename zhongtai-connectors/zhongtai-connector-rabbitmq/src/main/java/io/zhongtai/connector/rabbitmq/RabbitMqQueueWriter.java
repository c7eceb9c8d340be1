package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.zhongtai.connector.json.JsonMessageEncoder;
import io.zhongtai.spi.connector.BatchWriter;
import io.zhongtai.spi.connector.ConnectorException;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishes rows as persistent JSON messages to a queue (through the default exchange) in one AMQP transaction:
 * {@link #commit()} makes them all visible once the broker has taken them, {@link #close()} without commit rolls
 * them back. The queue is declared durable when it does not exist.
 */
final class RabbitMqQueueWriter implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqQueueWriter.class);

    private final String queue;
    private final String where;
    private final JsonMessageEncoder messages;
    private final Connection connection;
    private final Channel channel;
    private long rows;
    private boolean committed;

    RabbitMqQueueWriter(RabbitMqSettings settings, String queue, List<Column> columns, List<String> keyColumns,
                        RabbitMqConnector connector) {
        this.queue = queue;
        this.where = settings.where();
        this.messages = new JsonMessageEncoder("RabbitMQ writer", "queue '" + queue + "'", columns, keyColumns);
        connection = settings.connect();
        try {
            declareIfMissing(connector);
            channel = connection.createChannel();
            channel.txSelect();
        } catch (Exception e) {
            closeConnection();
            throw RabbitMqErrors.failure("Cannot open queue '" + queue + "' on " + where + " for writing", e);
        }
    }

    private void declareIfMissing(RabbitMqConnector connector) throws Exception {
        try (Channel probe = connection.createChannel()) {
            connector.passiveDeclare(probe, queue);
            return;
        } catch (ConnectorException e) {
            if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        try (Channel declare = connection.createChannel()) {
            declare.queueDeclare(queue, true, false, false, null);
            LOG.info("Declared durable queue {} on {}", queue, where);
        }
    }

    @Override
    public void write(Batch batch) {
        ColumnBatch rowsIn = messages.rows(batch);
        try {
            messages.send(rowsIn, (key, value) -> channel.basicPublish("", queue, properties(key), value));
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot publish to queue '" + queue + "' on " + where, e);
        }
        rows += rowsIn.rowCount();
    }

    /** Persistent JSON; the row's key, if any, becomes the message-id. */
    private static AMQP.BasicProperties properties(byte[] key) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(key == null ? null : new String(key, StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public long commit() {
        try {
            channel.txCommit();
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot commit the messages published to queue '" + queue + "' on " + where, e);
        }
        committed = true;
        LOG.info("Published {} message(s) to queue {} on {}", rows, queue, where);
        return rows;
    }

    @Override
    public void close() {
        try {
            if (!committed && channel.isOpen()) {
                channel.txRollback();
                LOG.info("Rolled back {} message(s) to queue {} on {}", rows, queue, where);
            }
        } catch (Exception e) {
            LOG.warn("Cannot roll back the messages to queue {} on {}: {}", queue, where, e.toString());
        } finally {
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (Exception e) {
            LOG.debug("Closing the connection to {} failed: {}", where, e.toString());
        }
    }
}

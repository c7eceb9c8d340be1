package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.zhongtai.connector.json.JsonRowEncoder;
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
    private final List<Column> columns;
    private final JsonRowEncoder encoder;
    private final int[] keyColumns;
    private final Connection connection;
    private final Channel channel;
    private long rows;
    private boolean committed;

    RabbitMqQueueWriter(RabbitMqSettings settings, String queue, List<Column> columns, List<String> keyColumns,
                        RabbitMqConnector connector) {
        this.queue = queue;
        this.where = settings.where();
        this.columns = List.copyOf(columns);
        this.encoder = new JsonRowEncoder(columns);
        try {
            this.keyColumns = encoder.indexes(keyColumns);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_DATA, "Cannot write to queue '" + queue + "': " + e.getMessage());
        }
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
        if (!(batch instanceof ColumnBatch rowsIn)) {
            throw new IllegalArgumentException("The RabbitMQ writer takes column batches, not " + batch.getClass().getSimpleName());
        }
        if (!rowsIn.columns().equals(columns)) {
            throw new IllegalArgumentException("Batch columns " + rowsIn.columns() + " differ from the writer's " + columns);
        }
        try {
            for (int r = 0; r < rowsIn.rowCount(); r++) {
                byte[] key = encoder.key(rowsIn, r, keyColumns);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .messageId(key == null ? null : new String(key, StandardCharsets.UTF_8))
                        .build();
                channel.basicPublish("", queue, properties, encoder.encode(rowsIn, r));
            }
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot publish to queue '" + queue + "' on " + where, e);
        }
        rows += rowsIn.rowCount();
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

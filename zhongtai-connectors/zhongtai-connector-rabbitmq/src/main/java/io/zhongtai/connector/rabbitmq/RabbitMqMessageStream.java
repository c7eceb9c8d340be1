package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.ShutdownSignalException;
import io.zhongtai.connector.json.JsonHeaders;
import io.zhongtai.connector.json.JsonMessageBatch;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.ColumnBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One queue consumed with manual acknowledgements and a prefetch window. {@link #acknowledge} acknowledges every
 * message up to the batch's last one at once; closing without acknowledging makes the broker redeliver the rest.
 * RabbitMQ keeps no offsets: the position is always empty.
 */
final class RabbitMqMessageStream implements MessageStream {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqMessageStream.class);

    private final String queue;
    private final String where;
    private final Connection connection;
    private final Channel channel;
    private final JsonMessageBatch<Delivery> batch;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private volatile ShutdownSignalException broken;
    private long lastTag;
    private long acknowledgedTag;

    RabbitMqMessageStream(RabbitMqSettings settings, String queue, List<Column> bodyColumns, boolean growColumns,
                          RabbitMqConnector connector) {
        this.queue = queue;
        this.where = settings.where();
        this.batch = new JsonMessageBatch<>(RabbitMqConnector.METADATA_COLUMNS, RabbitMqMessageStream::writeMetadata,
                Delivery::getBody, d -> queue + "#" + d.getEnvelope().getDeliveryTag()
                        + (d.getProperties().getMessageId() == null ? "" : " (message-id " + d.getProperties().getMessageId() + ")"),
                bodyColumns, growColumns);
        connection = settings.connect();
        try {
            channel = connection.createChannel();
            connector.passiveDeclare(channel, queue);
            channel.basicQos(settings.prefetch());
            channel.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    broken = cause;
                }
            });
            channel.basicConsume(queue, false, settings.connectionName(), (tag, delivery) -> deliveries.add(delivery),
                    tag -> broken = new ShutdownSignalException(false, false, null, "the queue was deleted or the consumer cancelled"));
        } catch (Exception e) {
            closeQuietly();
            throw RabbitMqErrors.failure("Cannot consume queue '" + queue + "' on " + where, e);
        }
        LOG.info("Consuming queue {} on {} (prefetch {})", queue, where, settings.prefetch());
    }

    @Override
    public List<Column> columns() {
        return batch.columns();
    }

    @Override
    public StreamBatch poll(Duration timeout, int maxRecords) {
        if (pending.isEmpty()) {
            fetch(timeout, maxRecords);
        }
        JsonMessageBatch.Decoded decoded = batch.decode(pending, maxRecords, d -> lastTag = d.getEnvelope().getDeliveryTag());
        return new StreamBatch(decoded.rows(), decoded.deadLetters(), Map.of(), lastTag);
    }

    private void fetch(Duration timeout, int maxRecords) {
        if (deliveries.isEmpty() && broken != null) {
            throw RabbitMqErrors.failure("Cannot read queue '" + queue + "' from " + where, broken);
        }
        try {
            Delivery first = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                pending.add(first);
                List<Delivery> more = new ArrayList<>();
                deliveries.drainTo(more, maxRecords - 1);
                pending.addAll(more);
            }
        } catch (InterruptedException e) {
            throw RabbitMqErrors.failure("Cannot read queue '" + queue + "' from " + where, e);
        }
    }

    @Override
    public void acknowledge(StreamBatch acknowledged) {
        if (!(acknowledged.ackHandle() instanceof Long tag)) {
            throw new IllegalArgumentException("Not a batch of RabbitMQ queue " + queue + ": " + acknowledged.ackHandle());
        }
        if (tag <= acknowledgedTag) {
            return;
        }
        try {
            channel.basicAck(tag, true);
            acknowledgedTag = tag;
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot acknowledge messages of queue '" + queue + "' on " + where, e);
        }
    }

    private static void writeMetadata(Delivery delivery, ColumnBatch.Builder row) {
        row.set(0, delivery.getEnvelope().getRoutingKey());
        AMQP.BasicProperties properties = delivery.getProperties();
        if (properties.getHeaders() != null && !properties.getHeaders().isEmpty()) {
            row.set(1, JsonHeaders.toJson(properties.getHeaders()));
        }
        row.set(2, properties.getMessageId());
        if (properties.getTimestamp() != null) {
            row.set(3, properties.getTimestamp().toInstant());
        }
        row.setBoolean(4, delivery.getEnvelope().isRedeliver());
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (Exception e) {
            LOG.debug("Closing the connection to {} failed: {}", where, e.toString());
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}

package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A RabbitMQ virtual host as a source: queues are tables (no namespaces), consumed with manual acknowledgements
 * sent only after the platform's commit, and written to as an export target. AMQP cannot list queues, so browse
 * lists the queues named in the {@code queues} option.
 */
final class RabbitMqConnector implements Connector {
    /** Columns every queue table starts with, before the body's fields. */
    static final List<Column> METADATA_COLUMNS = List.of(
            new Column("_routing_key", DataType.STRING, "routing key", true),
            new Column("_headers", DataType.JSON, "message headers {name: value}", true),
            new Column("_message_id", DataType.STRING, "message-id property", true),
            new Column("_timestamp", DataType.TIMESTAMP_TZ, "timestamp property (seconds)", true),
            new Column("_redelivered", DataType.BOOLEAN, "true when the message was delivered before", false));

    private final RabbitMqSettings settings;

    RabbitMqConnector(RabbitMqSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.BROWSE, Capability.STREAM, Capability.WRITE);
    }

    @Override
    public void testConnection(Duration timeout) {
        try (Connection connection = settings.connect(timeout)) {
            for (String queue : settings.queues()) {
                try (Channel channel = connection.createChannel()) {
                    passiveDeclare(channel, queue);
                }
            }
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot connect to " + settings.where(), e);
        }
    }

    /** Checks that {@code queue} exists; NOT_FOUND naming it when not (the channel is closed then). */
    int passiveDeclare(Channel channel, String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot open queue '" + queue + "' on " + settings.where(), e);
        }
    }

    @Override
    public List<String> listNamespaces() {
        return List.of("");
    }

    @Override
    public List<TableId> listTables(String namespace) {
        return MessageTables.list(namespace, settings::queues);
    }

    @Override
    public TableSchema describe(TableId table) {
        return MessageTables.schema(table, METADATA_COLUMNS, bodyColumns(MessageTables.name(table)));
    }

    /** The declared body columns, or the ones inferred from messages at the head of the queue (put back unacknowledged). */
    private List<Column> bodyColumns(String queue) {
        try (Connection connection = settings.connect(); Channel channel = connection.createChannel()) {
            passiveDeclare(channel, queue);
            if (settings.declaredColumns().isPresent()) {
                return settings.declaredColumns().get();
            }
            List<byte[]> bodies = new ArrayList<>();
            long lastTag = 0;
            for (int i = 0; i < settings.sampleSize(); i++) {
                GetResponse response = channel.basicGet(queue, false);
                if (response == null) {
                    break;
                }
                bodies.add(response.getBody());
                lastTag = response.getEnvelope().getDeliveryTag();
            }
            if (lastTag > 0) {
                channel.basicNack(lastTag, true, true);
            }
            return MessageTables.inferValueColumns(bodies, METADATA_COLUMNS);
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot sample queue '" + queue + "' on " + settings.where(), e);
        }
    }

    /**
     * Without declared columns the stream starts with none and infers them from the messages it receives: sampling
     * the queue here would requeue messages and mark them redelivered.
     */
    @Override
    public MessageStream openStream(TableId table, Map<String, String> position) {
        return new RabbitMqMessageStream(settings, MessageTables.name(table), settings.declaredColumns().orElse(List.of()),
                settings.declaredColumns().isEmpty(), this);
    }

    @Override
    public BatchWriter openWriter(TableId target, List<Column> columns, WriteMode mode, List<String> keyColumns) {
        String queue = MessageTables.name(target);
        if (mode != WriteMode.APPEND) {
            throw new ConnectorException(ConnectorException.Kind.UNSUPPORTED, "Cannot " + mode.name().toLowerCase(Locale.ROOT)
                    + " into queue '" + queue + "' on " + settings.where() + ": queues only take appended messages");
        }
        return new RabbitMqQueueWriter(settings, queue, columns, keyColumns, this);
    }

    @Override
    public void close() {
    }
}

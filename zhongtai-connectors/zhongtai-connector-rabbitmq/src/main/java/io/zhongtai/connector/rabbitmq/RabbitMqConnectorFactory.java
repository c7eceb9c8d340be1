package io.zhongtai.connector.rabbitmq;

import io.zhongtai.connector.json.JsonSchemaOptions;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** RabbitMQ queues as tables: JSON message bodies become rows, acknowledged only after the platform's commit. */
public final class RabbitMqConnectorFactory implements ConnectorFactory {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String VIRTUAL_HOST = "virtual-host";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String QUEUES = "queues";
    static final String PREFETCH = "prefetch";
    static final String CONNECTION_TIMEOUT = "connection-timeout";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.string(HOST, "Host name or address of the RabbitMQ server").asRequired(),
            OptionSpec.integer(PORT, 5672, "AMQP port"),
            OptionSpec.string(VIRTUAL_HOST, "Virtual host").withDefault("/"),
            OptionSpec.string(USER, "User name").withDefault("guest"),
            OptionSpec.string(PASSWORD, "Password (default: guest, as the client library)").asSecret(),
            OptionSpec.list(QUEUES, "Queues that browse lists (AMQP cannot list queues), comma-separated; any existing queue"
                    + " can be synced or described by name"),
            JsonSchemaOptions.columns("Body"),
            OptionSpec.integer(JsonSchemaOptions.SAMPLE_SIZE, 100, "Messages looked at (and put back unacknowledged) to infer the body columns"
                    + " (0: start with no body columns, add them as fields arrive)"),
            OptionSpec.integer(PREFETCH, 10_000, "Most unacknowledged messages the server hands out (basic.qos); since messages"
                    + " are acknowledged only after the platform's commit, this bounds the rows of one commit"),
            OptionSpec.duration(CONNECTION_TIMEOUT, "10s", "Timeout of connecting and of the AMQP handshake"));

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public String description() {
        return "RabbitMQ queues: JSON messages into tables (stream), rows out as JSON messages (export)";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new RabbitMqConnector(RabbitMqSettings.of(config, context.sourceName()));
    }
}

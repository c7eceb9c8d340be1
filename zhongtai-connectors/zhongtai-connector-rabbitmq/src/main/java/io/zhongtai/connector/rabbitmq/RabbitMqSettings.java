package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.zhongtai.connector.json.JsonSchemaOptions;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.zhongtai.connector.rabbitmq.RabbitMqConnectorFactory.*;

/** The options of a RabbitMQ source, checked once, and the connections they make. */
record RabbitMqSettings(String host, int port, String virtualHost, String user, Optional<String> password, List<String> queues,
                        Optional<List<Column>> declaredColumns, int sampleSize, int prefetch, Duration connectionTimeout,
                        String connectionName) {

    static RabbitMqSettings of(ConnectorConfig config, String sourceName) {
        List<OptionProblem> problems = new ArrayList<>();
        Optional<List<Column>> columns = JsonSchemaOptions.declaredColumns(config, problems);
        int port = config.getInt(PORT);
        if (port < 1 || port > 65_535) {
            problems.add(new OptionProblem(PORT, "must be between 1 and 65535 but is " + port));
        }
        int sampleSize = JsonSchemaOptions.sampleSize(config, problems);
        int prefetch = config.getInt(PREFETCH);
        if (prefetch < 1 || prefetch > 65_535) {
            problems.add(new OptionProblem(PREFETCH, "must be between 1 and 65535 but is " + prefetch));
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(config.connector(), problems);
        }
        return new RabbitMqSettings(config.getString(HOST).trim(), port, config.getString(VIRTUAL_HOST),
                config.getString(USER), config.optional(PASSWORD), config.getList(QUEUES), columns, sampleSize, prefetch,
                config.getDuration(CONNECTION_TIMEOUT), "zhongtai-" + sourceName);
    }

    /** {@code host:port/vhost}, for messages. */
    String where() {
        return "RabbitMQ at " + host + ":" + port + (virtualHost.equals("/") ? "" : " (virtual host " + virtualHost + ")");
    }

    /**
     * A new connection within {@code timeout}. Automatic recovery is off: delivery tags do not survive a reconnect,
     * so a broken connection must fail the stream (the broker then redelivers what was not acknowledged).
     */
    Connection connect(Duration timeout) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(virtualHost);
        factory.setUsername(user);
        password.ifPresent(factory::setPassword);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        try {
            return factory.newConnection(connectionName);
        } catch (Exception e) {
            throw RabbitMqErrors.failure("Cannot connect to " + where() + " as " + user, e);
        }
    }

    Connection connect() {
        return connect(connectionTimeout);
    }
}

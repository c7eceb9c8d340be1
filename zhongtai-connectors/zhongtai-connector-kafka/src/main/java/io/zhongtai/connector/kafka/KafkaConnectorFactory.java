package io.zhongtai.connector.kafka;

import io.zhongtai.connector.json.JsonSchemaOptions;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** Kafka topics as tables: JSON message values become rows, key, headers and offsets become columns. */
public final class KafkaConnectorFactory implements ConnectorFactory {
    static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    static final String GROUP_ID = "group-id";
    static final String SECURITY_PROTOCOL = "security-protocol";
    static final String SASL_MECHANISM = "sasl-mechanism";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String SSL_TRUSTSTORE_LOCATION = "ssl-truststore-location";
    static final String SSL_TRUSTSTORE_PASSWORD = "ssl-truststore-password";
    static final String START_POSITION = "start-position";
    static final String VALUE_FORMAT = "value-format";
    static final String MAX_POLL_RECORDS = "max-poll-records";
    static final String ISOLATION_LEVEL = "isolation-level";
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String CLIENT_PROPERTIES = "client-properties";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.string(BOOTSTRAP_SERVERS, "Brokers to connect to first, host:port[,host:port...]").asRequired(),
            OptionSpec.string(GROUP_ID, "Consumer group the platform commits offsets to after each lakehouse commit;"
                    + " default zhongtai-<source name>"),
            OptionSpec.oneOf(SECURITY_PROTOCOL, "PLAINTEXT", "How clients talk to the brokers",
                    "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
            OptionSpec.oneOf(SASL_MECHANISM, "PLAIN", "SASL mechanism for SASL_PLAINTEXT and SASL_SSL",
                    "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
            OptionSpec.string(USER, "SASL user name (required with SASL_PLAINTEXT and SASL_SSL)"),
            OptionSpec.string(PASSWORD, "SASL password (required with SASL_PLAINTEXT and SASL_SSL)").asSecret(),
            OptionSpec.string(SSL_TRUSTSTORE_LOCATION, "Trust store file (PKCS12 or JKS) with the brokers' CA for SSL and"
                    + " SASL_SSL; default: the JVM's trust store"),
            OptionSpec.string(SSL_TRUSTSTORE_PASSWORD, "Password of the trust store").asSecret(),
            OptionSpec.oneOf(START_POSITION, "earliest", "Where a partition starts when the sync has no stored position and"
                    + " the consumer group no committed offset", "earliest", "latest"),
            OptionSpec.oneOf(VALUE_FORMAT, "json", "Format of message values: json, one JSON object per message", "json"),
            JsonSchemaOptions.columns("Value"),
            OptionSpec.integer(JsonSchemaOptions.SAMPLE_SIZE, 1000, "Messages read from the end of the topic's partitions to infer the value"
                    + " columns (0: start with no value columns, add them as fields arrive)"),
            OptionSpec.integer(MAX_POLL_RECORDS, 10_000, "Most messages one fetch returns (Kafka max.poll.records), which is"
                    + " also the most rows of one stream batch"),
            OptionSpec.oneOf(ISOLATION_LEVEL, "read_committed", "Whether to read messages of open or aborted transactions"
                    + " (read_uncommitted) or only committed ones", "read_committed", "read_uncommitted"),
            OptionSpec.duration(REQUEST_TIMEOUT, "30s", "Timeout of metadata, offset, commit and sampling requests"),
            OptionSpec.list(CLIENT_PROPERTIES, "Further Kafka client properties as key=value, comma-separated (e.g."
                    + " ssl.endpoint.identification.algorithm=,fetch.max.bytes=104857600); they override the ones above"));

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Apache Kafka topics: JSON messages into tables (stream), rows out as JSON messages (export)";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new KafkaConnector(KafkaSettings.of(config, context.sourceName()), context.sourceName());
    }
}

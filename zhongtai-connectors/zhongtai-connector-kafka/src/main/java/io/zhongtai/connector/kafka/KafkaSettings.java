package io.zhongtai.connector.kafka;

import io.zhongtai.connector.json.JsonSchemaOptions;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.InvalidOptionsException;
import io.zhongtai.spi.options.OptionProblem;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.zhongtai.connector.kafka.KafkaConnectorFactory.*;

/** The options of a Kafka source, checked once, and the client properties they make. */
record KafkaSettings(String bootstrapServers, String groupId, String clientId, Map<String, Object> security,
                     boolean startAtEarliest, Optional<List<Column>> declaredColumns, int sampleSize, int maxPollRecords,
                     String isolationLevel, Duration requestTimeout, Map<String, String> clientProperties) {

    static KafkaSettings of(ConnectorConfig config, String sourceName) {
        List<OptionProblem> problems = new ArrayList<>();
        Map<String, Object> security = new HashMap<>();
        String protocol = config.getString(SECURITY_PROTOCOL).trim().toUpperCase(Locale.ROOT);
        security.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = config.getString(SASL_MECHANISM).trim().toUpperCase(Locale.ROOT);
            Optional<String> user = config.optional(USER);
            Optional<String> password = config.optional(PASSWORD);
            if (user.isEmpty() || password.isEmpty()) {
                problems.add(new OptionProblem(user.isEmpty() ? USER : PASSWORD, "required with " + SECURITY_PROTOCOL + " " + protocol));
            } else {
                String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                        : "org.apache.kafka.common.security.scram.ScramLoginModule";
                security.put(SaslConfigs.SASL_MECHANISM, mechanism);
                security.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasEscape(user.get())
                        + "\" password=\"" + jaasEscape(password.get()) + "\";");
            }
        }
        config.optional(SSL_TRUSTSTORE_LOCATION).ifPresent(v -> security.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, v));
        config.optional(SSL_TRUSTSTORE_PASSWORD).ifPresent(v -> security.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, v));

        Optional<List<Column>> columns = JsonSchemaOptions.declaredColumns(config, problems);
        int sampleSize = JsonSchemaOptions.sampleSize(config, problems);
        int maxPollRecords = config.getInt(MAX_POLL_RECORDS);
        if (maxPollRecords < 1) {
            problems.add(new OptionProblem(MAX_POLL_RECORDS, "must be 1 or more but is " + maxPollRecords));
        }
        Map<String, String> extra = new HashMap<>();
        for (String entry : config.getList(CLIENT_PROPERTIES)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problems.add(new OptionProblem(CLIENT_PROPERTIES, "expected key=value but got '" + entry + "'"));
            } else {
                extra.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(config.connector(), problems);
        }
        return new KafkaSettings(config.getString(BOOTSTRAP_SERVERS).trim(),
                config.optional(GROUP_ID).orElse("zhongtai-" + sourceName), "zhongtai-" + sourceName, Map.copyOf(security),
                config.getChoice(START_POSITION).equals("earliest"), columns, sampleSize, maxPollRecords,
                config.getChoice(ISOLATION_LEVEL), config.getDuration(REQUEST_TIMEOUT), Map.copyOf(extra));
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Properties every client shares; {@code timeout} bounds API calls. */
    private Map<String, Object> common(Duration timeout) {
        Map<String, Object> p = new HashMap<>(security);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return p;
    }

    private Map<String, Object> withOverrides(Map<String, Object> p) {
        p.putAll(clientProperties);
        return p;
    }

    Map<String, Object> admin(Duration timeout) {
        return withOverrides(common(timeout));
    }

    /** A consumer of raw bytes that never commits by itself; without a group when {@code group} is null. */
    Map<String, Object> consumer(String group) {
        Map<String, Object> p = common(requestTimeout);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The stream seeks explicitly; this only applies when a stored offset fell out of retention.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Bulk ingestion: fetch up to 8 MiB per partition and round trip (Kafka's default is 1 MiB).
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return withOverrides(p);
    }

    /** A transactional (hence idempotent) producer of raw bytes. */
    Map<String, Object> producer(String transactionalId) {
        Map<String, Object> p = common(requestTimeout);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeout.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return withOverrides(p);
    }
}

package io.zhongtai.connector.kafka;

import io.zhongtai.connector.message.ClientFailures;
import io.zhongtai.spi.connector.ConnectorException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.concurrent.TimeoutException;

/** Classifies Kafka client failures into {@link ConnectorException} kinds. */
final class KafkaErrors {
    private KafkaErrors() {
    }

    /** {@code what} says what could not be done, e.g. "Cannot connect to Kafka at host:9092". */
    static ConnectorException failure(String what, Throwable error) {
        return ClientFailures.classify(what, error, KafkaErrors::fromCause, KafkaErrors::rootMessage);
    }

    private static ConnectorException fromCause(String what, Throwable t, Throwable error) {
        if (t instanceof AuthenticationException) {
            return new ConnectorException(ConnectorException.Kind.AUTHENTICATION, what + ": authentication failed ("
                    + t.getMessage() + ")", error);
        }
        if (t instanceof AuthorizationException) {
            return new ConnectorException(ConnectorException.Kind.AUTHENTICATION, what + ": not authorized ("
                    + t.getMessage() + ")", error);
        }
        if (t instanceof UnknownTopicOrPartitionException) {
            return new ConnectorException(ConnectorException.Kind.NOT_FOUND, what + ": the topic does not exist", error);
        }
        if (t instanceof TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new ConnectorException(ConnectorException.Kind.UNREACHABLE, what + ": no answer in time ("
                    + t.getMessage() + ")", error);
        }
        if (t instanceof ConfigException && String.valueOf(t.getMessage()).contains("bootstrap")) {
            return new ConnectorException(ConnectorException.Kind.UNREACHABLE, what + ": " + t.getMessage(), error);
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

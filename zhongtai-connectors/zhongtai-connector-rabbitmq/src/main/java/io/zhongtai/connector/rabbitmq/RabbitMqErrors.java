package io.zhongtai.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.zhongtai.connector.message.ClientFailures;
import io.zhongtai.spi.connector.ConnectorException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Classifies AMQP client failures into {@link ConnectorException} kinds. */
final class RabbitMqErrors {
    private static final int ACCESS_REFUSED = 403;
    private static final int NOT_FOUND = 404;
    private static final int NOT_ALLOWED = 530;

    private RabbitMqErrors() {
    }

    /** {@code what} says what could not be done, e.g. "Cannot connect to RabbitMQ at host:5672". */
    static ConnectorException failure(String what, Throwable error) {
        return ClientFailures.classify(what, error, RabbitMqErrors::fromCause, Throwable::toString);
    }

    private static ConnectorException fromCause(String what, Throwable t, Throwable error) {
        if (t instanceof AuthenticationFailureException || t instanceof PossibleAuthenticationFailureException) {
            return new ConnectorException(ConnectorException.Kind.AUTHENTICATION, what + ": login refused (wrong user or password)", error);
        }
        if (t instanceof ShutdownSignalException shutdown) {
            return fromShutdown(what, shutdown, error);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
            return new ConnectorException(ConnectorException.Kind.UNREACHABLE, what + ": " + t, error);
        }
        return null;
    }

    private static ConnectorException fromShutdown(String what, ShutdownSignalException shutdown, Throwable error) {
        int code = 0;
        String text = shutdown.getMessage();
        if (shutdown.getReason() instanceof AMQP.Channel.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        } else if (shutdown.getReason() instanceof AMQP.Connection.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        }
        ConnectorException.Kind kind = switch (code) {
            case NOT_FOUND -> ConnectorException.Kind.NOT_FOUND;
            case ACCESS_REFUSED, NOT_ALLOWED -> ConnectorException.Kind.AUTHENTICATION;
            default -> ConnectorException.Kind.FAILED;
        };
        return new ConnectorException(kind, what + ": " + text, error);
    }
}

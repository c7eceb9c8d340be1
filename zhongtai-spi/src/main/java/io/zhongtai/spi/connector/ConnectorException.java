package io.zhongtai.spi.connector;

/** A failure talking to a source, classified so the platform can answer with the right status. */
public class ConnectorException extends RuntimeException {
    public enum Kind {
        /** Host unreachable, connection refused, timeout. */
        UNREACHABLE,
        /** Wrong user, password or token. */
        AUTHENTICATION,
        /** Table, topic, queue, file or endpoint does not exist. */
        NOT_FOUND,
        /** Data the connector cannot read or write (malformed records, values out of range). */
        INVALID_DATA,
        /** The source's schema changed in a way the platform cannot follow. */
        INCOMPATIBLE_SCHEMA,
        /** The operation is not supported by this connector. */
        UNSUPPORTED,
        /** Anything else. */
        FAILED
    }

    private final Kind kind;

    public ConnectorException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ConnectorException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ConnectorException unsupported(String connector, Capability capability) {
        return new ConnectorException(Kind.UNSUPPORTED, "Connector '" + connector + "' does not support " + capability);
    }
}

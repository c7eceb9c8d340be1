package io.zhongtai.connector.jdbc.cdc;

import io.zhongtai.spi.connector.ConnectorException;

import java.sql.SQLException;
import java.util.Locale;

/** Classifies what Debezium or a pre-flight query failed with. */
final class CdcErrors {
    private CdcErrors() {
    }

    static ConnectorException translate(CdcSource source, Throwable error) {
        if (error instanceof ConnectorException e) {
            return e;
        }
        String message = rootMessage(error);
        String lower = message.toLowerCase(Locale.ROOT);
        ConnectorException.Kind kind;
        if (lower.contains("password authentication failed") || lower.contains("access denied")
                || lower.contains("must be superuser or replication role") || lower.contains("permission denied")
                || lower.contains("replication slave") || lower.contains("replication client")) {
            kind = ConnectorException.Kind.AUTHENTICATION;
        } else if (lower.contains("connection refused") || lower.contains("connect timed out")
                || lower.contains("unknownhost") || lower.contains("communications link failure")) {
            kind = ConnectorException.Kind.UNREACHABLE;
        } else {
            kind = ConnectorException.Kind.FAILED;
        }
        return new ConnectorException(kind, "Change data capture of " + source.address() + " failed: " + message, error);
    }

    static ConnectorException query(CdcSource source, String what, SQLException e) {
        ConnectorException translated = translate(source, e);
        return new ConnectorException(translated.kind(), "Cannot " + what + " on " + source.address() + ": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        String message = String.valueOf(error.getMessage());
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}

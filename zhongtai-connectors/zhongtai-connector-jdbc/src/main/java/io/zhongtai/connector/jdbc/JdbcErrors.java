package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.ConnectorException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Classifies driver failures; the dialect knows its own authentication and unknown-database codes. */
final class JdbcErrors {
    private JdbcErrors() {
    }

    static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the rows are at fault. */
    static boolean isDataError(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** The driver's message, first line only (PostgreSQL appends detail and hint lines). */
    static String message(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static ConnectorException.Kind kindOf(SQLException e, ConnectorException.Kind dialectKind) {
        if (dialectKind != null) {
            return dialectKind;
        }
        if (isUnreachable(e)) {
            return ConnectorException.Kind.UNREACHABLE;
        }
        return isDataError(e) ? ConnectorException.Kind.INVALID_DATA : ConnectorException.Kind.FAILED;
    }
}

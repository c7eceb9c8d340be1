package io.zhongtai.connector.message;

import io.zhongtai.spi.connector.ConnectorException;

import java.util.function.Function;

/**
 * The part of classifying a client library's failures that does not depend on the library: each connector says which
 * causes it recognises, this walks the cause chain and handles what every connector handles alike.
 */
public final class ClientFailures {
    /** Recognises one cause in the chain of {@code error}; null when this cause says nothing. */
    public interface Cause {
        ConnectorException classify(String what, Throwable cause, Throwable error);
    }

    private ClientFailures() {
    }

    /**
     * {@code error} as a ConnectorException whose message starts with {@code what} (what could not be done): unchanged
     * when it is one already; FAILED for an interruption (the thread's interrupt flag is set again); else what
     * {@code cause} makes of the first cause it recognises, outermost first; else FAILED with {@code reason} of it.
     */
    public static ConnectorException classify(String what, Throwable error, Cause cause, Function<Throwable, String> reason) {
        if (error instanceof ConnectorException known) {
            return known;
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ConnectorException(ConnectorException.Kind.FAILED, what + ": interrupted", error);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            ConnectorException classified = cause.classify(what, t, error);
            if (classified != null) {
                return classified;
            }
        }
        return new ConnectorException(ConnectorException.Kind.FAILED, what + ": " + reason.apply(error), error);
    }
}

package io.zhongtai.connector.message;

import io.zhongtai.spi.connector.ConnectorException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFailuresTest {
    /** Recognises a refused connection anywhere in the chain, like a connector's own classifier. */
    private static ConnectorException classify(Throwable error) {
        return ClientFailures.classify("Cannot connect to X at h:1", error, (what, cause, e) -> cause instanceof ConnectException
                ? new ConnectorException(ConnectorException.Kind.UNREACHABLE, what + ": " + cause.getMessage(), e) : null,
                Throwable::toString);
    }

    @Test
    void recognisedCausesAreFoundAnywhereInTheChain() {
        IOException error = new IOException("wrapper", new ConnectException("Connection refused"));
        ConnectorException classified = classify(error);
        assertThat(classified.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE);
        assertThat(classified).hasMessage("Cannot connect to X at h:1: Connection refused").hasCause(error);
    }

    @Test
    void unrecognisedFailuresAreFailedWithTheReason() {
        ConnectorException classified = classify(new IllegalStateException("odd"));
        assertThat(classified.kind()).isEqualTo(ConnectorException.Kind.FAILED);
        assertThat(classified).hasMessage("Cannot connect to X at h:1: java.lang.IllegalStateException: odd");
    }

    @Test
    void connectorExceptionsPassThroughAndInterruptionsKeepTheFlag() {
        ConnectorException known = new ConnectorException(ConnectorException.Kind.NOT_FOUND, "no such queue");
        assertThat(classify(known)).isSameAs(known);
        try {
            ConnectorException interrupted = classify(new InterruptedException());
            assertThat(interrupted.kind()).isEqualTo(ConnectorException.Kind.FAILED);
            assertThat(interrupted).hasMessage("Cannot connect to X at h:1: interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}

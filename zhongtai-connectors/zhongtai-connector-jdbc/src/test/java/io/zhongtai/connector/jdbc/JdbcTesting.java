package io.zhongtai.connector.jdbc;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.TableSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Helpers the JDBC connector tests share. */
public final class JdbcTesting {
    private JdbcTesting() {
    }

    /** A port nothing listens on (bound once, then released). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server socket that accepts connections (the kernel completes the TCP handshake) but never says a word, like
     * a hung server or a firewall that swallows packets after connect; close it after the test.
     */
    public static ServerSocket silentServer() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every batch of every split, in split order. */
    public static List<Batch> readBatches(Connector connector, TableSchema schema, ReadSpec spec, int maxSplits) {
        List<Batch> batches = new ArrayList<>();
        for (Split split : connector.planSplits(schema, spec, maxSplits)) {
            try (BatchReader reader = connector.openReader(schema, split, spec)) {
                for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                    batches.add(batch);
                }
            }
        }
        return batches;
    }
}

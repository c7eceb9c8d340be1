package io.zhongtai.connector.message;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.connector.MessageStream;
import io.zhongtai.spi.connector.StreamBatch;
import io.zhongtai.testkit.connector.TestingConnectors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the message connectors' stream tests share (this module's test-jar): connecting, polling, collecting rows. */
public final class MessageStreamTesting {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private MessageStreamTesting() {
    }

    /** A connector of source "it" with {@code defaults}, overridden by the {@code keyValues} pairs. */
    public static Connector connect(ConnectorFactory factory, Path workDir, Map<String, String> defaults, String... keyValues) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return TestingConnectors.create(factory, options, "it", workDir);
    }

    /** Polls until at least {@code messages} rows and dead letters arrived (or 20 s passed); only non-empty batches. */
    public static List<StreamBatch> pollUntil(MessageStream stream, int messages, int maxRecords) {
        List<StreamBatch> batches = new ArrayList<>();
        int seen = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (seen < messages && System.nanoTime() < deadline) {
            StreamBatch batch = stream.poll(Duration.ofMillis(200), maxRecords);
            if (!batch.isEmpty()) {
                batches.add(batch);
                seen += batch.rows().rowCount() + batch.deadLetters().size();
            }
        }
        return batches;
    }

    /** The rows of all {@code batches}, in order. */
    public static List<List<Object>> rows(List<StreamBatch> batches) {
        List<List<Object>> rows = new ArrayList<>();
        for (StreamBatch b : batches) {
            for (int r = 0; r < b.rows().rowCount(); r++) {
                rows.add(b.rows().row(r));
            }
        }
        return rows;
    }
}

package io.zhongtai.connector.http;

import io.zhongtai.spi.connector.BatchReader;
import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ReadSpec;
import io.zhongtai.spi.connector.Split;
import io.zhongtai.spi.data.Batch;
import io.zhongtai.spi.data.TableSchema;
import io.zhongtai.testkit.connector.BatchRows;
import io.zhongtai.testkit.connector.TestingConnectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A connector from option pairs, and reading its table as the platform does. */
final class HttpTesting {
    private HttpTesting() {
    }

    static Connector connect(String... keyValues) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        HttpConnectorFactory factory = new HttpConnectorFactory();
        return TestingConnectors.create(factory, options, "api", Path.of(System.getProperty("java.io.tmpdir")));
    }

    static List<List<Object>> readAll(Connector connector) {
        TableSchema schema = connector.describe(connector.listTables("").get(0));
        return read(connector, schema, ReadSpec.all());
    }

    static List<List<Object>> read(Connector connector, TableSchema schema, ReadSpec spec) {
        List<List<Object>> rows = new ArrayList<>();
        for (Split split : connector.planSplits(schema, spec, 4)) {
            try (BatchReader reader = connector.openReader(schema, split, spec)) {
                for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
                    rows.addAll(BatchRows.rows(batch));
                }
            }
        }
        return rows;
    }
}

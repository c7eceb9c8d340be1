package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.data.TableId;
import io.zhongtai.testkit.connector.ConnectorContractTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The connector contract over a local directory: a table of three CSV files and a single-file table. */
class LocalFileContractIT extends ConnectorContractTests {
    @TempDir
    Path data;

    @BeforeEach
    void seed() {
        for (int part = 0; part < 3; part++) {
            StringBuilder csv = new StringBuilder("id,name,amount\n");
            for (int i = 0; i < 10; i++) {
                int id = part * 10 + i;
                csv.append(id).append(",name ").append(id).append(',').append(id).append(".25\n");
            }
            TestFiles.write(data, "orders/part-" + part + ".csv", csv.toString());
        }
        TestFiles.write(data, "customers.csv", "id,name\n1,Ann\n");
    }

    @Override
    protected ConnectorFactory factory() {
        return new FileConnectorFactory();
    }

    @Override
    protected Map<String, String> validOptions() {
        return Map.of("path", data.toString());
    }

    @Override
    protected TableId sampleTable() {
        return new TableId("", "orders");
    }

    @Override
    protected long sampleRows() {
        return 30;
    }
}
